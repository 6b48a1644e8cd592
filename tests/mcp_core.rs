//! The sans-IO MCP core against the official schemas and examples: every
//! example of a modelled type round-trips, every message the core produces
//! validates in 2025-11-25 and 2026-07-28 (legacy ones also in 2024-11-05 …
//! 2025-06-18), the parser survives arbitrary bytes, and the pending-request
//! table matches, cancels, expires and routes progress as the spec describes.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/mcp_schema.rs"]
mod mcp_schema;

use mcp_schema::{assert_valid, differences, violations, V2025_11_25, V2026_07_28};
use mistral_edge::mcp::error::{McpError, ProtocolError, RequestTimeout};
use mistral_edge::mcp::jsonrpc::{
    ErrorCode, ErrorObject, ErrorResponse, Message, MessageError, Notification, Request, RequestId, Response,
    ResultResponse,
};
use mistral_edge::mcp::pending::{Ignored, PendingError, PendingRequests, ProgressRoute, Resolution};
use mistral_edge::mcp::types::methods::{self, NotificationMethod, RequestMethod};
use mistral_edge::mcp::types::*;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Examples: decode, re-encode, compare, validate.

type Check = fn(&Value) -> Result<Value, String>;

fn decode<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
}

fn encode<T: Serialize>(t: &T) -> Result<Value, String> {
    serde_json::to_value(t).map_err(|e| e.to_string())
}

/// Decodes as `T` and re-encodes.
fn plain<T: DeserializeOwned + Serialize>(v: &Value) -> Result<Value, String> {
    encode(&decode::<T>(v)?)
}

/// Like [`plain`], and the decoded value must pass `check` (the variant of
/// a union the example is for).
fn variant<T: DeserializeOwned + Serialize + std::fmt::Debug>(v: &Value, check: fn(&T) -> bool) -> Result<Value, String> {
    let t = decode::<T>(v)?;
    if !check(&t) {
        return Err(format!("decoded as the wrong variant: {t:?}"));
    }
    encode(&t)
}

fn message(v: &Value) -> Result<Message, String> {
    Message::from_json(v.clone()).map_err(|e| e.to_string())
}

/// A JSON-RPC request for `M`: parsed, its params typed, rebuilt.
fn request<M: RequestMethod>(v: &Value) -> Result<Value, String> {
    let Message::Request(req) = message(v)? else { return Err("not a request".into()) };
    if req.method != M::METHOD {
        return Err(format!("method {} is not {}", req.method, M::METHOD));
    }
    let params = methods::decode_request::<M>(&req).map_err(|e| e.to_string())?;
    Ok(Message::from(methods::request::<M>(req.id, &params).map_err(|e| e.to_string())?).to_json())
}

/// A JSON-RPC result response to `M`: parsed, its result typed, rebuilt.
fn response<M: RequestMethod>(v: &Value) -> Result<Value, String> {
    let Message::Response(Response::Result(res)) = message(v)? else { return Err("not a result".into()) };
    let result = methods::decode_result::<M>(res.result).map_err(|e| e.to_string())?;
    Ok(Message::from(methods::result_response::<M>(res.id, &result).map_err(|e| e.to_string())?).to_json())
}

/// A JSON-RPC notification for `M`: parsed, its params typed, rebuilt.
fn notification<M: NotificationMethod>(v: &Value) -> Result<Value, String> {
    let Message::Notification(n) = message(v)? else { return Err("not a notification".into()) };
    if n.method != M::METHOD {
        return Err(format!("method {} is not {}", n.method, M::METHOD));
    }
    let params = methods::decode_notification::<M>(&n).map_err(|e| e.to_string())?;
    Ok(Message::from(methods::notification::<M>(&params).map_err(|e| e.to_string())?).to_json())
}

/// A JSON-RPC error response with `code`, whose `data` decodes as `D`.
fn error_response<D: DeserializeOwned + Serialize>(v: &Value, code: ErrorCode) -> Result<Value, String> {
    let Message::Response(Response::Error(mut res)) = message(v)? else { return Err("not an error".into()) };
    if res.error.code != code {
        return Err(format!("code {} is not {code}", res.error.code));
    }
    if let Some(data) = &res.error.data {
        res.error.data = Some(encode(&decode::<D>(data)?)?);
    }
    Ok(Message::from(res).to_json())
}

/// A bare error object with `code`.
fn error_object(v: &Value, code: ErrorCode) -> Result<Value, String> {
    let e = decode::<ErrorObject>(v)?;
    if e.code != code {
        return Err(format!("code {} is not {code}", e.code));
    }
    encode(&e)
}

