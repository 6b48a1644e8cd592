//! The sans-IO MCP HTTP transports against scripted servers: exchanges
//! written from the spec of each era (JSON answers, SSE answers cut at every
//! byte, broken streams resumed with `Last-Event-ID`, expired sessions,
//! `-32022` fallbacks, `input_required` round trips, the 2024-11-05
//! `endpoint` event, era negotiation), with every JSON body the client
//! builds validated against the official schema of its revision.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/mcp_schema.rs"]
mod mcp_schema;

use mcp_schema::{assert_valid, V2025_11_25, V2026_07_28};
use mistral_edge::api::{HttpRequest, Method};
use mistral_edge::mcp::jsonrpc::{ErrorCode, Message, MessageError, Notification, Request, RequestId, Response};
use mistral_edge::mcp::transport::headers::{encode_value, scan};
use mistral_edge::mcp::transport::legacy_sse::{LegacySse, LEGACY_STREAM};
use mistral_edge::mcp::transport::negotiate::{Era, EraCache, EraKey, Negotiated, Negotiator, Step};
use mistral_edge::mcp::transport::stateless::{StatelessConfig, StatelessHttp};
use mistral_edge::mcp::transport::streamable::{StreamableConfig, StreamableHttp};
use mistral_edge::mcp::transport::{Event, Outgoing, StreamId, TransportError};
use mistral_edge::mcp::types::{
    ClientCapabilities, Implementation, InitializeRequestParams, InputResponses, Tool,
};
use mistral_edge::sse::SseError;
use serde_json::{json, Value};

const URL: &str = "http://127.0.0.1:9/mcp";

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn body(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().expect("a body")).expect("a JSON body")
}

fn client_info() -> Implementation {
    Implementation::new("mistral-edge-test", "0.0.1")
}

fn init_params() -> InitializeRequestParams {
    InitializeRequestParams {
        protocol_version: "2025-11-25".into(),
        capabilities: ClientCapabilities::default(),
        client_info: client_info(),
        meta: None,
        extra: Default::default(),
    }
}

fn init_result(version: &str) -> String {
    json!({"jsonrpc": "2.0", "id": 0, "result": {
        "protocolVersion": version, "capabilities": {"tools": {}},
        "serverInfo": {"name": "scripted", "version": "1.0.0"}}})
    .to_string()
}

fn request(id: i64, method: &str, params: Value) -> Message {
    let params = match params {
        Value::Object(m) => Some(m),
        _ => None,
    };
    Message::Request(Request { id: RequestId::from(id), method: method.into(), params })
}

fn is_response_to(event: &Event, id: i64) -> bool {
    matches!(event, Event::Message(Message::Response(r)) if r.id() == Some(&RequestId::from(id)))
}

fn fatal(events: &[Event]) -> Vec<&TransportError> {
    events.iter().filter_map(|e| match e { Event::Error { error, fatal: true, .. } => Some(error), _ => None }).collect()
}

/// Runs one whole answer through a streamable machine, in the given chunks.
fn answer(t: &mut StreamableHttp, s: StreamId, status: u16, headers: &[(&str, &str)], chunks: &[&[u8]], now: u64) -> Vec<Event> {
    let mut events = t.on_headers(s, status, &h(headers));
    for c in chunks {
        events.extend(t.on_body(s, c));
    }
    events.extend(t.on_end(s, now));
    events
}

/// A streamable machine past the handshake, session `sess-1`.
fn ready() -> StreamableHttp {
    let mut t = StreamableHttp::new(StreamableConfig::new(URL));
    let out = t.initialize(RequestId::from(0), &init_params()).unwrap();
    let result = init_result("2025-11-25");
    let events = answer(&mut t, out.stream, 200, &[("content-type", "application/json"), ("mcp-session-id", "sess-1")], &[result.as_bytes()], 0);
    assert!(matches!(events[0], Event::Initialized(_)), "{events:?}");
    let queued = t.poll(0);
    assert_eq!(queued.len(), 1);
    let ev = answer(&mut t, queued[0].stream, 202, &[], &[], 0);
    assert_eq!(ev, vec![Event::Done { stream: queued[0].stream }]);
    t
}

const JSON: (&str, &str) = ("content-type", "application/json");
const SSE: (&str, &str) = ("content-type", "text/event-stream");

// ---------------------------------------------------------------------------
// Streamable HTTP (2025-03-26 … 2025-11-25)

