//! Connector wire types against the official spec.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::spec;
use mistral_edge::error::DecodeError;
use mistral_edge::models::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A maximal instance of schema `name`, as `spec::synthesize` makes it, with
/// two differences the connector schemas need:
/// * self-recursive schemas (`LogicalExpression` nests itself through an
///   `anyOf`) are unrolled once, where the shared synthesizer recurses
///   forever;
/// * maps whose keys are an enum (`propertyNames`, the locale maps) get a
///   member named after the enum's first value, not `key`.
///
/// Both are done by inlining every `$ref` first and synthesizing the result.
fn maximal(name: &str) -> Value {
    let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
    let inlined = inline(&reference, &mut Vec::new()).unwrap_or_else(|| panic!("`{name}` only recurses"));
    spec::synthesize_schema(&inlined)
}

/// Inlines `$ref`s; a schema already twice on the path is left out of its
/// `anyOf` (`None` anywhere else means unbounded recursion).
fn inline(schema: &Value, path: &mut Vec<String>) -> Option<Value> {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if path.iter().filter(|p| *p == r).count() >= 2 {
                    return None;
                }
                path.push(r.clone());
                let mut target = inline(spec::resolve(r), path);
                path.pop();
                // Keywords next to `$ref` (`default`, `description`) apply too.
                if let Some(Value::Object(t)) = &mut target {
                    for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                        t.insert(k.clone(), inline(v, path)?);
                    }
                }
                return target;
            }
            let mut out = Map::new();
            for (k, v) in map {
                let v = match (k.as_str(), v) {
                    ("anyOf" | "oneOf", Value::Array(branches)) => {
                        Value::Array(branches.iter().filter_map(|b| inline(b, path)).collect())
                    }
                    _ => inline(v, path)?,
                };
                out.insert(k.clone(), v);
            }
            let first_name =
                out.get("propertyNames").and_then(|n| n.pointer("/enum/0")).and_then(Value::as_str).map(str::to_owned);
            if let (Some(first), Some(extra), None) =
                (first_name, out.get("additionalProperties").cloned(), out.get("properties"))
            {
                out.insert("properties".into(), json!({ first: extra }));
            }
            Some(Value::Object(out))
        }
        Value::Array(items) => items.iter().map(|v| inline(v, path)).collect(),
        other => Some(other.clone()),
    }
}

/// The spec's examples for `name` and a maximal instance are valid, decode as
/// `T`, re-encode unchanged and still validate. Returns the number of cases.
///
/// Open MCP types keep unknown members in `extra`, which would also hide a
/// misnamed field from the round trip; so the maximal instance, which has
/// every member the spec declares, must leave every `extra` empty.
fn roundtrip<T: DeserializeOwned + Serialize + std::fmt::Debug>(name: &str) -> usize {
    let mut cases = spec::examples_for(name);
    cases.push(maximal(name));
    for input in &cases {
        spec::assert_valid(name, input);
        spec::roundtrip_value::<T>(name, input);
    }
    let decoded: T = serde_json::from_value(maximal(name)).expect("decoded above");
    let shown = format!("{decoded:?}");
    assert!(!shown.contains("extra: {\""), "a declared member of `{name}` landed in `extra`: {shown}");
    cases.len()
}

macro_rules! roundtrips {
    ($($test:ident: $ty:ty => $schema:literal;)+) => {
        $( #[test]
        fn $test() {
            assert!(roundtrip::<$ty>($schema) >= 1);
        } )+
    };
}

