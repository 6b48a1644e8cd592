//! Requests the builders refuse before anything is sent: the checks that
//! make bad input from JS a typed error naming the field.
#![cfg(not(target_arch = "wasm32"))]

use mistral_edge::api::{agents, conversations, ApiConfig, Raw};
use mistral_edge::error::InvalidRequest;
use mistral_edge::models::{ConversationEvent, ConversationRequest, CreateAgentRequest};
use mistral_edge::Error;
use serde_json::json;

fn invalid(e: Error) -> InvalidRequest {
    match e {
        Error::InvalidRequest(i) => i,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[test]
fn an_unknown_tool_type_is_refused_naming_its_entry() {
    let cfg = ApiConfig::new("k");
    let body: ConversationRequest = serde_json::from_value(json!({
        "model": "m", "inputs": "hi", "tools": [{ "type": "web_search" }, { "type": "web_serch" }]
    }))
    .unwrap();
    let e = invalid(conversations::start(&cfg, &body).unwrap_err());
    assert_eq!(e.field, "tools[1].type");
    assert!(e.expected.contains("web_search") && e.expected.contains("\"web_serch\""), "{}", e.expected);

    let agent: CreateAgentRequest =
        serde_json::from_value(json!({ "model": "m", "name": "a", "tools": [{ "type": "nope" }] })).unwrap();
    assert_eq!(invalid(agents::create(&cfg, &agent).unwrap_err()).field, "tools[0].type");
}

#[test]
fn a_conversation_needs_a_model_or_an_agent() {
    let cfg = ApiConfig::new("k");
    let body: ConversationRequest = serde_json::from_value(json!({ "inputs": "hi" })).unwrap();
    assert_eq!(invalid(conversations::start(&cfg, &body).unwrap_err()).field, "model");
    let ok = ConversationRequest::with_agent("ag_1", "hi");
    assert!(conversations::start(&cfg, &ok).is_ok());
}

#[test]
fn raw_keeps_the_json_as_sent_and_still_checks_the_type() {
    let text = r#"{"type":"conversation.response.started","conversation_id":"c","new_field":[1, 2]}"#;
    let raw: Raw<ConversationEvent> = serde_json::from_str(text).unwrap();
    assert_eq!(raw.json.get(), text);
    assert!(matches!(raw.value, ConversationEvent::ResponseStarted(ref s) if s.conversation_id == "c"));
    let bad = r#"{"type":"conversation.response.started","conversation_id":7}"#;
    let err = serde_json::from_str::<Raw<ConversationEvent>>(bad).unwrap_err().to_string();
    assert!(err.contains("conversation_id") || err.contains("invalid type"), "{err}");
}

fn field_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: serde_json::Value) -> InvalidRequest {
    invalid(mistral_edge::api::request_from_json::<T>("body", &json.to_string()).unwrap_err())
}

#[test]
fn json_requests_name_the_field_and_what_was_expected() {
    let e = field_error::<ConversationRequest>(json!({ "model": "m", "inputs": 5 }));
    assert_eq!(e.field, "inputs");
    assert!(e.expected.contains("got integer `5`") && !e.expected.contains("line 1"), "{}", e.expected);

    let e = field_error::<ConversationRequest>(json!({ "model": "m" }));
    assert_eq!((e.field.as_str(), e.expected.as_str()), ("inputs", "a value (the field is required)"));

    let e = field_error::<ConversationRequest>(json!({ "model": "m", "inputs": "x", "modle": 1 }));
    assert_eq!(e.field, "modle");

    let e = field_error::<CreateAgentRequest>(json!({ "model": "m", "name": "a", "tools": [{ "type": "function" }] }));
    assert_eq!(e.field, "tools[0].function", "{e:?}");

    let e = field_error::<ConversationRequest>(json!({ "model": "m", "inputs": [{ "role": "user", "content": "a" }, { "role": "user", "content": 5 }] }));
    assert_eq!(e.field, "inputs[1].content", "{e:?}");

    let e = field_error::<ConversationRequest>(json!([1]));
    assert_eq!(e.field, "body[0]");
    let e = field_error::<ConversationRequest>(json!("text"));
    assert_eq!(e.field, "body");
}