#[test]
fn streamable_handshake_builds_schema_valid_posts_and_sends_initialized() {
    let mut t = StreamableHttp::new(StreamableConfig::new(URL));
    assert!(matches!(t.send(&request(1, "tools/list", json!({}))), Err(TransportError::NotReady { .. })));
    let out = t.initialize(RequestId::from(0), &init_params()).unwrap();
    let req = &out.request;
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, URL);
    assert_eq!(req.header("accept"), Some("application/json, text/event-stream"));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("mcp-session-id"), None);
    assert_eq!(req.header("mcp-protocol-version"), None);
    assert_valid(V2025_11_25, "InitializeRequest", &body(req));

    let result = init_result("2025-06-18");
    let events = answer(&mut t, out.stream, 200, &[JSON, ("Mcp-Session-Id", "sess-1")], &[result.as_bytes()], 0);
    match &events[0] {
        Event::Initialized(r) => assert_eq!(r.protocol_version, "2025-06-18"),
        other => panic!("{other:?}"),
    }
    assert_eq!(events[1], Event::Done { stream: out.stream });
    assert!(t.is_ready());
    assert_eq!(t.session_id(), Some("sess-1"));
    let queued = t.poll(0);
    assert_eq!(queued.len(), 1);
    let note = &queued[0].request;
    assert_valid(V2025_11_25, "InitializedNotification", &body(note));
    assert_eq!(note.header("mcp-session-id"), Some("sess-1"));
    assert_eq!(note.header("mcp-protocol-version"), Some("2025-06-18"));
    assert!(t.poll(0).is_empty(), "the notification is handed out once");

    let out = t.send(&request(1, "tools/call", json!({"name": "echo", "arguments": {"message": "hi"}}))).unwrap();
    assert_valid(V2025_11_25, "CallToolRequest", &body(&out.request));
    assert_eq!(out.request.header("mcp-session-id"), Some("sess-1"));
    let reply = json!({"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": "hi"}]}}).to_string();
    let events = answer(&mut t, out.stream, 200, &[JSON], &[reply.as_bytes()], 0);
    assert!(is_response_to(&events[0], 1), "{events:?}");
    assert_eq!(events.len(), 2);
}

#[test]
fn streamable_rejects_a_negotiated_version_it_does_not_speak() {
    let mut t = StreamableHttp::new(StreamableConfig::new(URL));
    let out = t.initialize(RequestId::from(0), &init_params()).unwrap();
    let result = init_result("2099-01-01");
    let events = answer(&mut t, out.stream, 200, &[JSON], &[result.as_bytes()], 0);
    assert_eq!(fatal(&events), vec![&TransportError::UnsupportedVersion { offered: vec!["2099-01-01".into()] }]);
    assert!(!t.is_ready());
    assert!(t.poll(0).is_empty(), "no `initialized` after a failed handshake");
}

#[test]
fn streamable_rejects_session_ids_outside_visible_ascii() {
    for bad in ["sess 1", "sess\u{7f}", "sé", "a\tb"] {
        let mut t = StreamableHttp::new(StreamableConfig::new(URL));
        let out = t.initialize(RequestId::from(0), &init_params()).unwrap();
        let events = t.on_headers(out.stream, 200, &h(&[JSON, ("mcp-session-id", bad)]));
        assert_eq!(fatal(&events), vec![&TransportError::InvalidSessionId { value: bad.into() }], "{bad:?}");
        assert_eq!(t.session_id(), None);
        assert!(!t.is_ready());
    }
}

const SSE_ANSWER: &str = "id: ev-0\nretry: 300\ndata:\n\n\
: keep-alive\n\n\
id: ev-1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\r\ndata: \"params\":{\"progressToken\":1,\"progress\":0.5}}\r\n\r\n\
id: ev-2\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n";

fn check_sse_events(events: &[Event], stream: StreamId) {
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(matches!(&events[0], Event::Message(Message::Notification(n)) if n.method == "notifications/progress"), "{events:?}");
    assert!(is_response_to(&events[1], 1));
    assert_eq!(events[2], Event::Done { stream });
}

#[test]
fn streamable_sse_answer_decodes_whatever_the_chunking() {
    let bytes = SSE_ANSWER.as_bytes();
    for cut in 0..=bytes.len() {
        let mut t = ready();
        let out = t.send(&request(1, "tools/call", json!({"name": "slow"}))).unwrap();
        let events = answer(&mut t, out.stream, 200, &[SSE], &[&bytes[..cut], &bytes[cut..]], 0);
        check_sse_events(&events, out.stream);
    }
    let mut t = ready();
    let out = t.send(&request(1, "tools/call", json!({"name": "slow"}))).unwrap();
    let single: Vec<&[u8]> = bytes.chunks(1).collect();
    let events = answer(&mut t, out.stream, 200, &[SSE], &single, 0);
    check_sse_events(&events, out.stream);
}

#[test]
fn streamable_resumes_a_cut_stream_with_last_event_id_after_retry() {
    let mut t = ready();
    let out = t.send(&request(1, "tools/call", json!({"name": "slow"}))).unwrap();
    let first = "id: ev-0\nretry: 250\ndata:\n\nid: ev-1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}\n\n";
    let events = answer(&mut t, out.stream, 200, &[SSE], &[first.as_bytes()], 10_000);
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1], Event::ResumeScheduled { stream: out.stream, at_ms: 10_250 });
    assert_eq!(t.next_wakeup(), Some(10_250));
    assert!(t.poll(10_249).is_empty());
    let due = t.poll(10_250);
    assert_eq!(due.len(), 1);
    let Outgoing { stream, request } = &due[0];
    assert_eq!(*stream, out.stream);
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.body, None);
    assert_eq!(request.header("last-event-id"), Some("ev-1"));
    assert_eq!(request.header("accept"), Some("text/event-stream"));
    assert_eq!(request.header("mcp-session-id"), Some("sess-1"));
    assert_eq!(request.header("mcp-protocol-version"), Some("2025-11-25"));
    assert!(t.poll(20_000).is_empty(), "one GET per break");

    let rest = "id: ev-2\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n";
    let events = answer(&mut t, out.stream, 200, &[SSE], &[rest.as_bytes()], 11_000);
    assert!(is_response_to(&events[0], 1), "{events:?}");
    assert_eq!(events[1], Event::Done { stream: out.stream });
}

