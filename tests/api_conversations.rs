//! The Conversations request builders against the official spec: every
//! operation's request conforms to its operation (method, path, query, body
//! schema, headers), answers parse into the typed results, and failures come
//! back as typed errors that name what went wrong and never show the key.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use common::{ops, spec};
use mistral_edge::api::conversations::{self, ListConversationsParams};
use mistral_edge::api::{
    ApiConfig, ApiError, ApiErrorKind, EventStreamDecoder, HttpRequest, HttpResponse, ResponseKind,
};
use mistral_edge::models::*;
use mistral_edge::Error;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const ID: &str = "conv_0680e4b3a1b27bc18000aa6f2d5c8f11";

fn cfg() -> ApiConfig {
    ApiConfig { server_url: ops::SERVER.into(), api_key: Some("sk-test".into()), headers: vec![] }
}

/// Decodes a spec-derived value into a request type, failing with the path.
fn decode<T: DeserializeOwned>(what: &str, value: &Value) -> T {
    let text = value.to_string();
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de)
        .unwrap_or_else(|e| panic!("{what}: at `{}`: {}\n{value:#}", e.path(), e.inner()))
}

/// The JSON body a request carries.
fn body(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().expect("a body")).expect("the body is JSON")
}

/// The spec's examples of `schema` and a synthesized maximal instance.
fn samples(schema: &str) -> Vec<Value> {
    let mut out = spec::examples_for(schema);
    out.push(spec::synthesize(schema));
    out
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_owned(),
    }
}

fn ok(body: &Value) -> HttpResponse {
    response(200, &[("content-type", "application/json")], &body.to_string())
}

fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(e)) => *e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn decode_error<T: std::fmt::Debug>(result: Result<T, Error>) -> mistral_edge::error::DecodeError {
    match result {
        Err(Error::Decode(e)) => e,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

fn invalid_field<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::InvalidRequest(e)) => e.field,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

// ---------------------------------------------------------------- start

/// Hand-written bodies for what the synthesizer picks one way only: plain
/// text inputs, integer agent versions, both handoff modes.
fn start_bodies() -> Vec<(String, ConversationRequest)> {
    let mut bodies: Vec<(String, ConversationRequest)> = samples("ConversationRequest")
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("spec sample {i}"), decode("ConversationRequest", v)))
        .collect();
    let mut agent = ConversationRequest::with_agent("ag_0680e4b3a1b27bc18000aa6f2d5c8f11", "Who won the last Euro?");
    agent.agent_version = Some(AgentVersion::Number(3));
    agent.handoff_execution = Some(HandoffExecution::Server);
    agent.store = Some(false);
    bodies.push(("agent, text inputs, integer version".into(), agent));
    let mut alias = ConversationRequest::with_agent("ag_1", vec![InputEntry::user("Hi")]);
    alias.agent_version = Some(AgentVersion::Text("production".into()));
    alias.handoff_execution = Some(HandoffExecution::Client);
    bodies.push(("agent, entries, version alias".into(), alias));
    let mut model = ConversationRequest::with_model(
        "mistral-medium-latest",
        vec![
            InputEntry::user("What is 2+2? Use the tool."),
            FunctionCallEntry {
                object: None,
                created_at: None,
                completed_at: None,
                agent_id: None,
                model: None,
                id: None,
                tool_call_id: "call_1".into(),
                name: "add".into(),
                arguments: FunctionCallEntryArguments::Text(r#"{"a": 2, "b": 2}"#.into()),
                confirmation_status: None,
            }
            .into(),
            InputEntry::function_result("call_1", "4"),
        ],
    );
    model.instructions = Some("Answer briefly.".into());
    model.metadata = Some(json!({ "user": "u_1", "tier": 2 }).as_object().cloned().unwrap_or_default());
    bodies.push(("model, function call and result entries".into(), model));
    bodies
}

#[test]
fn start_conforms_for_every_body() {
    for (what, request) in start_bodies() {
        let call = conversations::start(&cfg(), &request).unwrap_or_else(|e| panic!("{what}: {e}"));
        ops::assert_conforms(&call.request, "agents_api_v1_conversations_start");
        let sent = body(&call.request);
        assert_eq!(sent, serde_json::to_value(&request).expect("encodes"), "{what}: the body is the request");
        assert_eq!(sent["stream"], json!(false), "{what}");
        assert_eq!(call.target(), "ConversationResponse");
    }
}

