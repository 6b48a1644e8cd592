//! The async driver of the Streamable HTTP machine over `fetch`: the loop the
//! [transport docs](crate::mcp::transport) describe, for the JS `McpClient`.
//!
//! One request is in flight at a time: the caller serialises calls (the JS
//! client holds an async lock around the driver), which keeps the loop a plain
//! sequence of exchanges. Concurrent calls are queued, not interleaved.
//!
//! Lives behind the `js` feature because it reads the clock and sleeps
//! through JS; the machine itself stays sans-IO.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::mcp::error::{McpError, RequestTimeout};
use crate::mcp::jsonrpc::{ErrorCode, ErrorObject, ErrorResponse, Message, Request, RequestId, Response, ResultResponse};
use crate::mcp::pending::{PendingRequests, Resolution};
use crate::mcp::transport::streamable::{StreamableConfig, StreamableHttp, STREAMABLE_VERSIONS};
use crate::mcp::transport::{Event, Outgoing, StreamId, TransportError};
use crate::mcp::types::lifecycle::{ClientCapabilities, Implementation, InitializeRequestParams, InitializeResult};
use crate::api::HttpRequest;
use crate::error::Error;
use super::{CallOptions, Transport};
use crate::models::common::JsonObject;
use crate::retry::RetryPolicy;

#[wasm_bindgen(inline_js = r#"
export function mcpSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = mcpSleep)]
    fn sleep_promise(ms: f64) -> Promise;
}

/// How long a best-effort message (`initialized`, a reply, a cancellation,
/// the closing DELETE) may take at most.
const FIRE_TIMEOUT_MS: u64 = 10_000;

/// Default per-request timeout.
pub const DEFAULT_MCP_TIMEOUT_MS: u64 = 60_000;

/// What the driver is built from.
pub struct DriverConfig {
    pub url: String,
    /// Sent with every request (authorization, ...).
    pub headers: Vec<(String, String)>,
    /// An injected `fetch(url, init)`; the global one when `None`.
    pub fetch: Option<Function>,
    /// Per-request timeout, initialize included.
    pub timeout_ms: u64,
}

/// Why a driver call failed.
#[derive(Debug)]
pub enum DriverError {
    /// The server's JSON-RPC error, a timeout, a protocol violation.
    Mcp(McpError),
    /// The transport machine refused or reported a broken exchange.
    Transport(TransportError),
    /// `fetch` failed (connection, abort, a non-2xx not about the session).
    Http(Error),
    /// The server forgot the session; `connect()` again.
    SessionExpired,
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Mcp(e) => e.fmt(f),
            Self::Transport(e) => write!(f, "MCP transport: {e}"),
            Self::Http(e) => e.fmt(f),
            Self::SessionExpired => f.write_str("the MCP server ended the session; connect again"),
        }
    }
}

enum Answer {
    Init(Box<InitializeResult>),
    Result(JsonObject),
}

/// What the events of one exchange amounted to.
#[derive(Default)]
struct Exchange {
    answer: Option<Result<Answer, DriverError>>,
    failure: Option<DriverError>,
    replies: Vec<Message>,
    resume_at: Option<u64>,
}

/// The Streamable HTTP client session over `fetch`.
pub struct McpDriver {
    machine: StreamableHttp,
    pending: PendingRequests,
    http: Transport,
    timeout_ms: u64,
    init: Option<InitializeResult>,
}

fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

async fn sleep(ms: u64) {
    let _ = JsFuture::from(sleep_promise(ms as f64)).await;
}

impl McpDriver {
    pub fn new(cfg: DriverConfig) -> McpDriver {
        let mut machine_cfg = StreamableConfig::new(cfg.url);
        machine_cfg.headers = cfg.headers;
        McpDriver {
            machine: StreamableHttp::new(machine_cfg),
            pending: PendingRequests::new(),
            http: Transport { fetch: cfg.fetch, defaults: CallOptions::default() },
            timeout_ms: cfg.timeout_ms,
            init: None,
        }
    }

    /// The server's `initialize` answer, once connected.
    pub fn initialize_result(&self) -> Option<&InitializeResult> {
        self.init.as_ref()
    }

    /// `initialize`, then the `initialized` notification. Starts a new
    /// session when called again.
    pub async fn connect(&mut self) -> Result<&InitializeResult, DriverError> {
        let id = self.pending.next_id();
        let params = InitializeRequestParams {
            protocol_version: STREAMABLE_VERSIONS[0].to_owned(),
            capabilities: ClientCapabilities::default(),
            client_info: Implementation::new("mistral-edge", env!("CARGO_PKG_VERSION")),
            meta: None,
            extra: JsonObject::new(),
        };
        let out = self.machine.initialize(id.clone(), &params).map_err(DriverError::Transport)?;
        let deadline = now_ms().saturating_add(self.timeout_ms);
        self.init = None;
        match self.exchange(out, &id, deadline, true).await? {
            Answer::Init(result) => {
                for out in self.machine.poll(now_ms()) {
                    self.fire(out.stream, out.request).await;
                }
                Ok(self.init.insert(*result))
            }
            Answer::Result(_) => Err(DriverError::Transport(TransportError::InvalidResult {
                field: "result",
                detail: "initialize was answered without an InitializeResult".into(),
            })),
        }
    }