#[test]
fn streamable_cut_stream_without_event_ids_fails_the_request() {
    let mut t = ready();
    let out = t.send(&request(1, "tools/call", json!({"name": "slow"}))).unwrap();
    let events = answer(&mut t, out.stream, 200, &[SSE], &[b"data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":1}}\n\n"], 0);
    assert_eq!(fatal(&events), vec![&TransportError::StreamEnded { resumes: 0 }]);
    assert_eq!(events.last(), Some(&Event::Done { stream: out.stream }));
    assert_eq!(t.next_wakeup(), None);
}

#[test]
fn streamable_gives_up_after_max_resumes_without_progress() {
    let mut cfg = StreamableConfig::new(URL);
    cfg.max_resumes = 2;
    let mut t = StreamableHttp::new(cfg);
    let out = t.initialize(RequestId::from(0), &init_params()).unwrap();
    let result = init_result("2025-11-25");
    answer(&mut t, out.stream, 200, &[JSON, ("mcp-session-id", "s")], &[result.as_bytes()], 0);
    t.poll(0);
    let out = t.send(&request(1, "tools/call", json!({"name": "slow"}))).unwrap();
    let mut events = answer(&mut t, out.stream, 200, &[SSE], &[b"id: 1\ndata:\n\n"], 0);
    for round in 0..2 {
        assert!(matches!(events.last(), Some(Event::ResumeScheduled { .. })), "round {round}: {events:?}");
        assert_eq!(t.poll(u64::MAX).len(), 1);
        events = answer(&mut t, out.stream, 200, &[SSE], &[], 0);
    }
    assert_eq!(fatal(&events), vec![&TransportError::StreamEnded { resumes: 2 }]);
}

#[test]
fn streamable_404_or_400_with_a_session_means_reinitialize() {
    for status in [404, 400] {
        let mut t = ready();
        let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
        let events = t.on_headers(out.stream, status, &h(&[JSON]));
        assert_eq!(events, vec![Event::SessionExpired]);
        assert_eq!(t.session_id(), None);
        assert!(matches!(t.send(&request(2, "tools/list", json!({}))), Err(TransportError::NotReady { .. })));
        let again = t.initialize(RequestId::from(3), &init_params()).unwrap();
        assert_eq!(again.request.header("mcp-session-id"), None);
        let result = init_result("2025-11-25").replace("\"id\":0", "\"id\":3");
        let events = answer(&mut t, again.stream, 200, &[JSON, ("mcp-session-id", "sess-2")], &[result.as_bytes()], 0);
        assert!(matches!(events[0], Event::Initialized(_)), "{events:?}");
        let out = t.poll(0);
        assert_eq!(out[0].request.header("mcp-session-id"), Some("sess-2"));
    }
}

#[test]
fn streamable_other_statuses_fail_the_stream_with_the_body() {
    let mut t = ready();
    let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
    let events = answer(&mut t, out.stream, 500, &[("content-type", "text/plain")], &[b"upstream ", b"down"], 0);
    assert_eq!(fatal(&events), vec![&TransportError::Status { status: 500, body: "upstream down".into() }]);
    assert!(t.is_ready(), "a failed request does not end the session");
    let out = t.send(&request(2, "tools/list", json!({}))).unwrap();
    let events = t.on_headers(out.stream, 200, &h(&[("content-type", "text/html")]));
    assert_eq!(fatal(&events), vec![&TransportError::UnexpectedContentType { content_type: Some("text/html".into()) }]);
}

#[test]
fn streamable_notifications_are_acknowledged_with_202() {
    let mut t = ready();
    let note = Message::Notification(Notification { method: "notifications/cancelled".into(), params: Some(json!({"requestId": 1}).as_object().unwrap().clone()) });
    let out = t.send(&note).unwrap();
    assert_valid(V2025_11_25, "CancelledNotification", &body(&out.request));
    assert_eq!(answer(&mut t, out.stream, 202, &[], &[], 0), vec![Event::Done { stream: out.stream }]);
}

#[test]
fn streamable_garbage_in_sse_data_is_reported_and_later_events_arrive() {
    let mut t = ready();
    let out = t.send(&request(1, "tools/call", json!({"name": "x"}))).unwrap();
    let text = "data: {not json\n\ndata: [1,2]\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n";
    let events = answer(&mut t, out.stream, 200, &[SSE], &[text.as_bytes()], 0);
    assert_eq!(events.len(), 4, "{events:?}");
    assert!(matches!(&events[0], Event::Error { error: TransportError::Message(MessageError::NotJson { .. }), fatal: false, .. }));
    assert!(matches!(&events[1], Event::Error { error: TransportError::Message(MessageError::Batch), fatal: false, .. }));
    assert!(is_response_to(&events[2], 1));
}