#[test]
fn start_stream_conforms_for_every_body() {
    for (what, request) in start_bodies() {
        let request = request.into_stream();
        let call = conversations::start_stream(&cfg(), &request).unwrap_or_else(|e| panic!("{what}: {e}"));
        ops::assert_conforms(&call.request, "agents_api_v1_conversations_start_stream");
        assert_eq!(body(&call.request)["stream"], json!(true), "{what}");
        assert_eq!(call.terminator, None, "{what}: conversation streams end at close");
    }
    for value in &samples("ConversationStreamRequest") {
        let request: ConversationStreamRequest = decode("ConversationStreamRequest", value);
        let call = conversations::start_stream(&cfg(), &request).expect("builds");
        ops::assert_conforms(&call.request, "agents_api_v1_conversations_start_stream");
        spec::assert_same_json(value, &body(&call.request));
    }
}

/// The synthesized request has one tool per branch of the spec's union, so
/// the conformance checks above cover every tool type.
#[test]
fn synthesized_start_body_carries_every_tool_type() {
    let request: ConversationRequest = decode("ConversationRequest", &spec::synthesize("ConversationRequest"));
    let types: BTreeSet<&str> = request.tools.iter().flatten().map(ConversationTool::type_name).collect();
    let expected: BTreeSet<&str> = [
        "function",
        "web_search",
        "web_search_premium",
        "code_interpreter",
        "image_generation",
        "document_library",
        "connector",
    ]
    .into();
    assert_eq!(types, expected);
    assert!(request.tools.iter().flatten().all(|t| !matches!(t, ConversationTool::Unknown(_))));
    let call = conversations::start(&cfg(), &request).expect("builds");
    let sent = body(&call.request);
    assert_eq!(sent["tools"].as_array().map(Vec::len), Some(7));
    assert!(sent["inputs"].is_array() && sent["completion_args"].is_object() && sent["guardrails"].is_array());
}

// ---------------------------------------------------------------- append

fn append_bodies() -> Vec<(String, ConversationAppendRequest)> {
    let mut bodies: Vec<(String, ConversationAppendRequest)> = samples("ConversationAppendRequest")
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("spec sample {i}"), decode("ConversationAppendRequest", v)))
        .collect();
    bodies.push(("text inputs".into(), ConversationAppendRequest::new("And in 2016?")));
    bodies.push((
        "function result entry, client handoffs".into(),
        ConversationAppendRequest {
            handoff_execution: Some(HandoffExecution::Client),
            ..ConversationAppendRequest::new(vec![InputEntry::function_result("call_1", r#"{"temp": 21}"#)])
        },
    ));
    bodies.push((
        "only tool confirmations".into(),
        ConversationAppendRequest {
            tool_confirmations: Some(vec![
                ToolCallConfirmation { tool_call_id: "call_1".into(), confirmation: Confirmation::Allow },
                ToolCallConfirmation { tool_call_id: "call_2".into(), confirmation: Confirmation::Deny },
            ]),
            ..ConversationAppendRequest::default()
        },
    ));
    bodies
}

#[test]
fn append_conforms_for_every_body() {
    for (what, request) in append_bodies() {
        let call = conversations::append(&cfg(), ID, &request).unwrap_or_else(|e| panic!("{what}: {e}"));
        let (path, _) = ops::assert_conforms(&call.request, "agents_api_v1_conversations_append");
        assert_eq!(path, [("conversation_id".to_owned(), ID.to_owned())], "{what}");
        let sent = body(&call.request);
        assert_eq!(sent, serde_json::to_value(&request).expect("encodes"), "{what}");
        assert_eq!(sent["stream"], json!(false), "{what}");
    }
}

#[test]
fn append_stream_conforms_for_every_body() {
    let mut bodies: Vec<ConversationAppendStreamRequest> =
        append_bodies().into_iter().map(|(_, r)| r.into_stream()).collect();
    bodies.extend(
        samples("ConversationAppendStreamRequest").iter().map(|v| decode("ConversationAppendStreamRequest", v)),
    );
    for request in bodies {
        let call = conversations::append_stream(&cfg(), ID, &request).expect("builds");
        ops::assert_conforms(&call.request, "agents_api_v1_conversations_append_stream");
        assert_eq!(body(&call.request)["stream"], json!(true));
        assert_eq!(call.terminator, None);
    }
}

#[test]
fn tool_confirmations_travel_as_the_spec_writes_them() {
    let request: ConversationAppendRequest =
        decode("ConversationAppendRequest", &spec::synthesize("ConversationAppendRequest"));
    assert!(request.tool_confirmations.as_ref().is_some_and(|c| !c.is_empty()));
    let call = conversations::append(&cfg(), ID, &request).expect("builds");
    let sent = body(&call.request);
    let confirmation = &sent["tool_confirmations"][0];
    assert!(confirmation["tool_call_id"].is_string());
    assert!(matches!(confirmation["confirmation"].as_str(), Some("allow" | "deny")));
}

// ---------------------------------------------------------------- restart

fn restart_bodies() -> Vec<(String, ConversationRestartRequest)> {
    let mut bodies: Vec<(String, ConversationRestartRequest)> = samples("ConversationRestartRequest")
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("spec sample {i}"), decode("ConversationRestartRequest", v)))
        .collect();
    bodies.push((
        "integer version".into(),
        ConversationRestartRequest {
            agent_version: Some(AgentVersion::Number(0)),
            ..ConversationRestartRequest::new("msg_0680e4b3a1b27bc18000aa6f2d5c8f12", "Try again, shorter.")
        },
    ));
    bodies.push((
        "alias version, entries".into(),
        ConversationRestartRequest {
            agent_version: Some(AgentVersion::Text("latest".into())),
            handoff_execution: Some(HandoffExecution::Server),
            ..ConversationRestartRequest::new("msg_1", vec![InputEntry::user("Again")])
        },
    ));
    bodies
}

