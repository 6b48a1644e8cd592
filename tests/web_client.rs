//! The async Rust client (`Mistral`) end to end against the mock Mistral
//! server, in Node and headless Chromium (see tests/web_http.rs for how the
//! server is started).
#![cfg(target_arch = "wasm32")]

use std::collections::HashSet;

use futures_util::StreamExt;
use mistral_edge::api::connectors::ListConnectorsParams;
use mistral_edge::api::models::ListModelsParams;
use mistral_edge::api::ApiErrorKind;
use mistral_edge::models::{
    ChatCompletionRequest, ChatMessage, ConversationEvent, ConversationRequest, CreateAgentRequest,
    CreateConnectorRequest,
};
use mistral_edge::{Error, Mistral, MistralConfig};
use wasm_bindgen_test::*;

const SERVER: &str = match option_env!("MOCK_MISTRAL_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};

fn client(key: &str) -> Mistral {
    Mistral::new(MistralConfig { server_url: Some(SERVER.into()), ..MistralConfig::new(key) })
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", (js_sys::Math::random() * 1e12) as u64)
}

#[wasm_bindgen_test]
async fn agent_conversation_round_trip() {
    let c = client("sk-client-test");
    let agent = c
        .agents()
        .create(&CreateAgentRequest::new("mistral-medium-latest", "helper").with_instructions("Be brief."), Default::default())
        .await
        .unwrap();
    let fetched = c.agents().get(&agent.id, None, Default::default()).await.unwrap();
    assert_eq!(fetched.id, agent.id);

    let answer =
        c.conversations().start(&ConversationRequest::with_agent(&agent.id, "Hello"), Default::default()).await.unwrap();
    assert!(!answer.outputs.is_empty());
    let history = c.conversations().history(&answer.conversation_id, Default::default()).await.unwrap();
    assert!(history.entries.len() >= 2, "input and output at least: {history:?}");
}

#[wasm_bindgen_test]
async fn streamed_conversation_yields_typed_events_until_close() {
    let c = client("sk-client-test");
    let request = ConversationRequest::with_model("mistral-medium-latest", "Hello there").into_stream();
    let mut events = c.conversations().start_stream(&request, Default::default()).await.unwrap();
    let (mut text, mut done) = (String::new(), false);
    while let Some(event) = events.next().await {
        match event.unwrap() {
            ConversationEvent::MessageOutput(delta) => text.push_str(delta.content.as_text().unwrap_or_default()),
            ConversationEvent::ResponseDone(d) => done = d.usage.total_tokens > 0,
            _ => {}
        }
    }
    assert!(done, "conversation.response.done with usage");
    assert!(!text.is_empty());
}

#[wasm_bindgen_test]
async fn chat_stream_ends_at_done() {
    let c = client("sk-client-test");
    let request = ChatCompletionRequest::new("mistral-small-latest", vec![ChatMessage::user("Hi")]);
    let chunks: Vec<_> = c.chat().stream(&request, Default::default()).await.unwrap().collect().await;
    assert!(!chunks.is_empty());
    assert!(chunks.iter().all(Result::is_ok), "{chunks:?}");
    let whole = c.chat().complete(&request, Default::default()).await.unwrap();
    assert!(!whole.choices.is_empty());
}

#[wasm_bindgen_test]
async fn list_all_walks_every_cursor_page() {
    let c = client("sk-client-test");
    let prefix = unique("walk");
    let mut made = HashSet::new();
    for i in 0..5 {
        let name = format!("{prefix}_{i}");
        let body = CreateConnectorRequest::new(&name, "test connector", "https://mcp.example.com/mcp");
        c.connectors().create(&body, Default::default()).await.unwrap();
        made.insert(name);
    }
    let params = ListConnectorsParams { page_size: Some(2), ..Default::default() };
    let all: Vec<_> = c.connectors().list_all(params, Default::default()).collect().await;
    let names: HashSet<_> = all.into_iter().map(|r| r.unwrap().name).collect();
    assert!(made.is_subset(&names), "{made:?} not all in {names:?}");
}

#[wasm_bindgen_test]
async fn refused_key_is_a_typed_401_without_the_key() {
    let c = client("bad-key");
    let err = c.models().list(&ListModelsParams::default(), Default::default()).await.unwrap_err();
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 401);
            assert_eq!(api.kind, ApiErrorKind::Status);
            assert!(api.request_id.is_some());
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    let secret = "sk-very-secret-123";
    let c = client(secret);
    for text in [format!("{err}"), format!("{err:?}"), format!("{c:?}")] {
        assert!(!text.contains("bad-key") && !text.contains(secret), "{text}");
    }
}

#[wasm_bindgen_test]
async fn run_loop_from_rust_executes_a_function_and_finishes() {
    use mistral_edge::client::RunTools;
    use mistral_edge::run::{RunOptions, ToolSource};
    use std::cell::RefCell;
    use std::rc::Rc;

    let seen: Rc<RefCell<Vec<serde_json::Value>>> = Rc::default();
    let log = seen.clone();
    let tools = RunTools::new().function(
        "get_weather",
        "The weather in a city",
        serde_json::json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
        Box::new(move |args| {
            log.borrow_mut().push(args);
            Box::pin(async { Ok("sunny, 21C".to_owned()) })
        }),
    );
    let request = serde_json::json!({"model": "mistral-medium-latest", "inputs": "Use get_weather for Paris"});
    let result = client("sk-client-test")
        .run(request.as_object().unwrap().clone(), tools, RunOptions::default(), Default::default())
        .await
        .unwrap();
    assert_eq!(seen.borrow().len(), 1, "the function ran once: {:?}", seen.borrow());
    assert!(seen.borrow()[0]["city"].is_string());
    assert_eq!(result.turns, 2);
    assert!(result.conversation_id.is_some());
    let kinds: Vec<&str> = result.entries.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(kinds, ["message.input", "function.call", "function.result", "message.output"]);
    assert_eq!(result.entries[2]["result"], "sunny, 21C");
    assert!(!result.output_text.is_empty());
    assert_eq!(result.tool_names[0].source, ToolSource::Local);
}