#[test]
fn streamable_endless_event_is_bounded_by_the_max_event_size() {
    let mut cfg = StreamableConfig::new(URL);
    cfg.max_event_size = 1024;
    let mut t = StreamableHttp::new(cfg);
    let out = t.initialize(RequestId::from(0), &init_params()).unwrap();
    let result = init_result("2025-11-25");
    answer(&mut t, out.stream, 200, &[JSON, ("mcp-session-id", "s")], &[result.as_bytes()], 0);
    t.poll(0);
    let out = t.send(&request(1, "tools/call", json!({"name": "x"}))).unwrap();
    let mut events = t.on_headers(out.stream, 200, &h(&[SSE]));
    events.extend(t.on_body(out.stream, b"data: "));
    let junk = vec![b'x'; 4096];
    for _ in 0..256 {
        // 1 MB of one event, never terminated by a line break.
        events.extend(t.on_body(out.stream, &junk));
    }
    events.extend(t.on_body(out.stream, b"\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n"));
    events.extend(t.on_end(out.stream, 0));
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0], Event::Error { stream: out.stream, error: TransportError::Sse(SseError::EventTooLarge { limit: 1024 }), fatal: false });
    assert!(is_response_to(&events[1], 1));
}

#[test]
fn streamable_close_sends_delete_with_the_session() {
    let mut t = ready();
    let del = t.close().expect("a DELETE");
    assert_eq!(del.method, Method::Delete);
    assert_eq!(del.url, URL);
    assert_eq!(del.header("mcp-session-id"), Some("sess-1"));
    assert_eq!(del.body, None);
    assert_eq!(t.close(), None, "closed once");
    assert!(matches!(t.send(&request(1, "tools/list", json!({}))), Err(TransportError::NotReady { state: "closed" })));
    let mut fresh = StreamableHttp::new(StreamableConfig::new(URL));
    assert_eq!(fresh.close(), None, "no session, nothing to end");
}

// ---------------------------------------------------------------------------
// Stateless HTTP (2026-07-28)

fn stateless() -> StatelessHttp {
    StatelessHttp::new(StatelessConfig::new(URL, client_info()))
}

fn tool(name: &str, schema: Value) -> Tool {
    serde_json::from_value(json!({"name": name, "inputSchema": schema})).unwrap()
}

fn s_answer(t: &mut StatelessHttp, s: StreamId, status: u16, headers: &[(&str, &str)], body: &str) -> Vec<Event> {
    let mut events = t.on_headers(s, status, &h(headers));
    events.extend(t.on_body(s, body.as_bytes()));
    events.extend(t.on_end(s, 0));
    events
}

#[test]
fn stateless_requests_carry_meta_and_routing_headers() {
    let mut t = stateless();
    let rejected = t.register_tools(&[tool("get_weather", json!({"type": "object", "properties": {
        "location": {"type": "string", "x-mcp-header": "Location"},
        "units": {"type": "object", "properties": {"metric": {"type": "boolean", "x-mcp-header": "Metric"}}},
        "days": {"type": "integer", "x-mcp-header": "Days"},
        "note": {"type": "string"}}}))]);
    assert!(rejected.is_empty(), "{rejected:?}");
    let msg = request(7, "tools/call", json!({"name": "get_weather", "arguments": {"location": "Zürich", "units": {"metric": true}, "days": 3, "note": "x"}, "_meta": {"progressToken": "p1"}}));
    let out = t.send(&msg).unwrap();
    let req = &out.request;
    assert_eq!(req.header("mcp-protocol-version"), Some("2026-07-28"));
    assert_eq!(req.header("mcp-method"), Some("tools/call"));
    assert_eq!(req.header("mcp-name"), Some("get_weather"));
    assert_eq!(req.header("accept"), Some("application/json, text/event-stream"));
    assert_eq!(req.header("mcp-param-location"), Some("=?base64?WsO8cmljaA==?="));
    assert_eq!(req.header("mcp-param-metric"), Some("true"));
    assert_eq!(req.header("mcp-param-days"), Some("3"));
    assert_eq!(req.header("mcp-session-id"), None);
    let b = body(req);
    assert_valid(V2026_07_28, "CallToolRequest", &b);
    assert_eq!(b["params"]["_meta"]["progressToken"], "p1");
    assert_eq!(b["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"], "2026-07-28");
    assert_eq!(b["params"]["_meta"]["io.modelcontextprotocol/clientInfo"]["name"], "mistral-edge-test");

    let out = t.send(&request(8, "resources/read", json!({"uri": "file:///café.txt"}))).unwrap();
    assert_valid(V2026_07_28, "ReadResourceRequest", &body(&out.request));
    assert_eq!(out.request.header("mcp-name"), Some("=?base64?ZmlsZTovLy9jYWbDqS50eHQ=?="));
    let out = t.send(&request(9, "server/discover", Value::Null)).unwrap();
    assert_valid(V2026_07_28, "DiscoverRequest", &body(&out.request));
    assert_eq!(out.request.header("mcp-name"), None);
    let note = Message::Notification(Notification { method: "notifications/cancelled".into(), params: Some(json!({"requestId": 8}).as_object().unwrap().clone()) });
    let out = t.send(&note).unwrap();
    assert_valid(V2026_07_28, "CancelledNotification", &body(&out.request));
    assert_eq!(out.request.header("mcp-method"), Some("notifications/cancelled"));
}

#[test]
fn header_values_are_base64_wrapped_only_when_unsafe() {
    assert_eq!(encode_value("New York"), "New York");
    assert_eq!(encode_value(" padded"), "=?base64?IHBhZGRlZA==?=");
    assert_eq!(encode_value(""), "=?base64??=");
    assert_eq!(encode_value("=?base64?abc?="), "=?base64?PT9iYXNlNjQ/YWJjPz0=?=");
    assert_eq!(encode_value("a\nb"), "=?base64?YQpi?=");
}