#[test]
fn restart_conforms_for_every_body() {
    for (what, request) in restart_bodies() {
        let call = conversations::restart(&cfg(), ID, &request).unwrap_or_else(|e| panic!("{what}: {e}"));
        let (path, _) = ops::assert_conforms(&call.request, "agents_api_v1_conversations_restart");
        assert_eq!(path, [("conversation_id".to_owned(), ID.to_owned())], "{what}");
        let sent = body(&call.request);
        assert_eq!(sent, serde_json::to_value(&request).expect("encodes"), "{what}");
        assert_eq!(sent["stream"], json!(false), "{what}");
    }
}

#[test]
fn restart_stream_conforms_for_every_body() {
    let mut bodies: Vec<ConversationRestartStreamRequest> =
        restart_bodies().into_iter().map(|(_, r)| r.into_stream()).collect();
    bodies.extend(
        samples("ConversationRestartStreamRequest").iter().map(|v| decode("ConversationRestartStreamRequest", v)),
    );
    for request in bodies {
        let call = conversations::restart_stream(&cfg(), ID, &request).expect("builds");
        ops::assert_conforms(&call.request, "agents_api_v1_conversations_restart_stream");
        assert_eq!(body(&call.request)["stream"], json!(true));
        assert_eq!(call.terminator, None);
    }
}

#[test]
fn agent_version_is_sent_as_given() {
    for (version, wire) in [(AgentVersion::Number(7), json!(7)), (AgentVersion::Text("prod".into()), json!("prod"))] {
        let start = ConversationRequest {
            agent_version: Some(version.clone()),
            ..ConversationRequest::with_agent("ag_1", "x")
        };
        let call = conversations::start(&cfg(), &start).expect("builds");
        assert_eq!(body(&call.request)["agent_version"], wire);
        let restart = ConversationRestartRequest {
            agent_version: Some(version),
            ..ConversationRestartRequest::new("msg_1", "x")
        };
        let call = conversations::restart(&cfg(), ID, &restart).expect("builds");
        assert_eq!(body(&call.request)["agent_version"], wire);
    }
}

// ---------------------------------------------------------------- list, get, delete, history, messages

