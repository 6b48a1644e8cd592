//! The HTTP layer against the mock Mistral server, in Node and in headless
//! Chromium (`node tests/support/run-wasm-tests.mjs node|chrome` starts the
//! server and passes its URL at compile time as `MOCK_MISTRAL_URL`).
#![cfg(target_arch = "wasm32")]

use mistral_edge::api::{ApiConfig, ApiErrorKind, Call, HttpRequest, Method};
use mistral_edge::error::{Error, Timeout};
use mistral_edge::http::{ByteStream, CallOptions, Transport};
use mistral_edge::retry::RetryPolicy;
use mistral_edge::sse::{SseDecoder, SseEvent};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const SERVER: &str = match option_env!("MOCK_MISTRAL_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};

fn config() -> ApiConfig {
    ApiConfig { server_url: SERVER.into(), api_key: Some("sk-wasm-test".into()), headers: vec![] }
}

/// A fault for the mock server, scoped to a fresh key so tests never share counters.
fn fault(spec: &str) -> (String, Vec<(String, String)>) {
    let key = format!("k{}", (js_sys::Math::random() * 1e12) as u64);
    (key.clone(), vec![("x-mock-fault".into(), format!("{spec}&key={key}"))])
}

fn opts(headers: Vec<(String, String)>) -> CallOptions {
    CallOptions { headers, ..Default::default() }
}

fn start_stream_request(text: &str) -> HttpRequest {
    let body = json!({ "model": "mistral-medium-latest", "inputs": text, "stream": true });
    config().request(Method::Post, "/v1/conversations").json(&body).unwrap().event_stream().build()
}

async fn stats() -> Value {
    let call = Call::<Value>::json(config().request(Method::Get, "/_mock/stats").build(), "stats");
    Transport::default().send(call, CallOptions::default()).await.unwrap()
}

/// Polls until the server has no open stream (the abort reached it).
async fn wait_no_open_streams() -> bool {
    for _ in 0..50 {
        if stats().await["openStreams"] == 0 {
            return true;
        }
        sleep(100).await;
    }
    false
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: js_sys::Function = js_sys::Reflect::get(&global, &"setTimeout".into()).unwrap().into();
        set_timeout.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms)).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

async fn read_events(stream: &mut ByteStream) -> (Vec<SseEvent>, Option<Error>) {
    let mut decoder = SseDecoder::new();
    let mut events = Vec::new();
    loop {
        match stream.next().await {
            Ok(Some(chunk)) => decoder.push(&chunk, &mut events).unwrap(),
            Ok(None) => return (events, None),
            Err(e) => return (events, Some(e)),
        }
    }
}

#[wasm_bindgen_test]
async fn plain_call_round_trips_json() {
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    let list = Transport::default().send(call, CallOptions::default()).await.unwrap();
    assert_eq!(list["object"], "list");
    assert!(list["data"].as_array().is_some_and(|d| !d.is_empty()));
}