#[test]
fn stateless_flags_tools_with_invalid_x_mcp_header() {
    let bad = [
        ("number", json!({"type": "object", "properties": {"n": {"type": "number", "x-mcp-header": "N"}}})),
        ("array_item", json!({"type": "object", "properties": {"l": {"type": "array", "items": {"type": "string", "x-mcp-header": "L"}}}})),
        ("any_of", json!({"type": "object", "anyOf": [{"properties": {"a": {"type": "string", "x-mcp-header": "A"}}}]})),
        ("defs", json!({"type": "object", "$defs": {"d": {"type": "string", "x-mcp-header": "D"}}})),
        ("not_token", json!({"type": "object", "properties": {"a": {"type": "string", "x-mcp-header": "Has Space"}}})),
        ("empty", json!({"type": "object", "properties": {"a": {"type": "string", "x-mcp-header": ""}}})),
        ("duplicate", json!({"type": "object", "properties": {"a": {"type": "string", "x-mcp-header": "Region"}, "b": {"type": "string", "x-mcp-header": "REGION"}}})),
        ("root", json!({"type": "object", "x-mcp-header": "Root"})),
        ("object", json!({"type": "object", "properties": {"o": {"type": "object", "x-mcp-header": "O"}}})),
    ];
    let mut t = stateless();
    let tools: Vec<Tool> = bad.iter().map(|(n, s)| tool(n, s.clone())).collect();
    let rejected = t.register_tools(&tools);
    assert_eq!(rejected.len(), bad.len(), "{rejected:?}");
    for (name, _) in &bad {
        assert!(t.is_tool_invalid(name), "{name}");
        let err = t.send(&request(1, "tools/call", json!({"name": name, "arguments": {}}))).unwrap_err();
        assert!(matches!(&err, TransportError::InvalidToolHeaders { tool, .. } if tool == name), "{err:?}");
    }
    assert!(scan(json!({"type": "object", "properties": {"a": {"type": "string"}}}).as_object().unwrap()).unwrap().is_empty());
    // A tool fixed by a later listing becomes callable.
    t.register_tools(&[tool("number", json!({"type": "object", "properties": {"n": {"type": "integer", "x-mcp-header": "N"}}}))]);
    let out = t.send(&request(2, "tools/call", json!({"name": "number", "arguments": {"n": 5}}))).unwrap();
    assert_eq!(out.request.header("mcp-param-n"), Some("5"));
}

#[test]
fn stateless_retries_once_in_the_version_the_server_supports() {
    let mut cfg = StatelessConfig::new(URL, client_info());
    cfg.versions = vec!["2026-07-28".into(), "2027-03-01".into()];
    let mut t = StatelessHttp::new(cfg);
    assert_eq!(t.protocol_version(), "2027-03-01");
    let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
    assert_eq!(out.request.header("mcp-protocol-version"), Some("2027-03-01"));
    let example = std::fs::read_to_string(mcp_schema::dir().join("examples-2026-07-28/UnsupportedProtocolVersionError/unsupported-version.json")).unwrap();
    let events = s_answer(&mut t, out.stream, 400, &[JSON], &example);
    let Event::Retry(retry) = &events[0] else { panic!("{events:?}") };
    assert_eq!(events[1], Event::Done { stream: out.stream });
    assert_eq!(retry.request.header("mcp-protocol-version"), Some("2026-07-28"));
    let b = body(&retry.request);
    assert_eq!(b["id"], 1);
    assert_eq!(b["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"], "2026-07-28");
    assert_valid(V2026_07_28, "ListToolsRequest", &b);
    // The same answer again is passed on, not retried forever.
    let events = s_answer(&mut t, retry.stream, 400, &[JSON], &example);
    assert!(matches!(&events[0], Event::Message(Message::Response(Response::Error(e))) if e.error.code == ErrorCode::UNSUPPORTED_PROTOCOL_VERSION), "{events:?}");
}

#[test]
fn stateless_retries_once_even_when_the_server_lists_the_version_it_refused() {
    // The spec's rule is "retry with a version from `supported`": a server that lists the very version it refused
    // (the conformance suite's `request-metadata` does) gets the request once more, then the error.
    let mut t = stateless();
    let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
    let refuse = json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32022, "message": "Unsupported protocol version", "data": {"supported": ["2026-07-28"], "requested": "2026-07-28"}}}).to_string();
    let events = s_answer(&mut t, out.stream, 400, &[JSON], &refuse);
    let Event::Retry(retry) = &events[0] else { panic!("{events:?}") };
    assert_eq!(retry.request.header("mcp-protocol-version"), Some("2026-07-28"));
    assert_eq!(body(&retry.request)["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"], "2026-07-28");
    let events = s_answer(&mut t, retry.stream, 400, &[JSON], &refuse);
    assert!(matches!(&events[0], Event::Message(Message::Response(Response::Error(e))) if e.error.code == ErrorCode::UNSUPPORTED_PROTOCOL_VERSION), "{events:?}");
}

#[test]
fn stateless_unsupported_version_listing_only_legacy_versions_is_an_era_mismatch() {
    let mut t = stateless();
    let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
    let reply = json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32022, "message": "Unsupported protocol version", "data": {"supported": ["2025-11-25", "2025-06-18"], "requested": "2026-07-28"}}});
    let events = s_answer(&mut t, out.stream, 200, &[JSON], &reply.to_string());
    assert_eq!(fatal(&events), vec![&TransportError::EraMismatch { supported: vec!["2025-11-25".into(), "2025-06-18".into()] }]);
}

