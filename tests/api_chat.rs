//! Request builders and response parsing of the chat completions and models
//! operations, checked against the spec.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{ops, spec};
use mistral_edge::api::{self, ApiConfig, ApiErrorKind, HttpRequest, HttpResponse, ResponseKind};
use mistral_edge::models::*;
use mistral_edge::Error;
use serde_json::{json, Value};

const CHAT: &str = "chat_completion_v1_chat_completions_post";
const LIST: &str = "list_models_v1_models_get";
const RETRIEVE: &str = "retrieve_model_v1_models__model_id__get";
const DELETE: &str = "delete_model_v1_models__model_id__delete";
const FT_ID: &str = "ft:open-mistral-7b:587a6b29:20240514:7e773925";

fn cfg() -> ApiConfig {
    ApiConfig { server_url: ops::SERVER.into(), api_key: Some("sk-test".into()), headers: vec![] }
}

fn respond(status: u16, headers: &[(&str, &str)], body: impl Into<String>) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.into(),
    }
}

fn body_of(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().expect("a body")).expect("JSON body")
}

/// The spec's maximal `ChatCompletionRequest` (every role, chunk and tool).
fn rich_request() -> ChatCompletionRequest {
    serde_json::from_value(spec::synthesize("ChatCompletionRequest")).expect("synthesized request decodes")
}

/// The spec's 200 lists `application/json` and `text/event-stream`; the
/// checker picks by the body's `stream` member, so a plain call must read JSON.
fn assert_plain_chat_conforms(req: &HttpRequest) {
    assert_eq!(req.header("accept"), Some("application/json"));
    ops::assert_conforms(req, CHAT);
}

#[test]
fn complete_sends_the_request_without_stream() {
    let request = rich_request();
    assert_eq!(request.stream, Some(true), "the synthesized request streams");
    let call = api::chat::complete(&cfg(), &request).unwrap();
    assert_plain_chat_conforms(&call.request);
    assert_eq!(call.target(), "ChatCompletionResponse");
    let mut expected = spec::synthesize("ChatCompletionRequest");
    expected.as_object_mut().unwrap().remove("stream");
    assert_eq!(body_of(&call.request), expected, "the body is the request, minus `stream`");
}

#[test]
fn stream_forces_stream_true() {
    let mut request = rich_request();
    request.stream = Some(false);
    let call = api::chat::stream(&cfg(), &request).unwrap();
    ops::assert_conforms(&call.request, CHAT);
    assert_eq!(call.terminator, Some("[DONE]"));
    assert_eq!(call.request.response, ResponseKind::EventStream);
    assert_eq!(body_of(&call.request)["stream"], true);

    request.stream = None;
    let call = api::chat::stream(&cfg(), &request).unwrap();
    assert_eq!(body_of(&call.request)["stream"], true);
}

#[test]
fn spec_example_messages_build_a_valid_request() {
    let schema = spec::schema("ChatCompletionRequest");
    let examples = schema.pointer("/properties/messages/examples").and_then(Value::as_array).unwrap();
    assert!(!examples.is_empty());
    for example in examples {
        let messages: Vec<ChatMessage> = serde_json::from_value(example.clone()).unwrap();
        let request = ChatCompletionRequest::new("mistral-large-latest", messages);
        let plain = api::chat::complete(&cfg(), &request).unwrap();
        assert_plain_chat_conforms(&plain.request);
        assert_eq!(body_of(&plain.request), json!({"model": "mistral-large-latest", "messages": example}));
        let streamed = api::chat::stream(&cfg(), &request).unwrap();
        ops::assert_conforms(&streamed.request, CHAT);
    }
}

#[test]
fn empty_model_is_rejected_before_sending() {
    let request = ChatCompletionRequest::new("", vec![ChatMessage::user("Hi")]);
    for err in [api::chat::complete(&cfg(), &request).unwrap_err(), api::chat::stream(&cfg(), &request).unwrap_err()] {
        let Error::InvalidRequest(e) = err else { panic!("{err:?}") };
        assert_eq!(e.field, "model");
    }
}