#[wasm_bindgen_test]
async fn streamed_conversation_decodes_events() {
    let mut stream = Transport::default().open_stream(&start_stream_request("hello"), CallOptions::default()).await.unwrap();
    let (events, error) = read_events(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    let kinds: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(kinds.first(), Some(&"conversation.response.started"));
    assert_eq!(kinds.last(), Some(&"conversation.response.done"));
    assert!(kinds.contains(&"message.output.delta"));
}

#[wasm_bindgen_test]
async fn abort_mid_stream_releases_the_connection() {
    let controller = web_sys::AbortController::new().unwrap();
    let (_, headers) = fault("kind=drip&delay_ms=200");
    let options = CallOptions { signal: Some(controller.signal()), headers, ..Default::default() };
    let mut stream = Transport::default().open_stream(&start_stream_request("a long answer"), options).await.unwrap();
    assert!(stream.next().await.unwrap().is_some());
    controller.abort();
    assert_eq!(stream.next().await.unwrap_err(), Error::Aborted);
    assert!(wait_no_open_streams().await, "the server still holds the stream");
}

#[wasm_bindgen_test]
async fn dropping_a_stream_releases_the_connection() {
    let (_, headers) = fault("kind=stall");
    let mut stream = Transport::default().open_stream(&start_stream_request("x"), opts(headers)).await.unwrap();
    assert!(stream.next().await.unwrap().is_some());
    drop(stream);
    assert!(wait_no_open_streams().await, "the server still holds the stream");
}

#[wasm_bindgen_test]
async fn retries_after_429_honouring_retry_after() {
    let (key, headers) = fault("kind=rate_limit&times=1&retry_after=1");
    let started = js_sys::Date::now();
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    let list = Transport::default().send(call, opts(headers)).await.unwrap();
    let waited = js_sys::Date::now() - started;
    assert_eq!(list["object"], "list");
    assert!(waited >= 950.0, "retried after {waited} ms, before Retry-After");
    assert_eq!(stats().await["countsByKey"][&key], 2);
}

#[wasm_bindgen_test]
async fn rate_limit_without_retries_is_typed() {
    let (_, headers) = fault("kind=rate_limit&times=1&retry_after=7");
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    let options = CallOptions { retry: Some(RetryPolicy::NONE), headers, ..Default::default() };
    match Transport::default().send(call, options).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 429);
            assert_eq!(e.kind, ApiErrorKind::RateLimited { retry_after_ms: Some(7000) });
        }
        other => panic!("expected a 429, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn server_error_keeps_its_body_and_is_not_retried_for_post() {
    let (key, headers) = fault("kind=server_error&status=500&times=5");
    let body = json!({ "model": "mistral-medium-latest", "inputs": "hi" });
    let req = config().request(Method::Post, "/v1/conversations").json(&body).unwrap().build();
    match Transport::default().send(Call::<Value>::json(req, "ConversationResponse"), opts(headers)).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 500);
            assert!(!e.body.is_empty());
            assert!(e.json.is_some());
            assert!(e.request_id.is_some(), "x-request-id is readable (CORS exposes it)");
        }
        other => panic!("expected a 500, got {other:?}"),
    }
    assert_eq!(stats().await["countsByKey"][&key], 1, "a POST is not retried after a 500");
}

#[wasm_bindgen_test]
async fn html_error_page_is_kept_as_text() {
    let (_, headers) = fault("kind=html_error&times=5");
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    let options = CallOptions { retry: Some(RetryPolicy::NONE), headers, ..Default::default() };
    match Transport::default().send(call, options).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 502);
            assert!(e.body.contains("<html"), "{}", e.body);
            assert!(e.json.is_none());
        }
        other => panic!("expected a 502, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_stall_trips_the_idle_timeout_and_releases_the_connection() {
    let (_, headers) = fault("kind=stall");
    let options = CallOptions { idle_timeout_ms: Some(400), headers, ..Default::default() };
    let mut stream = Transport::default().open_stream(&start_stream_request("x"), options).await.unwrap();
    let (events, error) = read_events(&mut stream).await;
    assert!(!events.is_empty(), "the events before the stall are delivered");
    assert_eq!(error, Some(Error::Timeout(Timeout { ms: 400, idle: true })));
    assert!(wait_no_open_streams().await, "the server still holds the stream");
}