#[test]
fn stateless_missing_capability_is_surfaced_with_what_is_required() {
    let mut t = stateless();
    let out = t.send(&request(1, "tools/call", json!({"name": "ask"}))).unwrap();
    let example = std::fs::read_to_string(mcp_schema::dir().join("examples-2026-07-28/MissingRequiredClientCapabilityError/missing-elicitation-capability.json")).unwrap();
    let events = s_answer(&mut t, out.stream, 400, &[JSON], &example);
    assert_eq!(events[0], Event::MissingCapability { id: RequestId::from(1), required: json!({"elicitation": {}}).as_object().unwrap().clone() });
    assert!(matches!(&events[1], Event::Message(Message::Response(Response::Error(_)))));
}

#[test]
fn stateless_input_required_round_trip() {
    let mut t = stateless();
    let out = t.send(&request(5, "tools/call", json!({"name": "deploy", "arguments": {"env": "prod"}}))).unwrap();
    let ex = mcp_schema::dir().join("examples-2026-07-28/InputRequiredResult/input-required-result-with-elicitation-and-sampling-and-request-state.json");
    let result: Value = serde_json::from_str(&std::fs::read_to_string(ex).unwrap()).unwrap();
    let sse = format!("id: 1\ndata: {}\n\n", json!({"jsonrpc": "2.0", "id": 5, "result": result}));
    let events = s_answer(&mut t, out.stream, 200, &[SSE], &sse);
    let Event::InputRequired { id, result } = &events[0] else { panic!("{events:?}") };
    assert_eq!(id, &RequestId::from(5));
    let requests = result.input_requests.as_ref().unwrap();
    assert_eq!(requests["github_login"].method(), "elicitation/create");
    assert_eq!(requests["capital_of_france"].method(), "sampling/createMessage");
    assert_eq!(events[1], Event::Done { stream: out.stream });

    let answers: InputResponses = serde_json::from_value(json!({
        "github_login": {"action": "accept", "content": {"name": "octocat"}},
        "capital_of_france": {"role": "assistant", "content": {"type": "text", "text": "Paris"}, "model": "m"}})).unwrap();
    let retry = t.retry_with_input(&RequestId::from(5), RequestId::from(6), answers).unwrap();
    let b = body(&retry.request);
    assert_valid(V2026_07_28, "CallToolRequest", &b);
    assert_eq!(b["id"], 6, "a retry is a new request");
    assert_eq!(b["params"]["requestState"], "eyJsb2NhdGlvbiI6Ik5ldyBZb3JrIn0");
    assert_eq!(b["params"]["inputResponses"]["github_login"]["content"]["name"], "octocat");
    assert_eq!(b["params"]["arguments"]["env"], "prod");
    assert_eq!(retry.request.header("mcp-name"), Some("deploy"));
    assert!(t.retry_with_input(&RequestId::from(5), RequestId::from(7), InputResponses::new()).is_err(), "answered once");

    let done = json!({"jsonrpc": "2.0", "id": 6, "result": {"content": [{"type": "text", "text": "ok"}], "resultType": "complete"}});
    let events = s_answer(&mut t, retry.stream, 200, &[JSON], &done.to_string());
    assert!(is_response_to(&events[0], 6), "{events:?}");
}

#[test]
fn stateless_cut_stream_fails_the_request() {
    let mut t = stateless();
    let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
    let events = s_answer(&mut t, out.stream, 200, &[SSE], "id: 1\ndata:\n\n");
    assert_eq!(fatal(&events), vec![&TransportError::StreamEnded { resumes: 0 }]);
}

// ---------------------------------------------------------------------------
// HTTP+SSE (2024-11-05)

#[test]
fn legacy_sse_waits_for_the_endpoint_then_posts_there() {
    let stream = "event: endpoint\ndata: /messages?sessionId=abc\n\n\
event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"}}}\n\n";
    let bytes = stream.as_bytes();
    for cut in 0..=bytes.len() {
        let mut t = LegacySse::new("http://127.0.0.1:9/sse", Vec::new());
        let get = t.connect();
        assert_eq!(get.method, Method::Get);
        assert_eq!(get.header("accept"), Some("text/event-stream"));
        assert!(t.on_stream_headers(200, &h(&[SSE])).is_empty());
        assert!(matches!(t.send(&request(0, "initialize", json!({}))), Err(TransportError::NotReady { .. })));
        let mut events = t.on_stream_body(&bytes[..cut]);
        events.extend(t.on_stream_body(&bytes[cut..]));
        assert_eq!(events[0], Event::Endpoint("http://127.0.0.1:9/messages?sessionId=abc".into()));
        assert!(is_response_to(&events[1], 0), "{events:?}");
        let post = t.send(&Message::Request(Request { id: RequestId::from(0), method: "initialize".into(), params: Some(serde_json::to_value(init_params()).unwrap().as_object().unwrap().clone()) })).unwrap();
        assert_eq!(post.url, "http://127.0.0.1:9/messages?sessionId=abc");
        assert_valid("2024-11-05", "InitializeRequest", &body(&post));
        assert_eq!(post.method, Method::Post);
        assert_eq!(t.on_post_response(202, ""), Ok(()));
    }
}