roundtrips! {
    // The resource and its list page.
    connector: Connector => "Connector";
    paginated_connectors: PaginatedConnectors => "PaginatedConnectors";
    pagination_response: PaginationResponse => "PaginationResponse";
    connectors_query_filters: ConnectorsQueryFilters => "ConnectorsQueryFilters";
    message_response: MessageResponse => "MessageResponse";
    connector_tool: ConnectorTool => "ConnectorTool";
    connector_locale: ConnectorLocale => "ConnectorLocale";
    connector_tool_locale: ConnectorToolLocale => "ConnectorToolLocale";
    connector_protocol: ConnectorProtocol => "ConnectorProtocol";
    connector_supported_language: ConnectorSupportedLanguage => "ConnectorSupportedLanguage";
    consumer_type: ConsumerType => "ConsumerType";
    resource_visibility: ResourceVisibility => "ResourceVisibility";
    public_resource_visibility: PublicResourceVisibility => "PublicResourceVisibility";

    // Requests.
    create_connector_request: CreateConnectorRequest => "CreateConnectorRequest";
    update_connector_request: UpdateConnectorRequest => "UpdateConnectorRequest";
    connector_call_tool_request: ConnectorCallToolRequest => "ConnectorCallToolRequest";

    // Authentication.
    auth_data: AuthData => "AuthData";
    auth_direction: AuthDirection => "AuthDirection";
    auth_status: AuthStatus => "AuthStatus";
    auth_url_response: AuthUrlResponse => "AuthUrlResponse";
    authentication_configuration: AuthenticationConfiguration => "AuthenticationConfiguration";
    authentication_method_request: AuthenticationMethodCreateOrUpdateRequest => "AuthenticationMethodCreateOrUpdateRequest";
    connector_authentication_header: ConnectorAuthenticationHeader => "ConnectorAuthenticationHeader";
    credentials_status: CredentialsStatus => "CredentialsStatus";
    credentials_status_error_reason: CredentialsStatusErrorReason => "CredentialsStatusErrorReason";
    extended_oauth_server_metadata: ExtendedOAuthServerMetadata => "ExtendedOAuthServerMetadata";
    global_header_value: GlobalHeaderValue => "GlobalHeaderValue";
    http_status: HTTPStatus => "HTTPStatus";
    inbound_authentication_type: InboundAuthenticationType => "InboundAuthenticationType";
    inbound_as_method_type: AuthMethodType => "InboundAuthenticationType";
    outbound_authentication_type: OutboundAuthenticationType => "OutboundAuthenticationType";
    outbound_as_method_type: AuthMethodType => "OutboundAuthenticationType";
    oauth_metadata_source: OAuthMetadataSource => "OAuthMetadataSource";
    oauth2_metadata_secrets: Oauth2MetadataSecrets => "Oauth2MetadataSecrets";
    public_authentication_method: PublicAuthenticationMethod => "PublicAuthenticationMethod";

    // Tool configuration and execution.
    connection_preference: ConnectionPreference => "ConnectionPreference";
    tool_execution_configuration: ToolExecutionConfiguration => "ToolExecutionConfiguration";
    logical_expression: LogicalExpression => "LogicalExpression";
    logical_expression_as_rule: ConfirmationRule => "LogicalExpression";
    tool_properties: ToolProperties => "ToolProperties";
    tool_properties_as_rule: ConfirmationRule => "ToolProperties";
    execution_config: ExecutionConfig => "ExecutionConfig";
    execution_tool: ExecutionTool => "ExecutionTool";
    connection_config_type: ConnectionConfigType => "ConnectionConfigType";
    public_connection_config: PublicConnectionConfig => "PublicConnectionConfig";
    public_connector_execution_data: PublicConnectorExecutionData => "PublicConnectorExecutionData";
    public_execution_connection_config: PublicExecutionConnectionConfig => "PublicExecutionConnectionConfig";
    public_execution_connector: PublicExecutionConnector => "PublicExecutionConnector";
    public_execution_env: PublicExecutionEnv => "PublicExecutionEnv";
    tool: ConversationTool => "Tool";
    function: Function => "Function";
    tool_types: ToolTypes => "ToolTypes";

    // MCP tools.
    mcp_tool: MCPTool => "MCPTool";
    mcp_server_card_tool: MCPServerCardTool => "MCPServerCardTool";
    mcp_tool_meta: MCPToolMeta => "MCPToolMeta";
    mcp_ui_tool_meta: MCPUIToolMeta => "MCPUIToolMeta";
    mcp_server_icon: MCPServerIcon => "MCPServerIcon";
    mcp_supported_language: MCPSupportedLanguage => "MCPSupportedLanguage";
    tool_annotations: ToolAnnotations => "ToolAnnotations";
    tool_execution: ToolExecution => "ToolExecution";
    tool_type: ToolType => "ToolType";
    turbine_tool_meta: TurbineToolMeta => "TurbineToolMeta";
    turbine_tool_locale: TurbineToolLocale => "TurbineToolLocale";

    // Tool call results.
    connector_tool_call_response: ConnectorToolCallResponse => "ConnectorToolCallResponse";
    connector_tool_call_metadata: ConnectorToolCallMetadata => "ConnectorToolCallMetadata";
    connector_tool_result_metadata: ConnectorToolResultMetadata => "ConnectorToolResultMetadata";
    text_content: ContentBlock => "TextContent";
    image_content: ContentBlock => "ImageContent";
    audio_content: ContentBlock => "AudioContent";
    resource_link: ContentBlock => "ResourceLink";
    embedded_resource: ContentBlock => "EmbeddedResource";
    text_resource_contents: ResourceContents => "TextResourceContents";
    blob_resource_contents: ResourceContents => "BlobResourceContents";
    annotations: Annotations => "Annotations";

    // The server card and MCP capabilities.
    mcp_server_card: MCPServerCard => "MCPServerCard";
    mcp_server_card_meta: MCPServerCardMeta => "MCPServerCardMeta";
    turbine_meta: TurbineMeta => "TurbineMeta";
    server_locale: ServerLocale => "ServerLocale";
    mcp_server_repository: MCPServerRepository => "MCPServerRepository";
    mcp_server_remote: MCPServerRemote => "MCPServerRemote";
    mcp_server_remote_header: MCPServerRemoteHeader => "MCPServerRemoteHeader";
    mcp_server_authentication_requirement: MCPServerAuthenticationRequirement => "MCPServerAuthenticationRequirement";
    mcp_resource: MCPResource => "MCPResource";
    mcp_prompt: MCPPrompt => "MCPPrompt";
    prompt_argument: PromptArgument => "PromptArgument";
    server_capabilities: ServerCapabilities => "ServerCapabilities";
    client_capabilities: ClientCapabilities => "ClientCapabilities";
    prompts_capability: PromptsCapability => "PromptsCapability";
    resources_capability: ResourcesCapability => "ResourcesCapability";
    tools_capability: ToolsCapability => "ToolsCapability";
    roots_capability: RootsCapability => "RootsCapability";
    logging_capability: LoggingCapability => "LoggingCapability";
    completions_capability: CompletionsCapability => "CompletionsCapability";
    sampling_capability: SamplingCapability => "SamplingCapability";
    sampling_context_capability: SamplingContextCapability => "SamplingContextCapability";
    sampling_tools_capability: SamplingToolsCapability => "SamplingToolsCapability";
    elicitation_capability: ElicitationCapability => "ElicitationCapability";
    form_elicitation_capability: FormElicitationCapability => "FormElicitationCapability";
    url_elicitation_capability: UrlElicitationCapability => "UrlElicitationCapability";
    server_tasks_capability: ServerTasksCapability => "ServerTasksCapability";
    client_tasks_capability: ClientTasksCapability => "ClientTasksCapability";
    server_tasks_requests_capability: ServerTasksRequestsCapability => "ServerTasksRequestsCapability";
    client_tasks_requests_capability: ClientTasksRequestsCapability => "ClientTasksRequestsCapability";
    tasks_tools_capability: TasksToolsCapability => "TasksToolsCapability";
    tasks_sampling_capability: TasksSamplingCapability => "TasksSamplingCapability";
    tasks_elicitation_capability: TasksElicitationCapability => "TasksElicitationCapability";
    tasks_call_capability: TasksCallCapability => "TasksCallCapability";
    tasks_cancel_capability: TasksCancelCapability => "TasksCancelCapability";
    tasks_list_capability: TasksListCapability => "TasksListCapability";
    tasks_create_elicitation_capability: TasksCreateElicitationCapability => "TasksCreateElicitationCapability";
    tasks_create_message_capability: TasksCreateMessageCapability => "TasksCreateMessageCapability";
}