#[test]
fn list_conforms_without_and_with_every_parameter() {
    let call = conversations::list(&cfg(), &ListConversationsParams::default()).expect("builds");
    let (_, query) = ops::assert_conforms(&call.request, "agents_api_v1_conversations_list");
    assert!(query.is_empty());
    assert_eq!(call.request.url, format!("{}/v1/conversations", ops::SERVER));

    let metadata = json!({ "project": "alpha & beta", "nested": { "n": 1 } });
    let params = ListConversationsParams {
        page: Some(2),
        page_size: Some(50),
        metadata: Some(metadata.as_object().cloned().unwrap_or_default()),
    };
    let call = conversations::list(&cfg(), &params).expect("builds");
    let (_, query) = ops::assert_conforms(&call.request, "agents_api_v1_conversations_list");
    let get = |k: &str| query.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone());
    assert_eq!(get("page").as_deref(), Some("2"));
    assert_eq!(get("page_size").as_deref(), Some("50"));
    let sent: Value = serde_json::from_str(&get("metadata").expect("metadata sent")).expect("metadata is JSON");
    assert_eq!(sent, metadata);
    assert_eq!(call.target(), "Conversation[]");
}

#[test]
fn id_operations_conform_and_encode_the_id() {
    // Reserved characters must stay inside the one path segment.
    for id in [ID, "conv/with space?&#"] {
        let expect = [("conversation_id".to_owned(), id.to_owned())];
        let checks: [(HttpRequest, &str); 4] = [
            (conversations::get(&cfg(), id).expect("get").request, "agents_api_v1_conversations_get"),
            (conversations::delete(&cfg(), id).expect("delete").request, "agents_api_v1_conversations_delete"),
            (conversations::history(&cfg(), id).expect("history").request, "agents_api_v1_conversations_history"),
            (conversations::messages(&cfg(), id).expect("messages").request, "agents_api_v1_conversations_messages"),
        ];
        for (request, op) in checks {
            let (path, query) = ops::assert_conforms(&request, op);
            assert_eq!(path, expect, "{op}");
            assert!(query.is_empty(), "{op}");
            assert_eq!(request.response, ResponseKind::Json, "{op}");
        }
    }
}

// ---------------------------------------------------------------- answers

#[test]
fn conversation_response_samples_parse_for_start_append_and_restart() {
    let start = conversations::start(&cfg(), &ConversationRequest::with_agent("ag_1", "x")).expect("builds");
    let append = conversations::append(&cfg(), ID, &ConversationAppendRequest::new("x")).expect("builds");
    let restart = conversations::restart(&cfg(), ID, &ConversationRestartRequest::new("msg_1", "x")).expect("builds");
    for sample in samples("ConversationResponse") {
        spec::assert_valid("ConversationResponse", &sample);
        for call in [&start, &append, &restart] {
            let parsed = call.parse(ok(&sample)).unwrap_or_else(|e| panic!("{e}\n{sample:#}"));
            assert_eq!(Some(parsed.conversation_id.as_str()), sample["conversation_id"].as_str());
            assert_eq!(parsed.outputs.len(), sample["outputs"].as_array().map_or(0, Vec::len));
            assert!(parsed.outputs.iter().all(|o| !matches!(o, OutputEntry::Unknown(_))));
            spec::assert_same_json(&sample, &serde_json::to_value(&parsed).expect("encodes"));
        }
    }
}

/// The shape of the docs' answer to a web-search agent: a tool execution,
/// then a message whose content mixes text and reference chunks.
#[test]
fn a_realistic_response_parses() {
    let body = json!({
        "object": "conversation.response",
        "conversation_id": ID,
        "outputs": [
            {
                "object": "entry", "type": "tool.execution", "name": "web_search",
                "created_at": "2025-05-27T13:28:45.207Z", "completed_at": "2025-05-27T13:28:47.012Z",
                "id": "tool_exec_1", "arguments": "{\"query\": \"Euro 2024 winner\"}"
            },
            {
                "object": "entry", "type": "message.output", "role": "assistant",
                "agent_id": "ag_1", "model": "mistral-medium-latest", "id": "msg_1",
                "created_at": "2025-05-27T13:28:47.100Z", "completed_at": "2025-05-27T13:28:50.000Z",
                "content": [
                    { "type": "text", "text": "Spain won Euro 2024" },
                    { "type": "tool_reference", "tool": "web_search", "title": "UEFA", "url": "https://www.uefa.com" },
                    { "type": "text", "text": "." }
                ]
            },
            {
                "object": "entry", "type": "function.call", "tool_call_id": "call_1", "name": "get_weather",
                "arguments": "{\"city\": \"Paris\"}", "id": "fc_1", "confirmation_status": "pending"
            }
        ],
        "usage": { "prompt_tokens": 12, "completion_tokens": 40, "total_tokens": 52, "connector_tokens": 0,
                   "connectors": { "web_search": 1 } }
    });
    spec::assert_valid("ConversationResponse", &body);
    let call = conversations::start(&cfg(), &ConversationRequest::with_agent("ag_1", "x")).expect("builds");
    let parsed = call.parse(ok(&body)).expect("parses");
    let [OutputEntry::ToolExecution(tool), OutputEntry::MessageOutput(message), OutputEntry::FunctionCall(function)] =
        parsed.outputs.as_slice()
    else {
        panic!("unexpected outputs {:?}", parsed.outputs)
    };
    assert_eq!(tool.name.as_str(), "web_search");
    assert_eq!(message.content.text(), "Spain won Euro 2024.");
    assert_eq!(function.confirmation_status, Some(ConfirmationStatus::Pending));
    assert_eq!(function.arguments.to_value().expect("JSON arguments"), json!({ "city": "Paris" }));
    assert_eq!(parsed.usage.total_tokens, 52);
}