#[test]
fn complete_parses_the_answer() {
    let call = api::chat::complete(&cfg(), &ChatCompletionRequest::new("m", vec![ChatMessage::user("Hi")])).unwrap();
    let body = json!({
        "id": "cmpl-e5cc70bb28c444948073e77776eb30ef", "object": "chat.completion", "model": "mistral-small-latest",
        "created": 1702256327, "usage": {"prompt_tokens": 16, "completion_tokens": 4, "total_tokens": 20},
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Claude Monet.", "tool_calls": null, "prefix": false}, "finish_reason": "stop"}]
    });
    let answer = call.parse(respond(200, &[("content-type", "application/json")], body.to_string())).unwrap();
    assert_eq!(answer.choices[0].message.as_ref().unwrap().content.as_ref().unwrap().text(), "Claude Monet.");
    assert_eq!(answer.usage.total_tokens, 20);

    // The spec's recorded answer (with its odd `prompt_audio_seconds: {}`).
    for example in spec::examples_for("ChatCompletionResponse") {
        call.parse(respond(200, &[], example.to_string())).expect("the spec's example parses");
    }

    let err = call.parse(respond(200, &[], r#"{"id": "c", "model": "m", "usage": {}, "choices": [{"index": "0"}]}"#));
    let Err(Error::Decode(e)) = err else { panic!("{err:?}") };
    assert_eq!((e.target, e.path.as_str()), ("ChatCompletionResponse", "choices[0].index"));
}

/// Every operation's error answers: status, kind and body kept.
#[test]
fn error_answers_are_typed() {
    let chat = api::chat::complete(&cfg(), &ChatCompletionRequest::new("m", vec![ChatMessage::user("Hi")])).unwrap();
    let list = api::models::list(&cfg(), &Default::default()).unwrap();
    let retrieve = api::models::retrieve(&cfg(), FT_ID).unwrap();
    let delete = api::models::delete(&cfg(), FT_ID).unwrap();
    // Each operation's parser, reduced to the error it gives (if any).
    type ErrorOf = Box<dyn Fn(HttpResponse) -> Option<Error>>;
    let parsers: [(&str, ErrorOf); 4] = [
        (CHAT, Box::new(move |r| chat.parse(r).err())),
        (LIST, Box::new(move |r| list.parse(r).err())),
        (RETRIEVE, Box::new(move |r| retrieve.parse(r).err())),
        (DELETE, Box::new(move |r| delete.parse(r).err())),
    ];
    let validation = json!({"detail": [
        {"loc": ["body", "messages", 0, "content"], "msg": "Field required", "type": "missing"}
    ]});
    spec::assert_valid("HTTPValidationError", &validation);
    for (op, parse) in &parsers {
        let api_error = |resp: HttpResponse| match parse(resp) {
            Some(Error::Api(e)) => *e,
            other => panic!("{op}: {other:?}"),
        };

        let e = api_error(respond(404, &[("x-request-id", "req-1")], r#"{"message": "Model not found"}"#));
        assert_eq!((e.status, &e.kind, e.request_id.as_deref()), (404, &ApiErrorKind::Status, Some("req-1")), "{op}");
        assert_eq!(e.message().as_deref(), Some("Model not found"), "{op}");

        let e = api_error(respond(422, &[], validation.to_string()));
        let ApiErrorKind::Validation(fields) = &e.kind else { panic!("{op}: {:?}", e.kind) };
        assert_eq!(fields[0].path(), "messages[0].content", "{op}");

        let e = api_error(respond(429, &[("retry-after", "2")], "{}"));
        assert_eq!(e.kind, ApiErrorKind::RateLimited { retry_after_ms: Some(2000) }, "{op}");

        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let e = api_error(respond(500, &[("content-type", "text/html")], html));
        assert_eq!((e.status, e.body.as_str(), e.json.is_none()), (500, html, true), "{op}");
    }
}

#[test]
fn list_models_conforms() {
    let call = api::models::list(&cfg(), &api::models::ListModelsParams::default()).unwrap();
    let (_, query) = ops::assert_conforms(&call.request, LIST);
    assert!(query.is_empty());

    let params =
        api::models::ListModelsParams { provider: Some("mistralai".into()), model: Some("mistral small & co".into()) };
    let call = api::models::list(&cfg(), &params).unwrap();
    let (_, query) = ops::assert_conforms(&call.request, LIST);
    assert_eq!(
        query,
        [("provider".to_owned(), "mistralai".to_owned()), ("model".to_owned(), "mistral small & co".to_owned())]
    );
}

#[test]
fn list_models_parses() {
    let call = api::models::list(&cfg(), &Default::default()).unwrap();
    let list = call.parse(respond(200, &[], spec::synthesize("ModelList").to_string())).unwrap();
    assert!(matches!(list.data.as_slice(), [ModelCard::Base(_), ModelCard::FineTuned(_)]), "{list:?}");
    // The spec's example is a bare array; it parses too.
    let example = &spec::examples_for("ModelList")[0];
    let list = call.parse(respond(200, &[], example.to_string())).unwrap();
    assert_eq!(list.data[0].id(), Some("<model_id>"));
}

#[test]
fn retrieve_and_delete_conform() {
    let retrieve = api::models::retrieve(&cfg(), FT_ID).unwrap();
    let (path, _) = ops::assert_conforms(&retrieve.request, RETRIEVE);
    assert_eq!(path, [("model_id".to_owned(), FT_ID.to_owned())]);
    let delete = api::models::delete(&cfg(), FT_ID).unwrap();
    let (path, _) = ops::assert_conforms(&delete.request, DELETE);
    assert_eq!(path, [("model_id".to_owned(), FT_ID.to_owned())]);
    // An id with a slash stays one path segment.
    let odd = api::models::retrieve(&cfg(), "org/model").unwrap();
    let (path, _) = ops::assert_conforms(&odd.request, RETRIEVE);
    assert_eq!(path[0].1, "org/model");
}

#[test]
fn retrieve_and_delete_parse() {
    let (_, _, op) = ops::operation(RETRIEVE);
    let example = op.pointer("/responses/200/content/application~1json/examples/userExample/value").unwrap();
    let retrieve = api::models::retrieve(&cfg(), FT_ID).unwrap();
    let card = retrieve.parse(respond(200, &[], example.to_string())).unwrap();
    assert_eq!(card.id(), Some("<your_model_id>"));
    let ft = retrieve.parse(respond(200, &[], spec::synthesize("FTModelCard").to_string())).unwrap();
    let ModelCard::FineTuned(ft) = ft else { panic!("{ft:?}") };
    assert_eq!((ft.job.as_str(), ft.root.as_str()), ("string", "string"));

    let delete = api::models::delete(&cfg(), FT_ID).unwrap();
    for example in spec::examples_for("DeleteModelResponse") {
        let answer = delete.parse(respond(200, &[], example.to_string())).unwrap();
        assert_eq!((answer.id.as_str(), answer.deleted), (FT_ID, true));
    }
}

#[test]
fn empty_model_id_is_rejected() {
    for err in [api::models::retrieve(&cfg(), "").unwrap_err(), api::models::delete(&cfg(), "").unwrap_err()] {
        let Error::InvalidRequest(e) = err else { panic!("{err:?}") };
        assert_eq!(e.field, "model_id");
    }
}

/// The `data` payloads of a fixture stream, up to `[DONE]` (which must come).
/// Framing is read naively (one `data:` line per event): the SSE decoder
/// proper is tested in `tests/sse.rs`.
fn fixture_payloads(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/fixtures/chat/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut payloads = Vec::new();
    for event in text.split("\n\n").filter(|e| !e.trim().is_empty()) {
        let data = event.strip_prefix("data: ").unwrap_or_else(|| panic!("{name}: not a data event: {event}"));
        if data == "[DONE]" {
            return payloads;
        }
        let value: Value = serde_json::from_str(data).unwrap_or_else(|e| panic!("{name}: {e}: {data}"));
        spec::assert_valid("CompletionChunk", &value);
        payloads.push(value);
    }
    panic!("{name}: no [DONE]")
}

/// Each payload decodes as a `CompletionChunk` (and, framed, a
/// `CompletionEvent`) and re-encodes as it came (give or take a default).
fn decode_chunks(name: &str) -> Vec<CompletionChunk> {
    fixture_payloads(name)
        .into_iter()
        .map(|data| {
            let chunk: CompletionChunk =
                serde_path_to_error::deserialize(&data).unwrap_or_else(|e| panic!("{name}: at {}: {e}", e.path()));
            spec::assert_same_json(&data, &serde_json::to_value(&chunk).unwrap());
            let framed: CompletionEvent = serde_json::from_value(json!({"data": data})).unwrap();
            assert_eq!(framed.data, chunk);
            chunk
        })
        .collect()
}

#[test]
fn text_stream_decodes_chunk_by_chunk() {
    let chunks = decode_chunks("text.sse");
    assert_eq!(chunks.len(), 7);
    assert_eq!(chunks[0].choices[0].delta.role, Some(Role::Assistant));
    let text: String =
        chunks.iter().filter_map(|c| c.choices[0].delta.content.as_ref()).map(MessageContent::text).collect();
    assert_eq!(text, "Claude Monet, the father of Impressionism.");
    let (last, rest) = chunks.split_last().unwrap();
    assert!(rest.iter().all(|c| c.choices[0].finish_reason.is_none() && c.usage.is_none()));
    assert_eq!(last.choices[0].finish_reason, Some(FinishReason::Stop));
    assert_eq!(last.usage.as_ref().map(|u| u.total_tokens), Some(28));
}

#[test]
fn tool_call_stream_decodes_chunk_by_chunk() {
    let chunks = decode_chunks("tool_calls.sse");
    assert_eq!(chunks.len(), 3);
    let calls: Vec<&ToolCall> =
        chunks.iter().filter_map(|c| c.choices[0].delta.tool_calls.as_ref()).flatten().collect();
    assert_eq!(calls.len(), 1);
    assert_eq!((calls[0].id.as_deref(), calls[0].function.name.as_str()), (Some("D681PevKs"), "get_weather"));
    assert_eq!(calls[0].function.arguments.to_value().unwrap(), json!({"city": "Paris", "unit": "celsius"}));
    assert_eq!(chunks[2].choices[0].finish_reason, Some(FinishReason::ToolCalls));
}