/// The maximal instances above pick one arm of each union; these are the others.
#[test]
fn other_arms_of_unions_roundtrip() {
    spec::roundtrip_value::<ConfirmationRule>(
        "LogicalExpression",
        &json!({
            "type": "or",
            "expressions": [["search", "fetch"], {"read_only": true}, {"type": "and", "expressions": [{"read_only": null}]}]
        }),
    );
    let config = json!({"requires_confirmation": ["delete_file"], "skip_confirmation": {"read_only": true}});
    spec::roundtrip_value::<ToolExecutionConfiguration>("ToolExecutionConfiguration", &config);
    let card = json!({"name": "io.example/files", "version": "1.0.0", "tools": "dynamic", "resources": "dynamic", "prompts": "dynamic"});
    spec::roundtrip_value::<MCPServerCard>("MCPServerCard", &card);
    let blob =
        json!({"type": "resource", "resource": {"uri": "file:///a.png", "blob": "iVBORw0", "mimeType": "image/png"}});
    let block = spec::roundtrip_value::<ContentBlock>("EmbeddedResource", &blob);
    let decoded: ContentBlock = serde_json::from_value(block).unwrap();
    assert!(matches!(decoded, ContentBlock::Resource(EmbeddedResource { resource: ResourceContents::Blob(_), .. })));
}