#[test]
fn legacy_sse_rejects_a_cross_origin_endpoint() {
    for endpoint in ["http://evil.example/messages", "//evil.example/m", "https://127.0.0.1:9/m", "http://127.0.0.1:10/m"] {
        let mut t = LegacySse::new("http://127.0.0.1:9/sse", Vec::new());
        t.connect();
        t.on_stream_headers(200, &h(&[SSE]));
        let events = t.on_stream_body(format!("event: endpoint\ndata: {endpoint}\n\n").as_bytes());
        assert!(matches!(&events[0], Event::Error { error: TransportError::CrossOriginEndpoint { .. }, fatal: true, stream } if *stream == LEGACY_STREAM), "{endpoint}: {events:?}");
        assert_eq!(t.endpoint(), None);
        assert!(t.send(&request(0, "ping", json!({}))).is_err());
    }
    let mut t = LegacySse::new("http://127.0.0.1:80/a/sse", Vec::new());
    t.connect();
    t.on_stream_headers(200, &h(&[SSE]));
    let events = t.on_stream_body(b"event: endpoint\ndata: http://127.0.0.1/a/msg\n\nevent: endpoint\ndata: msg?x=1\n\n");
    assert_eq!(events, vec![Event::Endpoint("http://127.0.0.1/a/msg".into()), Event::Endpoint("http://127.0.0.1/a/msg?x=1".into())]);
}

#[test]
fn legacy_sse_stream_end_and_errors() {
    let mut t = LegacySse::new("http://127.0.0.1:9/sse", Vec::new());
    t.connect();
    t.on_stream_headers(200, &h(&[SSE]));
    t.on_stream_body(b"event: endpoint\ndata: /m\n\n");
    let events = t.on_stream_end();
    assert_eq!(fatal(&events), vec![&TransportError::StreamEnded { resumes: 0 }]);
    assert!(t.send(&request(1, "ping", json!({}))).is_err(), "the endpoint died with its stream");
    assert_eq!(t.on_post_response(404, "gone"), Err(TransportError::Status { status: 404, body: "gone".into() }));
}

// ---------------------------------------------------------------------------
// Era negotiation

fn negotiator() -> Negotiator {
    Negotiator::new(URL, h(&[("authorization", "Bearer t")]), client_info())
}

#[test]
fn negotiation_settles_on_stateless_for_a_modern_server() {
    let mut n = negotiator();
    let probe = n.start().unwrap();
    assert_valid(V2026_07_28, "DiscoverRequest", &body(&probe));
    assert_eq!(probe.header("mcp-method"), Some("server/discover"));
    assert_eq!(probe.header("authorization"), Some("Bearer t"));
    let reply = json!({"jsonrpc": "2.0", "id": "discover", "result": {"supportedVersions": ["2026-07-28", "2025-11-25"], "capabilities": {}}});
    assert_eq!(
        n.on_response(200, &h(&[JSON]), reply.to_string().as_bytes()),
        Step::Decided(Negotiated { era: Era::Stateless, version: Some("2026-07-28".into()), session_id: None })
    );
}

#[test]
fn negotiation_falls_back_to_streamable_on_unsupported_version_or_4xx() {
    let old = json!({"jsonrpc": "2.0", "id": "discover", "error": {"code": -32022, "message": "Unsupported", "data": {"supported": ["2025-11-25"]}}}).to_string();
    let unknown = json!({"jsonrpc": "2.0", "id": "discover", "error": {"code": -32601, "message": "Method not found"}}).to_string();
    // Some legacy servers answer any method with an empty result: no `supportedVersions`, no discover result.
    let empty = json!({"jsonrpc": "2.0", "id": "discover", "result": {}}).to_string();
    let cases: [(u16, &str); 5] = [(400, &old), (200, &unknown), (400, "Bad Request: no valid session ID"), (405, ""), (200, &empty)];
    for (status, text) in cases {
        let mut n = negotiator();
        n.start().unwrap();
        let Step::Send(init) = n.on_response(status, &h(&[JSON]), text.as_bytes()) else { panic!("{status} {text}") };
        assert_valid(V2025_11_25, "InitializeRequest", &body(&init));
        let sse = format!("event: message\ndata: {}\n\n", init_result("2025-11-25").replace("\"id\":0", "\"id\":\"initialize\""));
        assert_eq!(
            n.on_response(200, &h(&[SSE, ("mcp-session-id", "probe-1")]), sse.as_bytes()),
            Step::Decided(Negotiated { era: Era::Streamable, version: Some("2025-11-25".into()), session_id: Some("probe-1".into()) })
        );
    }
}

#[test]
fn negotiation_falls_back_to_http_sse_when_the_post_is_refused() {
    let mut n = negotiator();
    n.start().unwrap();
    assert!(matches!(n.on_response(404, &[], b"Not Found"), Step::Send(_)));
    let Step::Send(get) = n.on_response(405, &[], b"") else { panic!() };
    assert_eq!(get.method, Method::Get);
    assert_eq!(get.header("accept"), Some("text/event-stream"));
    assert_eq!(n.on_response(200, &h(&[SSE]), b""), Step::Decided(Negotiated { era: Era::LegacySse, version: None, session_id: None }));

    let mut n = negotiator();
    n.start().unwrap();
    n.on_response(404, &[], b"");
    n.on_response(404, &[], b"");
    assert_eq!(n.on_response(404, &[], b""), Step::Failed(TransportError::NoCompatibleEra));
}

