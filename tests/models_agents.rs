//! Agent wire types against the official spec.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod common;

use common::spec;
use mistral_edge::models::*;
use serde_json::{json, Value};

roundtrips! {
    agent: Agent => "Agent";
    create_agent_request: CreateAgentRequest => "CreateAgentRequest";
    update_agent_request: UpdateAgentRequest => "UpdateAgentRequest";
    agent_alias_response: AgentAliasResponse => "AgentAliasResponse";
    agent_list_page: AgentListPage => "AgentListPage";
    request_source: RequestSource => "RequestSource";
}

/// An agent as the API returns it after a create with several tool kinds,
/// handoffs and completion arguments.
fn realistic_agent() -> Value {
    json!({
        "object": "agent",
        "id": "ag_0684f5a3b0d27b58800026b3f9f2a7e0",
        "name": "Research assistant",
        "model": "mistral-medium-latest",
        "description": "Searches the web and the team library",
        "instructions": "Answer with sources.",
        "tools": [
            {"type": "web_search"},
            {"type": "document_library", "library_ids": ["lib_1"]},
            {"type": "function", "function": {
                "name": "get_weather", "description": "Weather for a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
            }},
            {"type": "connector", "connector_id": "conn_1", "tool_configuration": {"requires_confirmation": ["send_mail"]}}
        ],
        "completion_args": {"temperature": 0.3, "top_p": 0.95, "response_format": {"type": "text"}, "tool_choice": "auto"},
        "guardrails": [{"block_on_error": true, "moderation_llm_v2": {"action": "block", "custom_category_thresholds": {"jailbreaking": 0.2}}}],
        "handoffs": ["ag_0684f5a3b0d27b58800026b3f9f2a7e1"],
        "metadata": {"team": "research", "tier": 2},
        "version": 3,
        "versions": [0, 1, 2, 3],
        "created_at": "2025-06-16T09:04:01.432Z",
        "updated_at": "2025-06-17T11:20:45.001Z",
        "deployment_chat": false,
        "source": "api",
        "version_message": "Add the mail connector"
    })
}

#[test]
fn realistic_values_roundtrip() {
    spec::roundtrip_value::<Agent>("Agent", &realistic_agent());
    spec::roundtrip_value::<AgentListPage>(
        "AgentListPage",
        &json!({"object": "list", "data": [realistic_agent()], "next_page_token": "eyJvZmZzZXQiOjIwfQ"}),
    );
    spec::roundtrip_value::<AgentListPage>(
        "AgentListPage",
        &json!({"object": "list", "data": [], "next_page_token": null}),
    );
    spec::roundtrip_value::<AgentAliasResponse>(
        "AgentAliasResponse",
        &json!({"alias": "prod", "version": 2, "created_at": "2025-06-16T09:04:01Z", "updated_at": "2025-06-16T09:04:01Z"}),
    );
}

#[test]
fn agent_fields_are_typed() {
    let agent: Agent = serde_json::from_value(realistic_agent()).unwrap();
    assert_eq!(agent.object, Some(ObjectType::Agent));
    assert_eq!((agent.version, agent.versions.as_slice()), (3, &[0, 1, 2, 3][..]));
    let tools = agent.tools.as_deref().unwrap();
    assert!(matches!(&tools[0], ConversationTool::WebSearch(_)));
    assert!(matches!(&tools[1], ConversationTool::DocumentLibrary(d) if d.library_ids == ["lib_1"]));
    assert!(matches!(&tools[2], ConversationTool::Function(f) if f.function.name == "get_weather"));
    assert!(matches!(&tools[3], ConversationTool::Connector(c) if c.connector_id == "conn_1"));
    let args = agent.completion_args.as_ref().unwrap();
    assert_eq!(args.temperature, Some(0.3));
    assert_eq!(args.tool_choice, Some(ToolChoiceEnum::Auto));
    assert_eq!(agent.handoffs.as_deref(), Some(&["ag_0684f5a3b0d27b58800026b3f9f2a7e1".to_owned()][..]));
    assert_eq!(agent.metadata.as_ref().unwrap()["tier"], json!(2));
    assert_eq!(agent.source.as_deref(), Some("api"));
}

/// Agents made before `versions`, `deployment_chat` and `source` existed
/// (the API reference's list example has none of them) still decode, as do
/// members this SDK does not know and tool types it does not know.
#[test]
fn agents_decode_leniently() {
    let agent: Agent = serde_json::from_value(json!({
        "created_at": "2025-10-07T20:56:01.974Z",
        "id": "ag_1",
        "model": "mistral-small-latest",
        "name": "Old agent",
        "updated_at": "2025-10-07T20:56:01.974Z",
        "version": 87,
        "handoffs": null,
        "description": null,
        "sharing": {"visibility": "org"},
        "tools": [{"type": "browser", "start_url": "https://example.com"}]
    }))
    .unwrap();
    assert_eq!(agent.versions, Vec::<i64>::new());
    assert!(!agent.deployment_chat);
    assert_eq!((agent.source, agent.handoffs, agent.object), (None, None, None));
    let tools = agent.tools.unwrap();
    assert!(matches!(&tools[0], ConversationTool::Unknown(v) if v["start_url"] == "https://example.com"));
    assert_eq!(tools[0].type_name(), "browser");

    // Sources are open too: a new one is kept as sent.
    let source: RequestSource = serde_json::from_value(json!("mcp")).unwrap();
    assert_eq!(source, RequestSource::Other("mcp".into()));
    assert_eq!(serde_json::to_value(&source).unwrap(), json!("mcp"));
    assert_eq!(RequestSource::from("agent_builder_v1"), RequestSource::AgentBuilderV1);

    // A page without `object` or a cursor is the last page.
    let page: AgentListPage = serde_json::from_value(json!({"data": []})).unwrap();
    assert_eq!((page.object, page.next_page_token), (None, None));
}