/// What `GET .../tools` answers: MCP tools, or with `pretty=true` objects
/// that need not be tools; both arms of the spec's `anyOf` decode.
#[test]
fn tool_lists_decode_in_both_forms() {
    let tools = json!([maximal("MCPTool"), {"name": "search", "inputSchema": {"type": "object"}}]);
    let list: ConnectorToolList = serde_json::from_value(tools.clone()).unwrap();
    assert!(matches!(&list, ConnectorToolList::Tools(t) if t.len() == 2));
    assert_eq!(list.names(), vec!["string", "search"]);
    assert_eq!(serde_json::to_value(&list).unwrap(), tools);

    let pretty = json!([{"name": "search", "description": "Find", "annotations": {"readOnlyHint": true}}]);
    let list: ConnectorToolList = serde_json::from_value(pretty.clone()).unwrap();
    assert!(matches!(&list, ConnectorToolList::Objects(o) if o.len() == 1));
    assert_eq!(list.names(), vec!["search"]);
    assert_eq!(serde_json::to_value(&list).unwrap(), pretty);

    let err = serde_json::from_value::<ConnectorToolList>(json!([1, 2])).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}

/// Open MCP objects keep members this SDK does not know; unknown tags and
/// enum values are kept too, so nothing is lost when forwarding.
#[test]
fn unknown_members_and_values_are_kept() {
    let tool = json!({
        "name": "search", "inputSchema": {"type": "object"}, "x-vendor": {"rank": 1},
        "annotations": {"readOnlyHint": true, "x-cost": "low"},
        "_meta": {"ui": {"resourceUri": "ui://search", "visibility": ["model", "widget"]}, "io.example/tag": 7}
    });
    let decoded: MCPTool = serde_json::from_value(tool.clone()).unwrap();
    assert_eq!(decoded.extra["x-vendor"], json!({"rank": 1}));
    let annotations = decoded.annotations.as_ref().unwrap();
    assert_eq!(annotations.read_only_hint, Some(true));
    assert_eq!(annotations.extra["x-cost"], "low");
    let meta = decoded.meta.as_ref().unwrap();
    assert_eq!(meta.extra["io.example/tag"], 7);
    let visibility = meta.ui.as_ref().unwrap().visibility.as_ref().unwrap();
    assert_eq!(visibility, &vec![McpUiVisibility::Model, McpUiVisibility::Other("widget".into())]);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), tool);

    let result = json!({"content": [
        {"type": "text", "text": "one"},
        {"type": "video", "url": "https://v"},
        {"type": "text", "text": "two", "annotations": {"audience": ["user", "robot"], "priority": 0.5}}
    ], "structuredContent": {"n": 2}});
    let decoded: ConnectorToolCallResponse = serde_json::from_value(result.clone()).unwrap();
    assert!(matches!(&decoded.content[1], ContentBlock::Unknown(v) if v["url"] == "https://v"));
    assert_eq!(decoded.content[1].type_name(), "video");
    assert_eq!(decoded.text(), "one\ntwo");
    assert!(!decoded.is_error());
    assert_eq!(decoded.extra["structuredContent"], json!({"n": 2}));
    let ContentBlock::Text(two) = &decoded.content[2] else { panic!("{:?}", decoded.content[2]) };
    assert_eq!(two.annotations.as_ref().unwrap().audience.as_ref().unwrap()[1], Role::Other("robot".into()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), result);

    let connector: Connector = serde_json::from_value(minimal_connector(json!({
        "visibility": "shared_galaxy", "owner_type": "team", "protocol": "grpc",
        "connection_credentials": [{"name": "c", "authentication_type": "passkey", "scope": "user",
            "status": {"status_type": "error", "error_http_code": 599, "error_message": "MCP server on fire"}}]
    })))
    .unwrap();
    assert_eq!(connector.visibility, ResourceVisibility::Other("shared_galaxy".into()));
    assert_eq!(connector.owner_type, ConsumerType::Other("team".into()));
    assert_eq!(connector.protocol, Some(ConnectorProtocol::Other("grpc".into())));
    let status = connector.connection_credentials.as_ref().unwrap()[0].status.as_ref().unwrap();
    assert_eq!(status.error_http_code, Some(HTTPStatus(599)));
    assert_eq!(status.error_message, Some(CredentialsStatusErrorReason::Other("MCP server on fire".into())));
}