#[test]
fn negotiation_stops_on_failures_that_are_not_era_signals() {
    let mut n = negotiator();
    n.start().unwrap();
    assert_eq!(n.on_response(503, &[], b"busy"), Step::Failed(TransportError::Status { status: 503, body: "busy".into() }));
    let mut n = negotiator();
    n.start().unwrap();
    n.on_response(404, &[], b"");
    assert!(matches!(n.on_response(401, &[], b""), Step::Failed(TransportError::Status { status: 401, .. })));
}

#[test]
fn era_cache_keys_normalise_urls() {
    let a = EraKey::new("HTTP://Example.COM:80/mcp#frag").unwrap();
    let b = EraKey::new("http://example.com/mcp").unwrap();
    assert_eq!(a, b);
    assert_ne!(b, EraKey::new("http://example.com/other").unwrap());
    assert_eq!(EraKey::new("https://example.com").unwrap().as_str(), "https://example.com/");
    assert!(EraKey::new("ftp://example.com/").is_err());
    let mut cache = EraCache::default();
    cache.insert(a.clone(), Negotiated { era: Era::Streamable, version: Some("2025-11-25".into()), session_id: Some("s".into()) });
    assert_eq!(cache.get(&b).map(|n| (n.era, n.session_id.clone())), Some((Era::Streamable, None)));
    assert!(cache.forget(&b));
    assert!(cache.get(&a).is_none());
}

#[test]
fn streamable_listen_opens_the_standalone_get_stream_and_routes_its_messages() {
    let mut fresh = StreamableHttp::new(StreamableConfig::new(URL));
    assert!(matches!(fresh.listen(), Err(TransportError::NotReady { .. })), "no stream before the handshake");
    let mut t = ready();
    let out = t.listen().unwrap();
    assert_eq!(out.request.method, Method::Get);
    assert_eq!(out.request.body, None);
    assert_eq!(out.request.header("accept"), Some("text/event-stream"));
    assert_eq!(out.request.header("mcp-session-id"), Some("sess-1"));
    assert_eq!(out.request.header("mcp-protocol-version"), Some("2025-11-25"));
    let stream = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"hi\"}}\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"roots/list\"}\n\n";
    let events = answer(&mut t, out.stream, 200, &[SSE], &[stream.as_bytes()], 0);
    assert!(matches!(&events[0], Event::Message(Message::Notification(n)) if n.method == "notifications/message"), "{events:?}");
    assert!(matches!(&events[1], Event::Message(Message::Request(r)) if r.method == "roots/list"), "{events:?}");
    assert_eq!(events[2], Event::Done { stream: out.stream }, "a listen stream is not resumed for a request");

    // A server without one answers 405: the stream fails alone, the session stays.
    let out = t.listen().unwrap();
    let events = answer(&mut t, out.stream, 405, &[], &[b"no"], 0);
    assert!(matches!(fatal(&events)[..], [TransportError::Status { status: 405, .. }]), "{events:?}");
    assert!(t.is_ready());
    // A 404 to it means the session is gone, as for any request.
    let out = t.listen().unwrap();
    assert_eq!(t.on_headers(out.stream, 404, &[]), vec![Event::SessionExpired]);
}

#[test]
fn streamable_abandoned_stream_is_never_resumed() {
    let mut t = ready();
    let out = t.send(&request(1, "tools/call", json!({"name": "slow"}))).unwrap();
    let first = "id: ev-0\nretry: 100\ndata:\n\n";
    let events = answer(&mut t, out.stream, 200, &[SSE], &[first.as_bytes()], 0);
    assert_eq!(events, vec![Event::ResumeScheduled { stream: out.stream, at_ms: 100 }]);
    t.abandon(out.stream);
    assert_eq!(t.next_wakeup(), None);
    assert!(t.poll(1_000).is_empty(), "no GET for a request nobody waits on");
    assert!(matches!(t.on_body(out.stream, b"data: x\n\n")[..], [Event::Error { error: TransportError::UnknownStream, .. }]));
}

#[test]
fn stateless_log_level_rides_in_every_requests_meta() {
    let mut t = stateless();
    let out = t.send(&request(1, "tools/list", json!({}))).unwrap();
    assert!(body(&out.request)["params"]["_meta"].get("io.modelcontextprotocol/logLevel").is_none());
    t.set_log_level(Some("warning".into()));
    let out = t.send(&request(2, "tools/list", json!({}))).unwrap();
    let b = body(&out.request);
    assert_valid(V2026_07_28, "ListToolsRequest", &b);
    assert_eq!(b["params"]["_meta"]["io.modelcontextprotocol/logLevel"], "warning");
    // A level the caller put in one request wins for that request.
    let out = t.send(&request(3, "tools/list", json!({"_meta": {"io.modelcontextprotocol/logLevel": "debug"}}))).unwrap();
    assert_eq!(body(&out.request)["params"]["_meta"]["io.modelcontextprotocol/logLevel"], "debug");
    t.set_log_level(None);
    let out = t.send(&request(4, "tools/list", json!({}))).unwrap();
    assert!(body(&out.request)["params"]["_meta"].get("io.modelcontextprotocol/logLevel").is_none());
}