    /// Sends `method` with `params` and waits for its result object. When
    /// the server has forgotten the session (it answered 404, or the 400
    /// several servers send), it cannot have acted on the request: the
    /// handshake is run again and the request sent once more.
    pub async fn request(&mut self, method: &str, params: Option<JsonObject>) -> Result<JsonObject, DriverError> {
        match self.request_once(method, params.clone()).await {
            Err(DriverError::SessionExpired) => {
                self.connect().await?;
                self.request_once(method, params).await
            }
            other => other,
        }
    }

    async fn request_once(&mut self, method: &str, params: Option<JsonObject>) -> Result<JsonObject, DriverError> {
        let now = now_ms();
        let id = self.pending.start(method, now, self.timeout_ms, false).id;
        let msg = Message::Request(Request { id: id.clone(), method: method.to_owned(), params });
        let out = match self.machine.send(&msg) {
            Ok(out) => out,
            Err(e) => {
                self.pending.cancel(&id, None);
                return Err(DriverError::Transport(e));
            }
        };
        let result = self.exchange(out, &id, now.saturating_add(self.timeout_ms), false).await;
        if result.is_err() && self.pending.contains(&id) {
            // Nothing will answer it any more; the table must not keep it.
            self.pending.cancel(&id, Some("the exchange failed"));
        }
        match result? {
            Answer::Result(object) => Ok(object),
            Answer::Init(_) => Err(DriverError::Transport(TransportError::InvalidResult {
                field: "result",
                detail: "an InitializeResult outside the handshake".into(),
            })),
        }
    }

    /// Ends the session (DELETE when the server gave one) and forgets the
    /// requests in flight.
    pub async fn close(&mut self) {
        self.pending.drain();
        self.init = None;
        if let Some(request) = self.machine.close() {
            // A 405 only means the server does not let clients end sessions.
            let opts = self.opts(FIRE_TIMEOUT_MS);
            if let Ok(mut body) = self.http.open_stream(&request, opts).await {
                body.close();
            }
        }
    }

    fn opts(&self, remaining_ms: u64) -> CallOptions {
        CallOptions {
            timeout_ms: Some(remaining_ms.max(1)),
            idle_timeout_ms: Some(remaining_ms.max(1)),
            // A POST must not be replayed: the server may have acted on it.
            retry: Some(RetryPolicy::NONE),
            ..CallOptions::default()
        }
    }

    /// Runs the exchange of request `id` until it is answered, failed or
    /// past `deadline`, resuming a broken SSE answer when the server allows.
    async fn exchange(
        &mut self,
        first: Outgoing,
        id: &RequestId,
        deadline: u64,
        handshake: bool,
    ) -> Result<Answer, DriverError> {
        let stream = first.stream;
        let mut next = Some(first.request);
        let mut ex = Exchange::default();
        while let Some(request) = next.take() {
            let now = now_ms();
            if now >= deadline {
                return Err(self.timed_out(id, deadline, handshake).await);
            }
            match self.http.open_stream(&request, self.opts(deadline - now)).await {
                Ok(mut body) => {
                    let events = self.machine.on_headers(stream, body.status, &body.headers);
                    self.handle(events, id, handshake, &mut ex);
                    while ex.answer.is_none() && ex.failure.is_none() {
                        let events = match body.next().await {
                            Ok(Some(chunk)) => self.machine.on_body(stream, &chunk),
                            Ok(None) => {
                                let events = self.machine.on_end(stream, now_ms());
                                self.handle(events, id, handshake, &mut ex);
                                break;
                            }
                            Err(Error::Timeout(_)) => return Err(self.timed_out(id, deadline, handshake).await),
                            Err(Error::Connection(_)) => self.machine.on_end(stream, now_ms()),
                            Err(e) => return Err(DriverError::Http(e)),
                        };
                        self.handle(events, id, handshake, &mut ex);
                        self.reply(&mut ex).await;
                    }
                    if ex.answer.is_some() {
                        // The answer is in: whatever else the stream holds is
                        // not awaited. Ending it lets the machine forget it.
                        body.close();
                        let _ = self.machine.on_end(stream, now_ms());
                    }
                }
                Err(Error::Api(api)) => {
                    let mut events = self.machine.on_headers(stream, api.status, &api.headers);
                    events.extend(self.machine.on_body(stream, api.body.as_bytes()));
                    events.extend(self.machine.on_end(stream, now_ms()));
                    self.handle(events, id, handshake, &mut ex);
                    if ex.answer.is_none() && ex.failure.is_none() {
                        ex.failure = Some(DriverError::Http(Error::Api(api)));
                    }
                }
                Err(Error::Timeout(_)) => return Err(self.timed_out(id, deadline, handshake).await),
                Err(e) => return Err(DriverError::Http(e)),
            }
            self.reply(&mut ex).await;
            if let Some(answer) = ex.answer.take() {
                return answer;
            }
            if let Some(failure) = ex.failure.take() {
                return Err(failure);
            }
            if let Some(at) = ex.resume_at.take() {
                if at >= deadline {
                    return Err(self.timed_out(id, deadline, handshake).await);
                }
                sleep(at.saturating_sub(now_ms())).await;
                for out in self.machine.poll(now_ms()) {
                    if out.stream == stream {
                        next = Some(out.request);
                    } else {
                        self.fire(out.stream, out.request).await;
                    }
                }
            }
        }
        Err(DriverError::Transport(TransportError::StreamEnded { resumes: 0 }))
    }