fn minimal_connector(extra: Value) -> Value {
    let mut c = json!({
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "files", "description": "Files",
        "created_at": "2025-01-02T03:04:05Z", "modified_at": "2025-01-02T03:04:05Z",
        "owner_type": "user", "visibility": "private", "private_tool_execution": false
    });
    c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    c
}

/// Only the required members: everything else is absent, not defaulted.
#[test]
fn minimal_resources_decode() {
    let c: Connector = serde_json::from_value(minimal_connector(json!({}))).unwrap();
    assert_eq!((c.name.as_str(), c.private_tool_execution), ("files", false));
    assert_eq!((c.tools, c.server_card, c.mistral, c.protocol), (None, None, None, None));
    assert_eq!(serde_json::to_value(&c.visibility).unwrap(), "private");

    let page: PaginatedConnectors =
        serde_json::from_value(json!({"items": [], "pagination": {"page_size": 100}})).unwrap();
    assert_eq!(page.next_cursor(), None);
    let page: PaginatedConnectors =
        serde_json::from_value(json!({"items": [], "pagination": {"page_size": 100, "next_cursor": ""}})).unwrap();
    assert_eq!(page.next_cursor(), None, "an empty cursor ends the listing");

    // A required but nullable member is written back as `null`, keeping the value valid.
    let tool = json!({"id": "t", "name": "n", "description": "d", "execution_config": null,
        "visibility": "private", "created_at": "2025-01-02T03:04:05Z", "modified_at": "2025-01-02T03:04:05Z"});
    let out = spec::roundtrip_value::<ConnectorTool>("ConnectorTool", &tool);
    assert_eq!(out["execution_config"], Value::Null);
    let mut without = tool.clone();
    without.as_object_mut().unwrap().remove("execution_config");
    let decoded: ConnectorTool = serde_json::from_value(without).unwrap();
    spec::assert_valid("ConnectorTool", &serde_json::to_value(decoded).unwrap());
}