#[test]
fn history_and_messages_samples_parse() {
    let history = conversations::history(&cfg(), ID).expect("builds");
    for sample in samples("ConversationHistory") {
        let parsed = history.parse(ok(&sample)).unwrap_or_else(|e| panic!("{e}\n{sample:#}"));
        let types: BTreeSet<String> = parsed.entries.iter().map(|e| e.type_name().to_owned()).collect();
        assert!(parsed.entries.iter().all(|e| !matches!(e, InputEntry::Unknown(_))));
        assert_eq!(types.len(), 6, "one entry of each kind: {types:?}");
        spec::assert_same_json(&sample, &serde_json::to_value(&parsed).expect("encodes"));
    }
    let messages = conversations::messages(&cfg(), ID).expect("builds");
    for sample in samples("ConversationMessages") {
        let parsed = messages.parse(ok(&sample)).unwrap_or_else(|e| panic!("{e}\n{sample:#}"));
        assert!(!parsed.messages.is_empty());
        assert!(parsed.messages.iter().all(|e| !matches!(e, MessageEntry::Unknown(_))));
        spec::assert_same_json(&sample, &serde_json::to_value(&parsed).expect("encodes"));
    }
}

#[test]
fn list_and_get_tell_model_and_agent_conversations_apart() {
    let model = spec::synthesize("ModelConversation");
    let mut agent = spec::synthesize("AgentConversation");
    agent["agent_version"] = json!(4);
    let mut agent_alias = spec::synthesize("AgentConversation");
    agent_alias["agent_version"] = json!("prod");
    let list_body = json!([model, agent, agent_alias]);
    // The list answer is the spec's bare array of `anyOf` items.
    let schema = spec::load()
        .pointer("/paths/~1v1~1conversations/get/responses/200/content/application~1json/schema")
        .expect("list response schema");
    assert!(spec::inline_validator(schema).is_valid(&list_body));

    let list = conversations::list(&cfg(), &ListConversationsParams::default()).expect("builds");
    let parsed = list.parse(ok(&list_body)).expect("parses");
    assert!(matches!(&parsed[0], Conversation::Model(m) if m.tools.as_ref().is_some_and(|t| t.len() == 7)));
    assert!(matches!(&parsed[1], Conversation::Agent(a) if a.agent_version == Some(AgentVersion::Number(4))));
    assert!(matches!(&parsed[2], Conversation::Agent(a) if a.agent_version == Some(AgentVersion::Text("prod".into()))));
    assert!(list.parse(ok(&json!([]))).expect("an empty page").is_empty());

    let get = conversations::get(&cfg(), ID).expect("builds");
    assert!(matches!(get.parse(ok(&model)).expect("parses"), Conversation::Model(_)));
    assert!(matches!(get.parse(ok(&agent)).expect("parses"), Conversation::Agent(_)));
}

#[test]
fn delete_accepts_no_content() {
    let call = conversations::delete(&cfg(), ID).expect("builds");
    assert_eq!(call.parse(response(204, &[], "")), Ok(()));
}