#[wasm_bindgen_test]
async fn a_slow_but_healthy_stream_outlives_its_idle_timeout() {
    // Each gap (150 ms) is under the idle limit, the whole stream far over it.
    let (_, headers) = fault("kind=drip&delay_ms=150");
    let options = CallOptions { idle_timeout_ms: Some(600), headers, ..Default::default() };
    let started = js_sys::Date::now();
    let mut stream = Transport::default().open_stream(&start_stream_request("a long answer"), options).await.unwrap();
    let (events, error) = read_events(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    assert!(js_sys::Date::now() - started > 600.0, "the stream was not longer than the idle limit");
    assert_eq!(events.last().map(|e| e.event.as_str()), Some("conversation.response.done"));
}

#[wasm_bindgen_test]
async fn total_timeout_for_plain_calls() {
    let (_, headers) = fault("kind=slow_headers&delay_ms=3000");
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    let options = CallOptions { timeout_ms: Some(300), retry: Some(RetryPolicy::NONE), headers, ..Default::default() };
    assert_eq!(Transport::default().send(call, options).await.unwrap_err(), Error::Timeout(Timeout { ms: 300, idle: false }));
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    let options = CallOptions { signal: Some(controller.signal()), ..Default::default() };
    assert_eq!(Transport::default().send(call, options).await.unwrap_err(), Error::Aborted);
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_connection_error() {
    let cfg = ApiConfig { server_url: "http://127.0.0.1:9".into(), ..config() };
    let call = Call::<Value>::json(cfg.request(Method::Get, "/v1/models").build(), "ModelList");
    let retry = RetryPolicy { max_retries: 1, initial_delay_ms: 10, ..Default::default() };
    let options = CallOptions { retry: Some(retry), ..Default::default() };
    match Transport::default().send(call, options).await {
        Err(Error::Connection(message)) => assert!(!message.contains("sk-wasm-test")),
        other => panic!("expected a connection error, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn an_injected_fetch_is_used() {
    let calls = js_sys::Array::new();
    let recorder = calls.clone();
    let fetch = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |url: JsValue, init: JsValue| {
        recorder.push(&url);
        let global = js_sys::global();
        let real: js_sys::Function = js_sys::Reflect::get(&global, &"fetch".into()).unwrap().into();
        real.call2(&JsValue::UNDEFINED, &url, &init).unwrap()
    });
    let transport = Transport { fetch: Some(fetch.as_ref().unchecked_ref::<js_sys::Function>().clone()), ..Default::default() };
    let call = Call::<Value>::json(config().request(Method::Get, "/v1/models").build(), "ModelList");
    transport.send(call, CallOptions::default()).await.unwrap();
    assert_eq!(calls.length(), 1);
    assert_eq!(calls.get(0).as_string().unwrap(), format!("{SERVER}/v1/models"));
}

mod typed {
    use super::*;
    use futures_util::StreamExt;
    use mistral_edge::api::StreamCall;
    use mistral_edge::models::ConversationEvent;

    async fn collect(headers: Vec<(String, String)>) -> Vec<Result<ConversationEvent, Error>> {
        let call = StreamCall::<ConversationEvent>::until_close(start_stream_request("hello there"));
        let stream = Transport::default().stream(call, opts(headers)).await.unwrap();
        stream.collect().await
    }

    #[wasm_bindgen_test]
    async fn typed_conversation_stream_ends_with_done_and_usage() {
        let items = collect(vec![]).await;
        assert!(matches!(items.first(), Some(Ok(ConversationEvent::ResponseStarted(_)))), "{items:?}");
        match items.last() {
            Some(Ok(ConversationEvent::ResponseDone(done))) => assert!(done.usage.total_tokens > 0),
            other => panic!("expected conversation.response.done last, got {other:?}"),
        }
        assert!(items.iter().all(Result::is_ok));
    }

    #[wasm_bindgen_test]
    async fn malformed_event_is_an_error_item_and_the_stream_goes_on() {
        let (_, headers) = fault("kind=malformed_json");
        let items = collect(headers).await;
        let bad = items.iter().position(|i| matches!(i, Err(Error::Decode(_)))).expect("a decode error item");
        assert!(bad > 0, "events before the bad one are delivered");
        assert!(matches!(items.last(), Some(Ok(ConversationEvent::ResponseDone(_)))), "events after it too");
    }

    #[wasm_bindgen_test]
    async fn a_connection_reset_mid_stream_ends_with_an_error_after_the_events() {
        let (_, headers) = fault("kind=reset_mid_stream&after=2");
        let items = collect(headers).await;
        assert!(items.len() >= 2, "{items:?}");
        assert!(items[..2].iter().all(Result::is_ok));
        assert!(matches!(items.last(), Some(Err(Error::Connection(_) | Error::Stream(_)))), "{:?}", items.last());
    }

    #[wasm_bindgen_test]
    async fn a_truncated_stream_reports_the_cut() {
        let (_, headers) = fault("kind=truncate");
        let items = collect(headers).await;
        assert!(items.iter().any(Result::is_ok));
        assert!(matches!(items.last(), Some(Err(Error::Stream(_)))), "{:?}", items.last());
    }
}