/// A malformed answer is an error naming the member that is wrong.
#[test]
fn malformed_agents_name_the_field() {
    fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
        let err = serde_path_to_error::deserialize::<_, T>(value).expect_err("must not decode");
        format!("{} at {}", err.inner(), err.path())
    }
    let mut agent = realistic_agent();
    agent["version"] = json!("3");
    let e = error_of::<Agent>(agent);
    assert!(e.contains("at version") && e.contains("i64"), "{e}");

    let mut agent = realistic_agent();
    agent["tools"][1]["library_ids"] = json!("lib_1");
    let e = error_of::<Agent>(agent);
    assert!(e.contains("tools[1]") && e.contains("library_ids") && e.contains("document_library"), "{e}");

    let mut agent = realistic_agent();
    agent.as_object_mut().unwrap().remove("id");
    let e = error_of::<Agent>(agent);
    assert!(e.contains("missing field `id`"), "{e}");

    let e = error_of::<AgentListPage>(json!({"data": [{"id": "a"}]}));
    assert!(e.contains("data[0]") && e.contains("missing field"), "{e}");
    let e =
        error_of::<AgentAliasResponse>(json!({"alias": "prod", "version": -1.5, "created_at": "t", "updated_at": "t"}));
    assert!(e.contains("at version"), "{e}");
}

#[test]
fn create_requests_build_the_wire_json() {
    let req = CreateAgentRequest::new("mistral-medium-latest", "Helper")
        .with_instructions("Be brief.")
        .with_description("Answers quickly")
        .with_tool(WebSearchTool::default())
        .with_tool(Function::new("now", "The current time", serde_json::Map::new()))
        .with_handoff("ag_2");
    let body = serde_json::to_value(&req).unwrap();
    assert_eq!(
        body,
        json!({
            "model": "mistral-medium-latest",
            "name": "Helper",
            "instructions": "Be brief.",
            "description": "Answers quickly",
            "tools": [
                {"type": "web_search"},
                {"type": "function", "function": {"name": "now", "description": "The current time", "parameters": {}}}
            ],
            "handoffs": ["ag_2"]
        })
    );
    spec::assert_valid("CreateAgentRequest", &body);
    let minimal = serde_json::to_value(CreateAgentRequest::new("m", "n")).unwrap();
    assert_eq!(minimal, json!({"model": "m", "name": "n"}));
    spec::assert_valid("CreateAgentRequest", &minimal);
}

/// A PATCH keeps "absent" (leave as is) and `null` (clear) apart.
#[test]
fn update_requests_keep_null_apart_from_absent() {
    let empty = serde_json::to_value(UpdateAgentRequest::default()).unwrap();
    assert_eq!(empty, json!({}));
    spec::assert_valid("UpdateAgentRequest", &empty);

    let req = UpdateAgentRequest {
        description: Some(None),
        handoffs: Some(None),
        instructions: Some(Some("New rules".into())),
        deployment_chat: Some(Some(true)),
        tools: Some(vec![]),
        ..Default::default()
    };
    let body = serde_json::to_value(&req).unwrap();
    assert_eq!(
        body,
        json!({"description": null, "handoffs": null, "instructions": "New rules", "deployment_chat": true, "tools": []})
    );
    spec::assert_valid("UpdateAgentRequest", &body);

    // Decoding keeps explicit nulls, so a JSON body passes through unchanged.
    let decoded: UpdateAgentRequest = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded, req);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body);
    let all_null = json!({
        "instructions": null, "guardrails": null, "model": null, "name": null, "description": null,
        "handoffs": null, "deployment_chat": null, "metadata": null, "version_message": null
    });
    spec::assert_valid("UpdateAgentRequest", &all_null);
    let decoded: UpdateAgentRequest = serde_json::from_value(all_null.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), all_null);
}

/// A typo in a request is reported rather than silently dropped.
#[test]
fn requests_reject_unknown_fields() {
    let err = serde_json::from_value::<CreateAgentRequest>(json!({"model": "m", "name": "n", "instruction": "x"}))
        .unwrap_err();
    assert!(err.to_string().contains("instruction"), "{err}");
    let err = serde_json::from_value::<UpdateAgentRequest>(json!({"handoff": ["a"]})).unwrap_err();
    assert!(err.to_string().contains("handoff"), "{err}");
    let err = serde_json::from_value::<CreateAgentRequest>(json!({"name": "n"})).unwrap_err();
    assert!(err.to_string().contains("missing field `model`"), "{err}");
    let err = serde_json::from_value::<UpdateAgentRequest>(json!({"deployment_chat": "yes"})).unwrap_err();
    assert!(err.to_string().contains("boolean"), "{err}");
}

/// The oracle itself: the schemas reject what the models must never emit.
#[test]
fn the_oracle_rejects_wrong_values() {
    let create = spec::schema_validator("CreateAgentRequest");
    assert!(create.is_valid(&json!({"model": "m", "name": "n"})));
    assert!(!create.is_valid(&json!({"model": "m"})));
    assert!(!create.is_valid(&json!({"model": "m", "name": "n", "handoffs": []})));
    assert!(!create.is_valid(&json!({"model": "m", "name": "n", "tools": [{"type": "document_library"}]})));
    let update = spec::schema_validator("UpdateAgentRequest");
    assert!(!update.is_valid(&json!({"tools": null})));
    assert!(!update.is_valid(&json!({"version_message": "x".repeat(501)})));
    assert!(!spec::schema_validator("Agent").is_valid(&json!({"id": "a"})));
}