/// The answer every streaming builder gets is read by the decoder made for
/// its call: the docs' recorded stream, ending at connection close.
#[test]
fn stream_calls_decode_the_recorded_stream() {
    let recorded =
        std::fs::read(common::shared::shared_path("fixtures/mistral/docs-streaming-example.sse"))
            .expect("fixture");
    let calls = [
        conversations::start_stream(&cfg(), &ConversationRequest::with_agent("ag_1", "x").into_stream()),
        conversations::append_stream(&cfg(), ID, &ConversationAppendRequest::new("x").into_stream()),
        conversations::restart_stream(&cfg(), ID, &ConversationRestartRequest::new("msg_1", "x").into_stream()),
    ];
    for call in calls {
        let call = call.expect("builds");
        let mut decoder = EventStreamDecoder::for_call(&call);
        let mut events = Vec::new();
        decoder.push(&recorded, &mut events);
        decoder.finish(&mut events);
        let events: Vec<ConversationEvent> = events.into_iter().map(|e| e.expect("every event decodes")).collect();
        assert!(matches!(events.first(), Some(ConversationEvent::ResponseStarted(_))));
        assert!(matches!(events.last(), Some(ConversationEvent::ResponseDone(_))));
    }
}

// ---------------------------------------------------------------- errors

#[test]
fn not_found_keeps_the_json_body_and_request_id() {
    let call = conversations::get(&cfg(), "conv_missing").expect("builds");
    let body = r#"{"object":"error","message":"Conversation conv_missing not found","type":"invalid_request_error","param":null,"code":"3001"}"#;
    let err =
        api_error(call.parse(response(404, &[("content-type", "application/json"), ("x-request-id", "req_42")], body)));
    assert_eq!(err.status, 404);
    assert_eq!(err.kind, ApiErrorKind::Status);
    assert_eq!(err.body, body);
    assert_eq!(err.json.as_ref().and_then(|j| j["code"].as_str()), Some("3001"));
    assert_eq!(err.request_id.as_deref(), Some("req_42"));
    assert_eq!(err.message().as_deref(), Some("Conversation conv_missing not found"));
    assert_eq!(err.to_string(), "API error 404: Conversation conv_missing not found");
}

#[test]
fn validation_error_names_every_field_path() {
    let body = json!({ "detail": [
        { "loc": ["body", "inputs", 0, "content"], "msg": "Field required", "type": "missing", "input": {} },
        { "loc": ["body", "tools", 2, "function", "name"], "msg": "String should have at most 64 characters",
          "type": "string_too_long", "input": "x", "ctx": { "max_length": 64 } },
        { "loc": ["body", "handoff_execution"], "msg": "Input should be 'client' or 'server'", "type": "enum" },
        { "loc": ["path", "conversation_id"], "msg": "Invalid id", "type": "value_error" },
        { "loc": ["query", "page_size"], "msg": "Input should be a valid integer", "type": "int_parsing" },
        { "loc": ["body"], "msg": "Field required", "type": "missing" }
    ]});
    spec::assert_valid("HTTPValidationError", &body);
    let call = conversations::append(&cfg(), ID, &ConversationAppendRequest::new("x")).expect("builds");
    let err = api_error(call.parse(response(422, &[("content-type", "application/json")], &body.to_string())));
    let ApiErrorKind::Validation(fields) = &err.kind else { panic!("expected a validation error, got {:?}", err.kind) };
    let paths: Vec<String> = fields.iter().map(|f| f.path()).collect();
    assert_eq!(
        paths,
        ["inputs[0].content", "tools[2].function.name", "handoff_execution", "conversation_id", "page_size", "body"]
    );
    assert_eq!(fields[1].kind, "string_too_long");
    assert_eq!(err.json.as_ref(), Some(&body));
    let shown = err.to_string();
    assert!(shown.starts_with("API error 422: invalid request: `inputs[0].content`: Field required;"), "{shown}");
    assert!(shown.contains("`tools[2].function.name`: String should have at most 64 characters"), "{shown}");
}