/// Which type each example directory (a 2026-07-28 definition) maps to.
const CASES: &[(&str, Check)] = &[
    ("AudioContent", |v| variant::<ContentBlock>(v, |b| matches!(b, ContentBlock::Audio(_)))),
    ("BlobResourceContents", |v| variant::<ResourceContents>(v, |c| matches!(c, ResourceContents::Blob(_)))),
    ("BooleanSchema", |v| variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::Boolean(_)))),
    ("CallToolRequest", request::<methods::CallTool>),
    ("CallToolRequestParams", plain::<CallToolRequestParams>),
    ("CallToolResult", |v| variant::<ResultOrInput<CallToolResult>>(v, |r| matches!(r, ResultOrInput::Complete(_)))),
    ("CallToolResultResponse", response::<methods::CallTool>),
    ("CancelledNotification", notification::<methods::Cancelled>),
    ("CancelledNotificationParams", plain::<CancelledNotificationParams>),
    ("ClientCapabilities", plain::<ClientCapabilities>),
    ("CompleteRequest", request::<methods::Complete>),
    ("CompleteRequestParams", plain::<CompleteRequestParams>),
    ("CompleteResult", plain::<CompleteResult>),
    ("CompleteResultResponse", response::<methods::Complete>),
    ("CreateMessageRequest", |v| variant::<InputRequest>(v, |r| matches!(r, InputRequest::CreateMessage(_)))),
    ("CreateMessageRequestParams", plain::<CreateMessageRequestParams>),
    ("CreateMessageResult", |v| variant::<InputResponse>(v, |r| matches!(r, InputResponse::CreateMessage(_)))),
    ("DiscoverRequest", request::<methods::Discover>),
    ("DiscoverResult", plain::<DiscoverResult>),
    ("DiscoverResultResponse", response::<methods::Discover>),
    ("ElicitRequest", |v| variant::<InputRequest>(v, |r| matches!(r, InputRequest::Elicit(_)))),
    ("ElicitRequestFormParams", |v| variant::<ElicitRequestParams>(v, |p| matches!(p, ElicitRequestParams::Form(_)))),
    ("ElicitRequestURLParams", |v| variant::<ElicitRequestParams>(v, |p| matches!(p, ElicitRequestParams::Url(_)))),
    ("ElicitResult", |v| variant::<InputResponse>(v, |r| matches!(r, InputResponse::Elicit(_)))),
    ("EmbeddedResource", |v| variant::<ContentBlock>(v, |b| matches!(b, ContentBlock::Resource(_)))),
    ("GetPromptRequest", request::<methods::GetPrompt>),
    ("GetPromptRequestParams", plain::<GetPromptRequestParams>),
    ("GetPromptResult", plain::<GetPromptResult>),
    ("GetPromptResultResponse", response::<methods::GetPrompt>),
    ("HeaderMismatchError", |v| error_response::<Value>(v, ErrorCode::HEADER_MISMATCH)),
    ("ImageContent", |v| variant::<ContentBlock>(v, |b| matches!(b, ContentBlock::Image(_)))),
    ("InputRequests", plain::<InputRequests>),
    ("InputRequiredResult", |v| variant::<ResultOrInput<CallToolResult>>(v, |r| matches!(r, ResultOrInput::InputRequired(_)))),
    ("InputResponses", plain::<InputResponses>),
    ("InternalError", |v| error_object(v, ErrorCode::INTERNAL_ERROR)),
    ("InvalidParamsError", |v| error_object(v, ErrorCode::INVALID_PARAMS)),
    ("ListPromptsRequest", request::<methods::ListPrompts>),
    ("ListPromptsResult", plain::<ListPromptsResult>),
    ("ListPromptsResultResponse", response::<methods::ListPrompts>),
    ("ListResourceTemplatesRequest", request::<methods::ListResourceTemplates>),
    ("ListResourceTemplatesResult", plain::<ListResourceTemplatesResult>),
    ("ListResourceTemplatesResultResponse", response::<methods::ListResourceTemplates>),
    ("ListResourcesRequest", request::<methods::ListResources>),
    ("ListResourcesResult", plain::<ListResourcesResult>),
    ("ListResourcesResultResponse", response::<methods::ListResources>),
    ("ListRootsRequest", |v| variant::<InputRequest>(v, |r| matches!(r, InputRequest::ListRoots(_)))),
    ("ListRootsResult", |v| variant::<InputResponse>(v, |r| matches!(r, InputResponse::ListRoots(_)))),
    ("ListToolsRequest", request::<methods::ListTools>),
    ("ListToolsResult", plain::<ListToolsResult>),
    ("ListToolsResultResponse", response::<methods::ListTools>),
    ("LoggingMessageNotification", notification::<methods::LoggingMessage>),
    ("LoggingMessageNotificationParams", plain::<LoggingMessageNotificationParams>),
    ("MethodNotFoundError", |v| error_object(v, ErrorCode::METHOD_NOT_FOUND)),
    ("MissingRequiredClientCapabilityError", |v| {
        error_response::<MissingRequiredClientCapabilityData>(v, ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY)
    }),
    ("ModelPreferences", plain::<ModelPreferences>),
    ("NumberSchema", |v| variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::Number(_)))),
    ("PaginatedRequestParams", plain::<PaginatedRequestParams>),
    ("ParseError", |v| error_object(v, ErrorCode::PARSE_ERROR)),
    ("ProgressNotification", notification::<methods::Progress>),
    ("ProgressNotificationParams", plain::<ProgressNotificationParams>),
    ("PromptListChangedNotification", notification::<methods::PromptListChanged>),
    ("ReadResourceRequest", request::<methods::ReadResource>),
    ("ReadResourceResult", plain::<ReadResourceResult>),
    ("ReadResourceResultResponse", response::<methods::ReadResource>),
    ("Resource", plain::<Resource>),
    ("ResourceLink", |v| variant::<ContentBlock>(v, |b| matches!(b, ContentBlock::ResourceLink(_)))),
    ("ResourceListChangedNotification", notification::<methods::ResourceListChanged>),
    ("ResourceUpdatedNotification", notification::<methods::ResourceUpdated>),
    ("ResourceUpdatedNotificationParams", plain::<ResourceUpdatedNotificationParams>),
    ("Root", plain::<Root>),
    ("SamplingMessage", plain::<SamplingMessage>),
    ("ServerCapabilities", plain::<ServerCapabilities>),
    ("StringSchema", |v| variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::String(_)))),
    ("SubscriptionsAcknowledgedNotification", notification::<methods::SubscriptionsAcknowledged>),
    ("SubscriptionsListenRequest", request::<methods::SubscriptionsListen>),
    ("SubscriptionsListenResult", plain::<SubscriptionsListenResult>),
    ("SubscriptionsListenResultResponse", response::<methods::SubscriptionsListen>),
    ("TextContent", |v| variant::<ContentBlock>(v, |b| matches!(b, ContentBlock::Text(_)))),
    ("TextResourceContents", |v| variant::<ResourceContents>(v, |c| matches!(c, ResourceContents::Text(_)))),
    ("TitledMultiSelectEnumSchema", |v| {
        variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::TitledMultiSelect(_)))
    }),
    ("TitledSingleSelectEnumSchema", |v| {
        variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::TitledSingleSelect(_)))
    }),
    ("Tool", plain::<Tool>),
    ("ToolListChangedNotification", notification::<methods::ToolListChanged>),
    ("ToolResultContent", |v| variant::<SamplingMessageContentBlock>(v, |b| matches!(b, SamplingMessageContentBlock::ToolResult(_)))),
    ("ToolUseContent", |v| variant::<SamplingMessageContentBlock>(v, |b| matches!(b, SamplingMessageContentBlock::ToolUse(_)))),
    ("UnsupportedProtocolVersionError", |v| {
        error_response::<UnsupportedProtocolVersionData>(v, ErrorCode::UNSUPPORTED_PROTOCOL_VERSION)
    }),
    ("UntitledMultiSelectEnumSchema", |v| {
        variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::UntitledMultiSelect(_)))
    }),
    ("UntitledSingleSelectEnumSchema", |v| {
        variant::<PrimitiveSchemaDefinition>(v, |s| matches!(s, PrimitiveSchemaDefinition::UntitledSingleSelect(_)))
    }),
];

/// Example directories deliberately left unmodelled, with the reason.
/// (Empty: every directory of 2026-07-28 maps to a type.)
const NOT_MODELLED: &[(&str, &str)] = &[];

#[test]
fn every_example_directory_is_mapped_or_listed_as_not_modelled() {
    let dirs: Vec<String> = mcp_schema::examples().into_iter().map(|(name, _)| name).collect();
    let unmapped: Vec<&String> = dirs
        .iter()
        .filter(|d| !CASES.iter().any(|(c, _)| c == d) && !NOT_MODELLED.iter().any(|(n, _)| n == d))
        .collect();
    assert!(unmapped.is_empty(), "example directories without a mapping: {unmapped:?}");
    let stale: Vec<&str> = CASES.iter().map(|(c, _)| *c).filter(|c| !dirs.iter().any(|d| d == c)).collect();
    assert!(stale.is_empty(), "mappings without an example directory: {stale:?}");
    assert_eq!(dirs.len(), 88, "the example set changed; review the mapping");
}