/// A malformed known member is an error that names where it is.
#[test]
fn malformed_bodies_name_the_field() {
    let bad = json!({"items": [minimal_connector(json!({})), minimal_connector(json!({"created_at": 5}))],
        "pagination": {"page_size": 100}});
    let err = DecodeError::decode::<PaginatedConnectors>("PaginatedConnectors", &bad.to_string()).unwrap_err();
    assert_eq!(err.path, "items[1].created_at", "{err}");
    assert!(err.to_string().contains("PaginatedConnectors"), "{err}");

    let bad = minimal_connector(json!({"tools": [{"id": "t"}]}));
    let err = DecodeError::decode::<Connector>("Connector", &bad.to_string()).unwrap_err();
    assert_eq!(err.path, "tools[0]", "{err}");
    assert!(err.message.contains("missing field `name`"), "{err}");

    let bad = json!({"content": [{"type": "text", "text": "ok"}, {"type": "image", "data": "x"}]});
    let err =
        DecodeError::decode::<ConnectorToolCallResponse>("ConnectorToolCallResponse", &bad.to_string()).unwrap_err();
    assert!(
        err.path.starts_with("content") && err.message.contains("image") && err.message.contains("mimeType"),
        "{err}"
    );

    let bad = json!({"requires_confirmation": {"type": "and", "expressions": [7]}});
    let err =
        DecodeError::decode::<ToolExecutionConfiguration>("ToolExecutionConfiguration", &bad.to_string()).unwrap_err();
    assert!(err.path.starts_with("requires_confirmation") && err.message.contains("expressions"), "{err}");

    let err = serde_json::from_value::<CreateConnectorRequest>(
        json!({"protocol": "http", "name": "n", "description": "d", "server": "https://s"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("protocol"), "{err}");
}

#[test]
fn requests_build_as_the_spec_wants() {
    let req = CreateConnectorRequest::new("files", "Company files", "https://mcp.example.com/mcp")
        .with_visibility(PublicResourceVisibility::SharedWorkspace)
        .with_header("Authorization", "Bearer mcp-secret-token");
    let body = serde_json::to_value(&req).unwrap();
    assert_eq!(
        body,
        json!({"protocol": "mcp", "name": "files", "description": "Company files",
            "server": "https://mcp.example.com/mcp", "visibility": "shared_workspace",
            "headers": {"Authorization": "Bearer mcp-secret-token"}})
    );
    spec::assert_valid("CreateConnectorRequest", &body);

    let update = UpdateConnectorRequest {
        description: Some("New".into()),
        auth_methods: Some(vec![AuthenticationMethodCreateOrUpdateRequest::new(InboundAuthenticationType::Webhook)]),
        ..Default::default()
    };
    let body = serde_json::to_value(&update).unwrap();
    assert_eq!(body, json!({"description": "New", "auth_methods": [{"method_type": "webhook"}]}));
    spec::assert_valid("UpdateConnectorRequest", &body);
    assert_eq!(AuthMethodType::from(OutboundAuthenticationType::OAuth2), AuthMethodType::OAuth2);

    let mut args = Map::new();
    args.insert("query".into(), json!("quarterly report"));
    let body = serde_json::to_value(ConnectorCallToolRequest::new(args)).unwrap();
    assert_eq!(body, json!({"arguments": {"query": "quarterly report"}}));
    spec::assert_valid("ConnectorCallToolRequest", &body);
}

/// Credentials in requests stay out of logs.
#[test]
fn secrets_are_redacted_from_debug() {
    let mut req = CreateConnectorRequest::new("files", "d", "https://mcp.example.com")
        .with_header("Authorization", "Bearer mcp-secret-token");
    req.auth_data = Some(AuthData { client_id: "client-1".into(), client_secret: Some("oauth-secret".into()) });
    let mut headers = GlobalHeaders::new();
    headers.insert("X-Api-Key".into(), GlobalHeaderValue::secret("global-secret"));
    headers.insert("X-Tenant".into(), GlobalHeaderValue::public("acme"));
    req.global_headers = Some(headers);
    let update = AuthenticationMethodCreateOrUpdateRequest {
        oauth2_metadata_secrets: Some(Oauth2MetadataSecrets {
            client_secret: Some("dcr-secret".into()),
            ..Default::default()
        }),
        ..AuthenticationMethodCreateOrUpdateRequest::new(OutboundAuthenticationType::OAuth2)
    };
    let shown = format!("{req:?} {update:?}");
    for secret in ["mcp-secret-token", "oauth-secret", "global-secret", "dcr-secret"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    for visible in ["Authorization", "client-1", "X-Api-Key", "acme"] {
        assert!(shown.contains(visible), "{visible} missing: {shown}");
    }
    // The wire form keeps them, of course.
    assert!(serde_json::to_string(&req).unwrap().contains("global-secret"));
}

/// The oracle itself: the unrolled maximal instances are rich, and a wrong
/// value is rejected.
#[test]
fn the_oracle_is_meaningful() {
    let connector = maximal("Connector");
    assert!(connector["locale"]["name"].get("en").is_some(), "{connector:#}");
    assert!(connector["server_card"]["capabilities"]["tasks"]["requests"]["tools"]["call"].is_object());
    let expr = maximal("LogicalExpression");
    assert_eq!(expr["expressions"].as_array().unwrap().len(), 3, "{expr:#}");
    assert!(!spec::schema_validator("Connector").is_valid(&json!({"id": "x"})));
    assert!(!spec::schema_validator("ConnectorLocale")
        .is_valid(&json!({"name": {"xx": "a"}, "description": {}, "usage_sentence": {}})));
}