#[test]
fn a_422_that_is_not_a_validation_body_is_a_plain_status_error() {
    let call = conversations::start(&cfg(), &ConversationRequest::with_agent("ag_1", "x")).expect("builds");
    let err = api_error(call.parse(response(422, &[], r#"{"detail": "Agent ag_1 has no model"}"#)));
    assert_eq!(err.kind, ApiErrorKind::Status);
    assert_eq!(err.message().as_deref(), Some("Agent ag_1 has no model"));
}

#[test]
fn rate_limits_carry_the_retry_delay() {
    let call = conversations::history(&cfg(), ID).expect("builds");
    let body = r#"{"message":"Requests rate limit exceeded"}"#;
    type Headers<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Headers, Option<u64>); 6] = [
        (&[("retry-after", "2")], Some(2000)),
        (&[("Retry-After", "1.5")], Some(1500)),
        (&[("retry-after", "30"), ("retry-after-ms", "250")], Some(250)),
        (&[("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")], None),
        (&[("retry-after", "-3")], None),
        (&[], None),
    ];
    for (headers, expected) in cases {
        let err = api_error(call.parse(response(429, headers, body)));
        assert_eq!(err.status, 429);
        assert_eq!(err.kind, ApiErrorKind::RateLimited { retry_after_ms: expected }, "{headers:?}");
        assert_eq!(err.body, body);
    }
}

#[test]
fn html_error_pages_are_kept_verbatim() {
    let call = conversations::start(&cfg(), &ConversationRequest::with_agent("ag_1", "x")).expect("builds");
    for (status, page) in [
        (500, "<html><body><h1>500 Internal Server Error</h1></body></html>"),
        (502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>cloudflare</body>\r\n</html>\r\n"),
    ] {
        let err = api_error(call.parse(response(status, &[("content-type", "text/html")], page)));
        assert_eq!(err.status, status);
        assert_eq!(err.kind, ApiErrorKind::Status);
        assert_eq!(err.body, page);
        assert_eq!(err.json, None);
        assert_eq!(err.message(), None);
        assert!(err.to_string().starts_with(&format!("API error {status}: <html>")), "{err}");
    }
}

#[test]
fn malformed_success_bodies_are_decode_errors_naming_the_path() {
    let start = conversations::start(&cfg(), &ConversationRequest::with_agent("ag_1", "x")).expect("builds");
    let mut body = spec::synthesize("ConversationResponse");
    body["usage"]["prompt_tokens"] = json!("many");
    let e = decode_error(start.parse(ok(&body)));
    assert_eq!((e.target, e.path.as_str()), ("ConversationResponse", "usage.prompt_tokens"));

    let mut body = spec::synthesize("ConversationResponse");
    body["outputs"][1]["name"] = json!(42);
    let e = decode_error(start.parse(ok(&body)));
    assert_eq!(e.path, "outputs[1]");
    assert!(e.message.contains("tool.execution"), "{e}");

    let e = decode_error(start.parse(ok(&json!({ "conversation_id": ID, "usage": {} }))));
    assert!(e.message.contains("outputs"), "{e}");

    let e = decode_error(start.parse(response(200, &[], "<html>maintenance</html>")));
    assert_eq!(e.target, "ConversationResponse");

    let history = conversations::history(&cfg(), ID).expect("builds");
    let e = decode_error(history.parse(ok(&json!({ "conversation_id": ID, "entries": {} }))));
    assert_eq!(e.path, "entries");

    let list = conversations::list(&cfg(), &ListConversationsParams::default()).expect("builds");
    let mut agent = spec::synthesize("AgentConversation");
    agent["created_at"] = json!(1716000000);
    let e = decode_error(list.parse(ok(&json!([spec::synthesize("ModelConversation"), agent]))));
    assert_eq!((e.target, e.path.as_str()), ("Conversation[]", "[1]"));
    assert!(e.message.contains("created_at"), "{e}");
    assert!(e.to_string().starts_with("could not decode Conversation[] at `[1]`"), "{e}");
}

// ---------------------------------------------------------------- input validation

#[test]
fn an_empty_conversation_id_is_refused_before_sending() {
    let c = cfg();
    let fields = [
        invalid_field(conversations::append(&c, "", &ConversationAppendRequest::new("x"))),
        invalid_field(conversations::append_stream(&c, "", &ConversationAppendRequest::new("x").into_stream())),
        invalid_field(conversations::restart(&c, "", &ConversationRestartRequest::new("msg_1", "x"))),
        invalid_field(conversations::restart_stream(
            &c,
            "",
            &ConversationRestartRequest::new("msg_1", "x").into_stream(),
        )),
        invalid_field(conversations::get(&c, "")),
        invalid_field(conversations::delete(&c, "")),
        invalid_field(conversations::history(&c, "")),
        invalid_field(conversations::messages(&c, "")),
    ];
    assert!(fields.iter().all(|f| f == "conversation_id"), "{fields:?}");
    let err = conversations::get(&c, "").expect_err("refused");
    assert_eq!(err.to_string(), "invalid request: `conversation_id`: expected a non-empty string");
}

#[test]
fn empty_ids_and_aliases_in_bodies_are_refused() {
    let c = cfg();
    let empty_agent = ConversationRequest::with_agent("", "x");
    assert_eq!(invalid_field(conversations::start(&c, &empty_agent)), "agent_id");
    assert_eq!(invalid_field(conversations::start_stream(&c, &empty_agent.into_stream())), "agent_id");
    assert_eq!(invalid_field(conversations::start(&c, &ConversationRequest::with_model("", "x"))), "model");
    let empty_alias = ConversationRequest {
        agent_version: Some(AgentVersion::Text(String::new())),
        ..ConversationRequest::with_agent("ag_1", "x")
    };
    assert_eq!(invalid_field(conversations::start(&c, &empty_alias)), "agent_version");
    let empty_entry = ConversationRestartRequest::new("", "x");
    assert_eq!(invalid_field(conversations::restart(&c, ID, &empty_entry)), "from_entry_id");
    assert_eq!(invalid_field(conversations::restart_stream(&c, ID, &empty_entry.into_stream())), "from_entry_id");
    let restart_alias = ConversationRestartRequest {
        agent_version: Some(AgentVersion::Text(String::new())),
        ..ConversationRestartRequest::new("msg_1", "x")
    };
    assert_eq!(invalid_field(conversations::restart(&c, ID, &restart_alias)), "agent_version");
    // Version 0 is a real version, not an empty value.
    let zero = ConversationRequest {
        agent_version: Some(AgentVersion::Number(0)),
        ..ConversationRequest::with_agent("ag_1", "x")
    };
    assert!(conversations::start(&c, &zero).is_ok());
}

// ---------------------------------------------------------------- secrets

#[test]
fn the_api_key_never_shows_in_debug_or_errors() {
    const KEY: &str = "sk-live-5EcReT0123456789";
    let c = ApiConfig { server_url: ops::SERVER.into(), api_key: Some(KEY.into()), headers: vec![] };
    let hidden = |what: &str, text: String| {
        assert!(!text.contains(KEY) && !text.contains("5EcReT"), "{what} shows the key: {text}")
    };
    hidden("ApiConfig", format!("{c:?}"));

    let start = conversations::start(&c, &ConversationRequest::with_agent("ag_1", "x")).expect("builds");
    // The key is really in the request, so not finding it below means something.
    assert_eq!(start.request.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    hidden("Call", format!("{start:?}"));
    hidden("HttpRequest", format!("{:?}", start.request));
    hidden("HttpRequest pretty", format!("{:#?}", start.request));
    let stream =
        conversations::start_stream(&c, &ConversationRequest::with_agent("ag_1", "x").into_stream()).expect("builds");
    hidden("StreamCall", format!("{stream:?}"));
    let list = conversations::list(&c, &ListConversationsParams::default()).expect("builds");
    hidden("list Call", format!("{list:?}"));

    let mut errors: Vec<Error> = vec![
        conversations::get(&c, "").expect_err("empty id"),
        conversations::start(&c, &ConversationRequest::with_agent("", "x")).expect_err("empty agent"),
    ];
    for (status, body) in [
        (401, r#"{"message":"Unauthorized","request_id":"r1"}"#),
        (404, r#"{"message":"not found"}"#),
        (422, r#"{"detail":[{"loc":["body","inputs"],"msg":"Field required","type":"missing"}]}"#),
        (429, "{}"),
        (500, "<html>oops</html>"),
    ] {
        errors.extend(start.parse(response(status, &[("retry-after", "1")], body)).err());
    }
    errors.extend(start.parse(response(200, &[], "{not json")).err());
    assert_eq!(errors.len(), 8);
    for e in &errors {
        hidden("error Display", e.to_string());
        hidden("error Debug", format!("{e:?}"));
    }
}