#[test]
fn every_modelled_example_roundtrips_and_validates() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (dir, files) in mcp_schema::examples() {
        let Some((_, check)) = CASES.iter().find(|(c, _)| *c == dir) else { continue };
        for (file, input) in files {
            // The examples themselves must be valid, or the oracle proves nothing.
            let before = violations(V2026_07_28, &dir, &input);
            if !before.is_empty() {
                failures.push(format!("{dir}/{file}: the example itself is invalid:\n{}", before.join("\n")));
                continue;
            }
            match check(&input) {
                Err(e) => failures.push(format!("{dir}/{file}: {e}")),
                Ok(output) => {
                    let diffs = differences(&input, &output);
                    if !diffs.is_empty() {
                        failures.push(format!("{dir}/{file}: round trip changed it:\n{}", diffs.join("\n")));
                    }
                    let after = violations(V2026_07_28, &dir, &output);
                    if !after.is_empty() {
                        failures.push(format!("{dir}/{file}: re-encoded value is invalid:\n{}", after.join("\n")));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{} of {checked} examples failed:\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= 129, "only {checked} example files were checked");
}

#[test]
fn unknown_members_survive_a_round_trip() {
    let tool = json!({
        "name": "t", "inputSchema": { "type": "object" },
        "execution": { "taskSupport": "optional" }, "x-vendor": [1, 2],
        "annotations": { "readOnlyHint": true, "x-hint": "h" }
    });
    let out = plain::<Tool>(&tool).unwrap();
    assert_eq!(out, tool);
    let decoded: Tool = serde_json::from_value(tool).unwrap();
    assert_eq!(decoded.extra["x-vendor"], json!([1, 2]));
    assert_eq!(decoded.annotations.unwrap().extra["x-hint"], json!("h"));
}

/// A `{ method, params }` request as the schemas before 2025-11-25 define
/// it (no `jsonrpc`, no `id`): its params typed, rebuilt.
fn bare_request<M: RequestMethod>(v: &Value) -> Result<Value, String> {
    if v["method"] != M::METHOD {
        return Err(format!("method {} is not {}", v["method"], M::METHOD));
    }
    Ok(json!({ "method": M::METHOD, "params": encode(&decode::<M::Params>(&v["params"])?)? }))
}

/// Like [`bare_request`], for a notification.
fn bare_notification<M: NotificationMethod>(v: &Value) -> Result<Value, String> {
    if v["method"] != M::METHOD {
        return Err(format!("method {} is not {}", v["method"], M::METHOD));
    }
    Ok(json!({ "method": M::METHOD, "params": encode(&decode::<M::Params>(&v["params"])?)? }))
}

/// What servers of the earlier revisions send, in their own shapes (taken
/// from those revisions' spec pages): valid in their own schema, read by the
/// same types, re-encoded unchanged.
#[test]
fn shapes_of_earlier_revisions_round_trip() {
    let cases: Vec<(&str, &str, Value, Check)> = vec![
        ("2024-11-05", "InitializeResult", json!({
            "protocolVersion": "2024-11-05",
            "capabilities": { "logging": {}, "prompts": { "listChanged": true }, "resources": { "subscribe": true, "listChanged": true }, "tools": { "listChanged": true } },
            "serverInfo": { "name": "ExampleServer", "version": "1.0.0" }
        }), plain::<InitializeResult>),
        ("2024-11-05", "ListToolsResult", json!({
            "tools": [{ "name": "get_weather", "description": "Get current weather information for a location",
                        "inputSchema": { "type": "object", "properties": { "location": { "type": "string" } }, "required": ["location"] } }],
            "nextCursor": "next-page-cursor"
        }), plain::<ListToolsResult>),
        ("2024-11-05", "CallToolResult", json!({
            "content": [
                { "type": "text", "text": "t" },
                { "type": "image", "data": "AA==", "mimeType": "image/png" },
                { "type": "resource", "resource": { "uri": "file:///x.bin", "mimeType": "application/octet-stream", "blob": "AA==" } }
            ],
            "isError": false
        }), |v| variant::<ResultOrInput<CallToolResult>>(v, |r| matches!(r, ResultOrInput::Complete(_)))),
        ("2024-11-05", "ProgressNotification", json!({
            "method": "notifications/progress", "params": { "progressToken": "abc123", "progress": 50, "total": 100 }
        }), bare_notification::<methods::Progress>),
        ("2024-11-05", "CreateMessageRequest", json!({
            "method": "sampling/createMessage",
            "params": { "messages": [{ "role": "user", "content": { "type": "text", "text": "What is the capital of France?" } }],
                        "modelPreferences": { "hints": [{ "name": "claude-3-sonnet" }], "intelligencePriority": 0.8, "speedPriority": 0.5 },
                        "systemPrompt": "You are a helpful assistant.", "includeContext": "thisServer", "maxTokens": 100 }
        }), bare_request::<methods::CreateMessage>),
        ("2024-11-05", "ListRootsResult", json!({
            "roots": [{ "uri": "file:///home/user/projects/myproject", "name": "My Project" }]
        }), plain::<ListRootsResult>),
        ("2025-03-26", "CallToolResult", json!({
            "content": [{ "type": "audio", "data": "UklGRg==", "mimeType": "audio/wav", "annotations": { "audience": ["user"], "priority": 1 } }]
        }), plain::<CallToolResult>),
        ("2025-03-26", "ListToolsResult", json!({
            "tools": [{ "name": "delete_file", "inputSchema": { "type": "object" },
                        "annotations": { "title": "Delete", "readOnlyHint": false, "destructiveHint": true, "idempotentHint": true, "openWorldHint": false } }]
        }), plain::<ListToolsResult>),
        ("2025-06-18", "ElicitRequest", json!({
            "method": "elicitation/create",
            "params": { "message": "Please provide your GitHub username",
                        "requestedSchema": { "type": "object", "properties": { "name": { "type": "string" },
                            "plan": { "type": "string", "enum": ["free", "pro"], "enumNames": ["Free", "Pro"] } }, "required": ["name"] } }
        }), |v| variant::<InputRequest>(v, |r| matches!(r, InputRequest::Elicit(e) if matches!(&e.params, ElicitRequestParams::Form(f)
            if f.mode.is_none() && matches!(f.requested_schema.properties["plan"], PrimitiveSchemaDefinition::LegacyTitledEnum(_)))))),
        ("2025-06-18", "CallToolResult", json!({
            "content": [{ "type": "resource_link", "uri": "file:///project/src/main.rs", "name": "main.rs", "mimeType": "text/x-rust" }],
            "structuredContent": { "temperature": 22.5 }
        }), plain::<CallToolResult>),
        ("2025-06-18", "ElicitResult", json!({
            "action": "accept", "content": { "name": "octocat", "age": 30 }
        }), |v| variant::<InputResponse>(v, |r| matches!(r, InputResponse::Elicit(_)))),
    ];
    for (version, name, input, check) in cases {
        assert_valid(version, name, &input);
        let output = check(&input).unwrap_or_else(|e| panic!("{version} {name}: {e}"));
        let diffs = differences(&input, &output);
        assert!(diffs.is_empty(), "{version} {name}: round trip changed it:\n{}", diffs.join("\n"));
        assert_valid(version, name, &output);
    }
    // The draft-07 validators bite too: audio content did not exist in 2024-11-05.
    let audio = json!({ "content": [{ "type": "audio", "data": "UklGRg==", "mimeType": "audio/wav" }] });
    assert!(!violations("2024-11-05", "CallToolResult", &audio).is_empty());
}

/// The handshake and the plain calls a legacy session makes validate in
/// every earlier revision's schema.
#[test]
fn legacy_requests_validate_in_every_earlier_revision() {
    for version in ["2024-11-05", "2025-03-26", "2025-06-18"] {
        let initialize = InitializeRequestParams {
            protocol_version: version.into(),
            capabilities: ClientCapabilities { roots: Some(RootsCapability { list_changed: Some(true), ..Default::default() }), sampling: Some(Default::default()), ..Default::default() },
            client_info: client_info(),
            meta: None,
            extra: Default::default(),
        };
        let meta = RequestMeta { progress_token: Some(ProgressToken::from("p-1")), ..Default::default() };
        let call = CallToolRequestParams { name: "echo".into(), arguments: Some(json!({ "message": "hi" }).as_object().unwrap().clone()), meta: Some(meta), ..Default::default() };
        for (name, message) in [
            ("InitializeRequest", req::<methods::Initialize>(1, &initialize)),
            ("PingRequest", req::<methods::Ping>(2, &RequestParams::default())),
            ("ListToolsRequest", req::<methods::ListTools>(3, &PaginatedRequestParams { cursor: Some("c".into()), ..Default::default() })),
            ("CallToolRequest", req::<methods::CallTool>(4, &call)),
            ("JSONRPCRequest", req::<methods::CallTool>(4, &call)),
            ("InitializedNotification", note::<methods::Initialized>(&NotificationParams::default())),
            ("CancelledNotification", Message::from(CancelledNotificationParams::notification(&4.into(), Some("stop"))).to_json()),
        ] {
            assert_valid(version, name, &message);
        }
    }
}

// ---------------------------------------------------------------------------
// Open unions: unknown kinds are kept, malformed known kinds are errors.

#[test]
fn content_block_of_unknown_type_is_kept_verbatim() {
    let raw = json!({ "type": "hologram", "frames": [1, 2, 3] });
    let block: ContentBlock = serde_json::from_value(raw.clone()).unwrap();
    assert!(matches!(&block, ContentBlock::Unknown(v) if *v == raw));
    assert_eq!(block.type_name(), "hologram");
    assert_eq!(serde_json::to_value(&block).unwrap(), raw);
}

#[test]
fn content_block_of_known_type_that_is_malformed_is_an_error_naming_it() {
    let err = serde_json::from_value::<ContentBlock>(json!({ "type": "image", "data": "AA==" })).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("ContentBlock `image`") && text.contains("mimeType"), "{text}");
    let err = serde_json::from_value::<ContentBlock>(json!({ "text": "no type" })).unwrap_err();
    assert!(err.to_string().contains("has no `type`"), "{err}");
}

#[test]
fn a_tool_result_keeps_its_known_blocks_next_to_an_unknown_one() {
    let result: CallToolResult = serde_json::from_value(json!({
        "content": [{ "type": "text", "text": "hi" }, { "type": "future", "x": 1 }],
        "structuredContent": null
    }))
    .unwrap();
    assert_eq!(result.content[0].as_text(), Some("hi"));
    assert_eq!(result.content[1].type_name(), "future");
    // `null` is a value the server sent, not an absent member.
    assert_eq!(result.structured_content, Some(Value::Null));
    assert!(!result.failed());
}

#[test]
fn legacy_results_without_result_type_are_complete() {
    let r: ResultOrInput<CallToolResult> =
        serde_json::from_value(json!({ "content": [], "isError": true })).unwrap();
    assert!(matches!(r, ResultOrInput::Complete(ref c) if c.failed()));
    let r: ResultOrInput<CallToolResult> =
        serde_json::from_value(json!({ "resultType": "input_required", "requestState": "s" })).unwrap();
    assert!(matches!(r, ResultOrInput::InputRequired(ref i) if i.request_state.as_deref() == Some("s")));
}

#[test]
fn elicitation_modes() {
    let form: ElicitRequestParams = serde_json::from_value(json!({
        "message": "m", "requestedSchema": { "type": "object", "properties": {} }
    }))
    .unwrap();
    assert!(matches!(form, ElicitRequestParams::Form(ref f) if f.mode.is_none()));
    let other = json!({ "mode": "telepathy", "message": "m" });
    let unknown: ElicitRequestParams = serde_json::from_value(other.clone()).unwrap();
    assert!(matches!(unknown, ElicitRequestParams::Unknown(ref v) if *v == other));
    assert!(serde_json::from_value::<ElicitRequestParams>(json!({ "mode": "url", "message": "m" })).is_err());
    assert!(serde_json::from_value::<ElicitRequestParams>(json!({ "mode": 3, "message": "m" })).is_err());
}

#[test]
fn input_requests_of_unknown_methods_are_kept() {
    let raw = json!({ "method": "telemetry/consent", "params": {} });
    let r: InputRequest = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(r.method(), "telemetry/consent");
    assert_eq!(serde_json::to_value(&r).unwrap(), raw);
}

#[test]
fn open_string_enums_keep_unknown_values() {
    let level: LoggingLevel = serde_json::from_value(json!("trace")).unwrap();
    assert_eq!(level, LoggingLevel::Other("trace".into()));
    assert_eq!(serde_json::to_value(&level).unwrap(), json!("trace"));
    assert_eq!(LoggingLevel::from("warning"), LoggingLevel::Warning);
}

// ---------------------------------------------------------------------------
// What the core produces validates in both revisions.

fn client_info() -> Implementation {
    Implementation::new("mistral-edge", "0.1.0")
}

fn stateless_meta() -> RequestMeta {
    let capabilities = ClientCapabilities {
        elicitation: Some(ElicitationCapability { form: Some(Default::default()), url: Some(Default::default()), ..Default::default() }),
        sampling: Some(SamplingCapability::default()),
        roots: Some(RootsCapability::default()),
        ..Default::default()
    };
    RequestMeta::stateless(LATEST_PROTOCOL_VERSION, capabilities, Some(client_info()))
}

fn req<M: RequestMethod>(id: i64, params: &M::Params) -> Value {
    Message::from(methods::request::<M>(RequestId::Number(id), params).unwrap()).to_json()
}

fn note<M: NotificationMethod>(params: &M::Params) -> Value {
    Message::from(methods::notification::<M>(params).unwrap()).to_json()
}

fn res<M: RequestMethod>(id: &str, result: &M::Result) -> Value {
    Message::from(methods::result_response::<M>(RequestId::from(id), result).unwrap()).to_json()
}

fn paginated(cursor: Option<&str>) -> PaginatedRequestParams {
    PaginatedRequestParams { meta: Some(stateless_meta()), cursor: cursor.map(str::to_owned), ..Default::default() }
}

fn answered_elicitation() -> ElicitResult {
    let mut answer = ElicitResult::new(ElicitAction::Accept);
    answer.content = Some(json!({ "name": "octocat", "age": 30, "subscribe": true, "tags": ["a"] }).as_object().unwrap().clone());
    answer
}

fn sampled() -> CreateMessageResult {
    CreateMessageResult {
        role: Role::Assistant,
        content: SamplingMessageContentBlock::from(TextContent::new("Paris")).into(),
        model: "mistral-medium-latest".into(),
        stop_reason: Some("endTurn".into()),
        meta: None,
        extra: Default::default(),
    }
}

fn roots() -> ListRootsResult {
    ListRootsResult {
        roots: vec![Root { uri: "file:///home/user/project".into(), name: Some("project".into()), ..Default::default() }],
        ..Default::default()
    }
}

/// Messages the 2026-07-28 client sends, valid as the named definition in
/// both revisions (2025-11-25 lets `_meta` and params carry extra members).
fn stateless_requests() -> Vec<(&'static str, Value)> {
    let mut progress_meta = stateless_meta();
    progress_meta.progress_token = Some(ProgressToken::Number(7));
    let call = CallToolRequestParams {
        name: "get_weather".into(),
        arguments: Some(json!({ "location": "Paris" }).as_object().unwrap().clone()),
        meta: Some(progress_meta),
        ..Default::default()
    };
    let mut responses = InputResponses::new();
    responses.insert("login".into(), InputResponse::Elicit(answered_elicitation()));
    responses.insert("capital".into(), InputResponse::CreateMessage(sampled()));
    responses.insert("roots".into(), InputResponse::ListRoots(roots()));
    let retry = CallToolRequestParams {
        input_responses: Some(responses),
        request_state: Some("eyJzdGVwIjoyfQ".into()),
        meta: Some(stateless_meta()),
        ..call.clone()
    };
    let read = ReadResourceRequestParams { uri: "file:///a.txt".into(), meta: Some(stateless_meta()), ..Default::default() };
    let prompt = GetPromptRequestParams {
        name: "code_review".into(),
        arguments: Some([("code".to_owned(), "fn main() {}".to_owned())].into()),
        meta: Some(stateless_meta()),
        ..Default::default()
    };
    let complete = CompleteRequestParams {
        reference: CompletionReference::Prompt(PromptReference { name: "code_review".into(), ..Default::default() }),
        argument: CompletionArgument { name: "language".into(), value: "py".into(), ..Default::default() },
        context: Some(CompletionContext { arguments: Some([("framework".to_owned(), "flask".to_owned())].into()), ..Default::default() }),
        meta: Some(stateless_meta()),
        extra: Default::default(),
    };
    let template_ref = CompleteRequestParams {
        reference: CompletionReference::ResourceTemplate(ResourceTemplateReference { uri: "file:///{path}".into(), ..Default::default() }),
        ..complete.clone()
    };
    vec![
        ("CallToolRequest", req::<methods::CallTool>(1, &call)),
        ("CallToolRequest", req::<methods::CallTool>(2, &retry)),
        ("ListToolsRequest", req::<methods::ListTools>(3, &paginated(None))),
        ("ListToolsRequest", req::<methods::ListTools>(4, &paginated(Some("next")))),
        ("ListResourcesRequest", req::<methods::ListResources>(5, &paginated(Some("c")))),
        ("ListResourceTemplatesRequest", req::<methods::ListResourceTemplates>(6, &paginated(None))),
        ("ListPromptsRequest", req::<methods::ListPrompts>(7, &paginated(None))),
        ("ReadResourceRequest", req::<methods::ReadResource>(8, &read)),
        ("GetPromptRequest", req::<methods::GetPrompt>(9, &prompt)),
        ("CompleteRequest", req::<methods::Complete>(10, &complete)),
        ("CompleteRequest", req::<methods::Complete>(11, &template_ref)),
    ]
}

#[test]
fn stateless_requests_validate_in_both_revisions() {
    for (name, message) in stateless_requests() {
        assert_valid(V2026_07_28, name, &message);
        assert_valid(V2025_11_25, name, &message);
    }
}

#[test]
fn requests_of_one_revision_validate_there_and_as_json_rpc_in_the_other() {
    let discover = RequestParams { meta: Some(stateless_meta()), ..Default::default() };
    let listen = SubscriptionsListenRequestParams {
        notifications: SubscriptionFilter {
            tools_list_changed: Some(true),
            resource_subscriptions: Some(vec!["file:///project/config.json".into()]),
            ..Default::default()
        },
        meta: Some(stateless_meta()),
        ..Default::default()
    };
    for (name, message) in [
        ("DiscoverRequest", req::<methods::Discover>(1, &discover)),
        ("SubscriptionsListenRequest", req::<methods::SubscriptionsListen>(2, &listen)),
    ] {
        assert_valid(V2026_07_28, name, &message);
        assert_valid(V2025_11_25, "JSONRPCRequest", &message);
    }

    let initialize = InitializeRequestParams {
        protocol_version: "2025-11-25".into(),
        capabilities: ClientCapabilities { roots: Some(RootsCapability { list_changed: Some(true), ..Default::default() }), ..Default::default() },
        client_info: client_info(),
        meta: None,
        extra: Default::default(),
    };
    let subscribe = SubscribeRequestParams { uri: "file:///a.txt".into(), ..Default::default() };
    let set_level = SetLevelRequestParams { level: LoggingLevel::Warning, meta: None, extra: Default::default() };
    let legacy_call = CallToolRequestParams { name: "echo".into(), arguments: Some(Default::default()), ..Default::default() };
    for (name, message) in [
        ("InitializeRequest", req::<methods::Initialize>(1, &initialize)),
        ("PingRequest", req::<methods::Ping>(2, &RequestParams::default())),
        ("SubscribeRequest", req::<methods::Subscribe>(3, &subscribe)),
        ("UnsubscribeRequest", req::<methods::Unsubscribe>(4, &subscribe)),
        ("SetLevelRequest", req::<methods::SetLevel>(5, &set_level)),
        ("ListToolsRequest", req::<methods::ListTools>(6, &PaginatedRequestParams::default())),
        ("CallToolRequest", req::<methods::CallTool>(7, &legacy_call)),
    ] {
        assert_valid(V2025_11_25, name, &message);
        assert_valid(V2026_07_28, "JSONRPCRequest", &message);
    }
    // Without `_meta` a request is not a 2026-07-28 one: the oracle can fail.
    assert!(!violations(V2026_07_28, "CallToolRequest", &req::<methods::CallTool>(8, &legacy_call)).is_empty());
}

#[test]
fn notifications_validate() {
    let mut table = PendingRequests::new();
    let started = table.start("tools/call", 0, 1_000, false);
    let cancel = table.cancel(&started.id, Some("user pressed stop")).unwrap();
    let cancelled = Message::from(cancel.notification.unwrap()).to_json();
    let started = table.start("tools/call", 0, 1_000, false);
    let expired = table.expire(1_000).pop().unwrap();
    let timed_out = Message::from(expired.notification.unwrap()).to_json();
    for message in [&cancelled, &timed_out] {
        assert_valid(V2026_07_28, "CancelledNotification", message);
        assert_valid(V2025_11_25, "CancelledNotification", message);
    }
    assert_eq!(timed_out["params"]["requestId"], json!(2));
    assert_eq!(expired.id, started.id);

    let typed = CancelledNotificationParams { request_id: Some("abc".into()), reason: None, ..Default::default() };
    let message = note::<methods::Cancelled>(&typed);
    assert_valid(V2026_07_28, "CancelledNotification", &message);
    assert_valid(V2025_11_25, "CancelledNotification", &message);

    for (name, message) in [
        ("InitializedNotification", note::<methods::Initialized>(&NotificationParams::default())),
        ("RootsListChangedNotification", note::<methods::RootsListChanged>(&NotificationParams::default())),
    ] {
        assert_valid(V2025_11_25, name, &message);
        assert_valid(V2026_07_28, "JSONRPCNotification", &message);
    }
}

#[test]
fn client_answers_validate_in_both_revisions() {
    // As the results of server requests (up to 2025-11-25) ...
    for (name, message) in [
        ("JSONRPCResultResponse", res::<methods::Elicit>("e1", &answered_elicitation())),
        ("JSONRPCResultResponse", res::<methods::CreateMessage>("s1", &sampled())),
        ("JSONRPCResultResponse", res::<methods::ListRoots>("r1", &roots())),
        ("JSONRPCResultResponse", res::<methods::Ping>("p1", &EmptyResult::default())),
    ] {
        assert_valid(V2025_11_25, name, &message);
        assert_valid(V2025_11_25, "ClientResult", &message["result"]);
    }
    // ... and as input responses (2026-07-28): the same objects.
    for (name, value) in [
        ("ElicitResult", serde_json::to_value(answered_elicitation()).unwrap()),
        ("ElicitResult", serde_json::to_value(ElicitResult::new(ElicitAction::Decline)).unwrap()),
        ("CreateMessageResult", serde_json::to_value(sampled()).unwrap()),
        ("ListRootsResult", serde_json::to_value(roots()).unwrap()),
    ] {
        assert_valid(V2026_07_28, name, &value);
        assert_valid(V2025_11_25, name, &value);
    }
    let mut responses = InputResponses::new();
    responses.insert("a".into(), InputResponse::Elicit(answered_elicitation()));
    responses.insert("b".into(), InputResponse::CreateMessage(sampled()));
    assert_valid(V2026_07_28, "InputResponses", &serde_json::to_value(&responses).unwrap());

    // A server request the client cannot serve is answered with -32601.
    let refusal = Message::from(ErrorResponse {
        id: Some("srv-1".into()),
        error: ErrorObject::new(ErrorCode::METHOD_NOT_FOUND, "tasks/get is not supported"),
    })
    .to_json();
    assert_valid(V2025_11_25, "JSONRPCErrorResponse", &refusal);
    assert_valid(V2026_07_28, "JSONRPCErrorResponse", &refusal);
    assert_valid(V2026_07_28, "MethodNotFoundError", &refusal["error"]);
}

// ---------------------------------------------------------------------------
// The message parser.

fn parse_err(text: &str) -> MessageError {
    Message::parse(text.as_bytes()).expect_err(text)
}

#[test]
fn parser_classifies_the_four_messages() {
    let m = Message::parse(br#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#).unwrap();
    assert_eq!(m, Message::Request(Request { id: 1.into(), method: "tools/list".into(), params: None }));
    let m = Message::parse(br#"{"jsonrpc":"2.0","method":"notifications/initialized","params":{}}"#).unwrap();
    assert_eq!(m, Message::Notification(Notification { method: "notifications/initialized".into(), params: Some(Default::default()) }));
    let m = Message::parse(br#"{"jsonrpc":"2.0","id":"a","result":{}}"#).unwrap();
    assert_eq!(m, ResultResponse { id: "a".into(), result: Default::default() }.into());
    let m = Message::parse(br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":null}}"#).unwrap();
    let Message::Response(Response::Error(e)) = m else { panic!("not an error") };
    assert_eq!((e.id, e.error.code, e.error.data), (None, ErrorCode::PARSE_ERROR, Some(Value::Null)));
    // An integral float id is the integer (JSON does not tell them apart).
    let m = Message::parse(br#"{"jsonrpc":"2.0","id":3.0,"result":{}}"#).unwrap();
    assert_eq!(m, ResultResponse { id: 3.into(), result: Default::default() }.into());
}

#[test]
fn parser_rejects_what_is_not_an_mcp_message_with_typed_errors() {
    assert!(matches!(parse_err("garbage"), MessageError::NotJson { line: 1, column: 1, .. }));
    assert!(matches!(parse_err("{\"jsonrpc\":\"2.0\""), MessageError::NotJson { .. }));
    assert_eq!(parse_err("[]"), MessageError::Batch);
    assert_eq!(parse_err(r#"[{"jsonrpc":"2.0","method":"ping","id":1}]"#), MessageError::Batch);
    assert_eq!(parse_err("42"), MessageError::NotAnObject { found: "number" });
    assert_eq!(parse_err(r#"{"id":1,"result":{}}"#), MessageError::WrongVersion { found: None });
    assert_eq!(parse_err(r#"{"jsonrpc":"1.0","id":1,"result":{}}"#), MessageError::WrongVersion { found: Some("\"1.0\"".into()) });
    assert_eq!(parse_err(r#"{"jsonrpc":2,"id":1,"result":{}}"#), MessageError::WrongVersion { found: Some("2".into()) });
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","result":{}}"#), MessageError::MissingId);
    let bad_id = MessageError::InvalidField { field: "id", expected: "a string or an integer" };
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":null,"result":{}}"#), bad_id);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#), bad_id);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1.5,"result":{}}"#), bad_id);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#), bad_id);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":18446744073709551615,"result":{}}"#), bad_id);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"method":7}"#), MessageError::InvalidField { field: "method", expected: "a string" });
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"method":"m","params":[1]}"#), MessageError::InvalidField { field: "params", expected: "an object" });
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"result":"ok"}"#), MessageError::InvalidField { field: "result", expected: "an object" });
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"error":"bad"}"#), MessageError::InvalidField { field: "error", expected: "an object" });
    let bad_code = MessageError::InvalidField { field: "error.code", expected: "an integer" };
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"error":{"message":"m"}}"#), bad_code);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"error":{"code":99999999999,"message":"m"}}"#), bad_code);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":5}}"#), MessageError::InvalidField { field: "error.message", expected: "a string" });
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1}}"#), MessageError::Ambiguous);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1,"method":"m","result":{}}"#), MessageError::Ambiguous);
    assert_eq!(parse_err(r#"{"jsonrpc":"2.0","id":1}"#), MessageError::Unclassifiable);
    assert_eq!(Message::parse(b"\xff{}").unwrap_err(), MessageError::NotUtf8 { valid_up_to: 0 });
    let big = format!(r#"{{"jsonrpc":"2.0","method":"m","params":{{"x":"{}"}}}}"#, "a".repeat(100));
    assert_eq!(Message::parse_limited(big.as_bytes(), 64).unwrap_err(), MessageError::TooLarge { size: big.len(), limit: 64 });
    assert!(Message::parse_limited(big.as_bytes(), big.len()).is_ok());
    // Deep nesting is refused by the JSON parser, not by a stack overflow.
    let deep = format!(r#"{{"jsonrpc":"2.0","method":"m","params":{{"x":{}1{}}}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(Message::parse(deep.as_bytes()), Err(MessageError::NotJson { .. })));
}

#[test]
fn parse_errors_carry_the_code_to_answer_with_and_stay_short() {
    assert_eq!(parse_err("{").code(), ErrorCode::PARSE_ERROR);
    assert_eq!(parse_err("[]").code(), ErrorCode::INVALID_REQUEST);
    let huge = format!(r#"{{"jsonrpc":"{}","id":1,"result":{{}}}}"#, "x".repeat(1_000_000));
    let e = parse_err(&huge);
    assert!(e.to_string().len() < 120, "{e}");
    let mcp: McpError = e.into();
    assert!(matches!(mcp, McpError::Protocol(ProtocolError::Message(_))));
    assert!(std::error::Error::source(&mcp).is_some());
}

#[test]
fn error_responses_without_a_message_still_surface_their_code() {
    let m = Message::parse(br#"{"jsonrpc":"2.0","id":4,"error":{"code":-32002}}"#).unwrap();
    let Message::Response(Response::Error(e)) = m else { panic!("not an error") };
    assert_eq!(e.error.code, ErrorCode::RESOURCE_NOT_FOUND);
    let err = McpError::Rpc(e.error);
    assert_eq!(err.code(), Some(ErrorCode::RESOURCE_NOT_FOUND));
    assert_eq!(err.to_string(), "MCP server error -32002 (resource not found)");
}

#[test]
fn error_codes_are_the_specs() {
    let codes = [
        (ErrorCode::PARSE_ERROR, -32700),
        (ErrorCode::INVALID_REQUEST, -32600),
        (ErrorCode::METHOD_NOT_FOUND, -32601),
        (ErrorCode::INVALID_PARAMS, -32602),
        (ErrorCode::INTERNAL_ERROR, -32603),
        (ErrorCode::RESOURCE_NOT_FOUND, -32002),
        (ErrorCode::URL_ELICITATION_REQUIRED, -32042),
        (ErrorCode::HEADER_MISMATCH, -32020),
        (ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY, -32021),
        (ErrorCode::UNSUPPORTED_PROTOCOL_VERSION, -32022),
    ];
    for (code, n) in codes {
        assert_eq!(code.0, n);
        assert!(code.name().is_some());
    }
    // The 2026-07-28 codes as the schema pins them.
    for (name, code) in [
        ("HeaderMismatchError", ErrorCode::HEADER_MISMATCH),
        ("MissingRequiredClientCapabilityError", ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY),
        ("UnsupportedProtocolVersionError", ErrorCode::UNSUPPORTED_PROTOCOL_VERSION),
    ] {
        let pinned = mcp_schema::load(V2026_07_28)[ "$defs"][name].pointer("/properties/error/allOf/1/properties/code/const");
        assert_eq!(pinned, Some(&json!(code.0)), "{name}");
    }
    let pinned = mcp_schema::load(V2025_11_25)["$defs"]["URLElicitationRequiredError"]
        .pointer("/properties/error/allOf/1/properties/code/const");
    assert_eq!(pinned, Some(&json!(ErrorCode::URL_ELICITATION_REQUIRED.0)));
    assert_eq!(ErrorCode(-32099).name(), None);
    assert_eq!(ErrorCode(-32099).to_string(), "-32099");
}

#[test]
fn typed_error_data_decodes() {
    let data = json!({ "elicitations": [{ "mode": "url", "elicitationId": "e", "url": "https://x.example/auth", "message": "Sign in" }] });
    let typed: UrlElicitationRequiredData = serde_json::from_value(data.clone()).unwrap();
    assert!(matches!(&typed.elicitations[0], ElicitRequestParams::Url(u) if u.elicitation_id.as_deref() == Some("e")));
    assert_eq!(serde_json::to_value(&typed).unwrap(), data);
    let error = json!({ "code": -32042, "message": "m", "data": data });
    assert_valid(V2025_11_25, "URLElicitationRequiredError", &json!({ "jsonrpc": "2.0", "id": 1, "error": error }));
}

#[test]
fn messages_round_trip_through_text() {
    for (_, message) in stateless_requests() {
        let parsed = Message::from_json(message.clone()).unwrap();
        assert_eq!(Message::parse_str(&parsed.to_string()).unwrap(), parsed);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), message);
    }
}

#[test]
fn a_result_that_does_not_match_its_method_is_a_protocol_error_with_a_path() {
    let result = json!({ "tools": [{ "name": "t" }] }).as_object().unwrap().clone();
    let err = methods::decode_result::<methods::ListTools>(result).unwrap_err();
    let McpError::Protocol(ProtocolError::Decode(failure)) = &err else { panic!("{err:?}") };
    assert_eq!((failure.method.as_str(), failure.part), ("tools/list", "result"));
    assert!(failure.path.starts_with("tools[0]") && failure.detail.contains("inputSchema"), "{failure:?}");
    assert!(err.to_string().contains("tools/list"));
}

#[test]
fn empty_params_are_left_out() {
    let ping = methods::request::<methods::Ping>(1.into(), &RequestParams::default()).unwrap();
    assert_eq!(ping.params, None);
    assert_eq!(Message::from(ping).to_json(), json!({ "jsonrpc": "2.0", "id": 1, "method": "ping" }));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = Message::parse(&bytes);
        let _ = Message::parse_limited(&bytes, 64);
    }

    /// Text made of JSON-RPC fragments reaches the classifier far more often
    /// than random bytes; whatever parses must survive a round trip.
    #[test]
    fn near_json_rpc_text_never_panics_and_what_parses_round_trips(
        parts in proptest::collection::vec(prop_oneof![
            Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just("\"jsonrpc\""), Just("\"2.0\""),
            Just("\"id\""), Just("\"method\""), Just("\"params\""), Just("\"result\""), Just("\"error\""),
            Just("\"code\""), Just("\"message\""), Just("\"data\""), Just("1"), Just("-32601"), Just("1.5"),
            Just("null"), Just("true"), Just("\"x\""), Just("{}"),
        ], 0..40)
    ) {
        let text: String = parts.concat();
        if let Ok(message) = Message::parse_str(&text) {
            prop_assert_eq!(Message::parse_str(&message.to_string()).unwrap(), message);
        }
    }

    #[test]
    fn arbitrary_json_never_panics_the_typed_decoders(value in arb_json()) {
        let _ = serde_json::from_value::<ContentBlock>(value.clone());
        let _ = serde_json::from_value::<CallToolResult>(value.clone());
        let _ = serde_json::from_value::<ResultOrInput<GetPromptResult>>(value.clone());
        let _ = serde_json::from_value::<InputRequest>(value.clone());
        let _ = serde_json::from_value::<InputResponse>(value.clone());
        let _ = serde_json::from_value::<ElicitRequestParams>(value.clone());
        let _ = serde_json::from_value::<PrimitiveSchemaDefinition>(value.clone());
        let _ = serde_json::from_value::<ProgressNotificationParams>(value.clone());
        let _ = serde_json::from_value::<Message>(value);
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("type".to_owned()), Just("text".to_owned()), Just("mode".to_owned()), Just("method".to_owned()),
        Just("resultType".to_owned()), Just("content".to_owned()), Just("params".to_owned()), Just("enum".to_owned()),
        Just("jsonrpc".to_owned()), Just("id".to_owned()), "[a-z]{1,6}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![Just("text"), Just("image"), Just("url"), Just("form"), Just("input_required"), Just("2.0"), Just("string"), Just("array")]
            .prop_map(Value::from),
        "[a-z]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

// ---------------------------------------------------------------------------
// The pending-request table.

fn result(id: impl Into<RequestId>, body: Value) -> Response {
    Response::Result(ResultResponse { id: id.into(), result: body.as_object().unwrap().clone() })
}

fn resolved_method(resolution: &Resolution) -> &str {
    match resolution {
        Resolution::Resolved { method, .. } => method,
        other => panic!("not resolved: {other:?}"),
    }
}

#[test]
fn ids_are_fresh_and_start_at_one() {
    let mut table = PendingRequests::new();
    let a = table.start("tools/list", 0, 100, false);
    let b = table.start("tools/list", 0, 100, true);
    assert_eq!((a.id.clone(), b.id.clone()), (RequestId::Number(1), RequestId::Number(2)));
    assert_eq!((a.progress_token, b.progress_token), (None, Some(ProgressToken::Number(2))));
    table.register("custom".into(), "ping", 0, 100, None).unwrap();
    assert_eq!(table.register("custom".into(), "ping", 0, 100, None), Err(PendingError::DuplicateId("custom".into())));
    assert_eq!(table.register(3.into(), "ping", 0, 100, Some(ProgressToken::Number(2))), Err(PendingError::DuplicateProgressToken(ProgressToken::Number(2))));
    // A failed registration leaves nothing behind.
    assert!(!table.contains(&3.into()));
    // The id taken by hand is skipped by the allocator.
    table.register(3.into(), "ping", 0, 100, None).unwrap();
    assert_eq!(table.start("ping", 0, 100, false).id, RequestId::Number(4));
    assert_eq!(table.len(), 5);
}

#[test]
fn responses_resolve_their_own_request_in_any_order() {
    let mut table = PendingRequests::new();
    let list = table.start("tools/list", 0, 1_000, false).id;
    let call = table.start("tools/call", 0, 1_000, false).id;
    let read = table.start("resources/read", 0, 1_000, false).id;
    assert_eq!(resolved_method(&table.resolve(result(read.clone(), json!({ "contents": [] })))), "resources/read");
    assert_eq!(resolved_method(&table.resolve(result(list.clone(), json!({ "tools": [] })))), "tools/list");
    let Resolution::Resolved { id, outcome, .. } = table.resolve(Response::Error(ErrorResponse {
        id: Some(call.clone()),
        error: ErrorObject::new(ErrorCode::INVALID_PARAMS, "Unknown tool: nope"),
    })) else {
        panic!("not resolved")
    };
    assert_eq!(id, call);
    assert_eq!(outcome.unwrap_err().code(), Some(ErrorCode::INVALID_PARAMS));
    assert!(table.is_empty());
    assert_eq!(table.next_deadline(), None);
}

#[test]
fn a_response_with_an_unknown_id_is_ignored() {
    let mut table = PendingRequests::new();
    let id = table.start("tools/list", 0, 1_000, false).id;
    assert_eq!(table.resolve(result(99, json!({}))), Resolution::Ignored(Ignored::UnknownId(99.into())));
    assert_eq!(table.resolve(result("1", json!({}))), Resolution::Ignored(Ignored::UnknownId("1".into())));
    assert!(table.contains(&id), "the pending request is untouched");
    let no_id = Response::Error(ErrorResponse { id: None, error: ErrorObject::new(ErrorCode::PARSE_ERROR, "bad") });
    assert!(matches!(table.resolve(no_id), Resolution::Ignored(Ignored::NoId(e)) if e.code == ErrorCode::PARSE_ERROR));
    assert_eq!(table.len(), 1);
}

#[test]
fn a_response_after_cancel_is_ignored() {
    let mut table = PendingRequests::new();
    let id = table.start("tools/call", 0, 1_000, true).id;
    let other = table.start("tools/call", 0, 1_000, false).id;
    let cancel = table.cancel(&id, Some("user pressed stop")).unwrap();
    assert_eq!(cancel.method, "tools/call");
    assert!(matches!(&cancel.error, McpError::Cancelled(c) if c.reason.as_deref() == Some("user pressed stop")));
    let notification = cancel.notification.unwrap();
    assert_eq!(notification.method, "notifications/cancelled");
    assert_eq!(Value::Object(notification.params.unwrap()), json!({ "requestId": 1, "reason": "user pressed stop" }));
    assert_eq!(table.cancel(&id, None), None, "already closed");

    let late = result(id.clone(), json!({ "content": [] }));
    assert_eq!(table.resolve(late.clone()), Resolution::Ignored(Ignored::Cancelled { id: id.clone(), method: "tools/call".into() }));
    // One response per request: a duplicate is just unknown.
    assert_eq!(table.resolve(late), Resolution::Ignored(Ignored::UnknownId(id)));
    // Its progress token went with it.
    let progress = ProgressNotificationParams { progress_token: ProgressToken::Number(1), progress: 1.0, total: None, message: None, meta: None, extra: Default::default() };
    assert_eq!(table.route_progress(&progress), ProgressRoute::UnknownToken);
    assert!(table.contains(&other));
}

#[test]
fn initialize_is_never_cancelled_on_the_wire() {
    let mut table = PendingRequests::new();
    let id = table.start("initialize", 0, 1_000, false).id;
    let cancel = table.cancel(&id, None).unwrap();
    assert_eq!(cancel.notification, None);
    assert!(table.is_empty());
    let id = table.start("initialize", 0, 1_000, false).id;
    let expired = table.expire(1_000);
    assert_eq!((expired.len(), expired[0].notification.clone()), (1, None));
    assert_eq!(expired[0].id, id);
}

#[test]
fn a_request_times_out_exactly_at_its_deadline() {
    let mut table = PendingRequests::new();
    let id = table.start("tools/call", 1_000, 500, false).id;
    assert_eq!(table.next_deadline(), Some(1_500));
    assert!(table.expire(1_499).is_empty());
    let expired = table.expire(1_500);
    assert_eq!(expired.len(), 1);
    assert_eq!(
        expired[0].error,
        McpError::Timeout(RequestTimeout { id: id.clone(), method: "tools/call".into(), timeout_ms: 500 })
    );
    assert!(expired[0].error.to_string().contains("timed out after 500 ms"));
    let params = expired[0].notification.as_ref().unwrap().params.as_ref().unwrap();
    assert_eq!(params["requestId"], json!(1));
    assert!(table.is_empty() && table.expire(10_000).is_empty());
    assert_eq!(table.resolve(result(id.clone(), json!({}))), Resolution::Ignored(Ignored::TimedOut { id, method: "tools/call".into() }));
}

#[test]
fn expiry_is_in_deadline_order_and_deadlines_can_move() {
    let mut table = PendingRequests::new();
    let slow = table.start("tools/call", 0, 900, false).id;
    let fast = table.start("tools/list", 0, 100, false).id;
    let mid = table.start("prompts/get", 0, 500, false).id;
    assert!(table.set_deadline(&slow, 5_000));
    assert!(!table.set_deadline(&"nope".into(), 5_000));
    let ids: Vec<RequestId> = table.expire(1_000).into_iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![fast, mid]);
    assert_eq!(table.next_deadline(), Some(5_000));
    // The timeout reported is the time the request was actually given.
    let expired = table.expire(u64::MAX);
    assert!(matches!(&expired[0].error, McpError::Timeout(t) if t.timeout_ms == 5_000));
}

#[test]
fn deadlines_saturate_instead_of_overflowing() {
    let mut table = PendingRequests::new();
    table.start("tools/call", u64::MAX - 1, 10, false);
    assert_eq!(table.next_deadline(), Some(u64::MAX));
    assert_eq!(table.expire(u64::MAX).len(), 1);
}

#[test]
fn rekey_moves_a_request_and_its_progress_token_to_a_new_id() {
    let mut table = PendingRequests::new();
    let a = table.start("tools/call", 0, 1_000, true);
    let other = table.start("tools/list", 0, 1_000, false);
    let token = a.progress_token.clone().unwrap();
    let new_id = table.next_id();
    assert!(!table.rekey(&a.id, other.id.clone()), "never onto a pending id");
    assert!(table.rekey(&a.id, new_id.clone()));
    assert!(!table.contains(&a.id) && table.contains(&new_id));
    assert_eq!(table.method(&new_id), Some("tools/call"));
    let progress = ProgressNotificationParams { progress_token: token, progress: 1.0, total: None, message: None, meta: None, extra: Default::default() };
    assert_eq!(table.route_progress(&progress), ProgressRoute::Deliver { id: new_id.clone() });
    assert!(!table.rekey(&a.id, table_id(99)), "the old id is gone");
    let done = Response::Result(ResultResponse { id: new_id.clone(), result: Default::default() });
    assert!(matches!(table.resolve(done), Resolution::Resolved { id, .. } if id == new_id));
}

fn table_id(n: i64) -> RequestId {
    RequestId::Number(n)
}

#[test]
fn progress_goes_to_the_request_that_owns_the_token() {
    let mut table = PendingRequests::new();
    let a = table.start("tools/call", 0, 1_000, true);
    let b = table.start("tools/call", 0, 1_000, true);
    table.register("c".into(), "tools/call", 0, 1_000, Some("tok-c".into())).unwrap();
    let progress = |token: ProgressToken, value: f64| ProgressNotificationParams {
        progress_token: token,
        progress: value,
        total: Some(100.0),
        message: None,
        meta: None,
        extra: Default::default(),
    };
    let (ta, tb) = (a.progress_token.unwrap(), b.progress_token.unwrap());
    assert_eq!(table.route_progress(&progress(tb.clone(), 10.0)), ProgressRoute::Deliver { id: b.id.clone() });
    assert_eq!(table.route_progress(&progress(ta.clone(), 5.0)), ProgressRoute::Deliver { id: a.id.clone() });
    assert_eq!(table.route_progress(&progress("tok-c".into(), 1.0)), ProgressRoute::Deliver { id: "c".into() });
    assert_eq!(table.route_progress(&progress(tb.clone(), 20.0)), ProgressRoute::Deliver { id: b.id.clone() });
    // Replayed or going backwards: not delivered again.
    assert_eq!(table.route_progress(&progress(tb.clone(), 20.0)), ProgressRoute::NotIncreasing { id: b.id.clone() });
    assert_eq!(table.route_progress(&progress(tb.clone(), 15.0)), ProgressRoute::NotIncreasing { id: b.id.clone() });
    assert_eq!(table.route_progress(&progress("made-up".into(), 1.0)), ProgressRoute::UnknownToken);
    // Tokens of finished requests are unknown.
    table.resolve(result(b.id.clone(), json!({ "content": [] })));
    assert_eq!(table.route_progress(&progress(tb, 30.0)), ProgressRoute::UnknownToken);
    // The progress example of the spec routes through a parsed notification.
    let m = Message::parse(br#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":50,"total":100,"message":"Reticulating splines..."}}"#).unwrap();
    let Message::Notification(n) = m else { panic!("not a notification") };
    let params = methods::decode_notification::<methods::Progress>(&n).unwrap();
    assert_eq!(table.route_progress(&params), ProgressRoute::Deliver { id: a.id });
}

#[test]
fn drain_closes_everything() {
    let mut table = PendingRequests::new();
    table.start("tools/call", 0, 1_000, true);
    table.start("tools/list", 0, 1_000, false);
    let drained = table.drain();
    assert_eq!(drained, vec![(RequestId::Number(1), "tools/call".to_owned()), (RequestId::Number(2), "tools/list".to_owned())]);
    assert!(table.is_empty());
    assert_eq!(table.resolve(result(1, json!({}))), Resolution::Ignored(Ignored::UnknownId(1.into())));
}

#[test]
fn a_full_exchange_through_text() {
    // Build, send, receive, resolve and decode, as a driver would.
    let mut table = PendingRequests::new();
    let started = table.start(methods::ListTools::METHOD, 0, 30_000, false);
    let wire = Message::from(methods::request::<methods::ListTools>(started.id.clone(), &paginated(None)).unwrap()).to_string();
    assert!(wire.contains("\"method\":\"tools/list\""));
    let reply = r#"{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","tools":[{"name":"echo","inputSchema":{"type":"object"}}],"nextCursor":"2","ttlMs":0,"cacheScope":"private"}}"#;
    let Message::Response(response) = Message::parse(reply.as_bytes()).unwrap() else { panic!("not a response") };
    let Resolution::Resolved { outcome, .. } = table.resolve(response) else { panic!("not resolved") };
    let page = methods::decode_result::<methods::ListTools>(outcome.unwrap()).unwrap();
    assert_eq!((page.tools[0].name.as_str(), page.page.next_cursor.as_deref()), ("echo", Some("2")));
    assert_eq!(page.page.cache_scope, Some(CacheScope::Private));
}