    fn handle(&mut self, events: Vec<Event>, id: &RequestId, handshake: bool, ex: &mut Exchange) {
        for event in events {
            match event {
                Event::Message(Message::Response(response)) if response.id() == Some(id) => {
                    if ex.answer.is_some() {
                        continue;
                    }
                    if handshake {
                        // A successful handshake arrives as `Initialized`.
                        if let Response::Error(e) = response {
                            ex.answer = Some(Err(DriverError::Mcp(McpError::Rpc(e.error))));
                        }
                        continue;
                    }
                    if let Resolution::Resolved { outcome, .. } = self.pending.resolve(response) {
                        ex.answer = Some(outcome.map(Answer::Result).map_err(DriverError::Mcp));
                    }
                }
                Event::Message(Message::Request(request)) => ex.replies.push(answer_server_request(request)),
                // Notifications (logging, progress) and stray responses have
                // no one to go to in this slice.
                Event::Message(_) => {}
                Event::Initialized(result) if handshake && ex.answer.is_none() => {
                    ex.answer = Some(Ok(Answer::Init(result)));
                }
                Event::SessionExpired => {
                    self.init = None;
                    ex.failure.get_or_insert(DriverError::SessionExpired);
                }
                Event::ResumeScheduled { at_ms, .. } => ex.resume_at = Some(at_ms),
                Event::Error { error, fatal: true, .. } => {
                    ex.failure.get_or_insert(DriverError::Transport(error));
                }
                _ => {}
            }
        }
    }

    /// Answers what the server asked during an exchange.
    async fn reply(&mut self, ex: &mut Exchange) {
        for msg in std::mem::take(&mut ex.replies) {
            if let Ok(out) = self.machine.send(&msg) {
                self.fire(out.stream, out.request).await;
            }
        }
    }

    /// The timeout error of `id`, after telling the server (best effort)
    /// that the request is given up.
    async fn timed_out(&mut self, id: &RequestId, deadline: u64, handshake: bool) -> DriverError {
        let expired = self.pending.expire(deadline).into_iter().find(|e| e.id == *id);
        match expired {
            Some(e) => {
                if let Some(note) = e.notification {
                    if let Ok(out) = self.machine.send(&Message::Notification(note)) {
                        self.fire(out.stream, out.request).await;
                    }
                }
                DriverError::Mcp(e.error)
            }
            None => DriverError::Mcp(McpError::Timeout(RequestTimeout {
                id: id.clone(),
                method: if handshake { "initialize" } else { "request" }.to_owned(),
                timeout_ms: self.timeout_ms,
            })),
        }
    }

    /// Sends a message nobody waits on (a notification, a reply) and feeds
    /// its answer to the machine so the stream is closed there.
    async fn fire(&mut self, stream: StreamId, request: HttpRequest) {
        match self.http.open_stream(&request, self.opts(FIRE_TIMEOUT_MS)).await {
            Ok(mut body) => {
                let _ = self.machine.on_headers(stream, body.status, &body.headers);
                while let Ok(Some(chunk)) = body.next().await {
                    let _ = self.machine.on_body(stream, &chunk);
                }
                let _ = self.machine.on_end(stream, now_ms());
            }
            Err(Error::Api(api)) => {
                let _ = self.machine.on_headers(stream, api.status, &api.headers);
                let _ = self.machine.on_end(stream, now_ms());
            }
            Err(_) => {
                let _ = self.machine.on_end(stream, now_ms());
            }
        }
    }
}

/// The reply to a server's request: `ping` is answered, anything else is a
/// method this client does not offer (it declares no capabilities).
fn answer_server_request(request: Request) -> Message {
    if request.method == "ping" {
        return Message::Response(Response::Result(ResultResponse { id: request.id, result: JsonObject::new() }));
    }
    let error = ErrorObject::new(ErrorCode::METHOD_NOT_FOUND, format!("method `{}` is not supported", request.method));
    Message::Response(Response::Error(ErrorResponse { id: Some(request.id), error }))
}
