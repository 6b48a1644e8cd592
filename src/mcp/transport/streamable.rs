//! Streamable HTTP, the transport of 2025-03-26 … 2025-11-25.
//!
//! Every client message is a POST to the one MCP endpoint. A notification or
//! response is acknowledged with 202; a request is answered with a JSON
//! document or an SSE stream that carries the response (and whatever the
//! server sends first: notifications, its own requests). Streams may break;
//! the server numbers its events, and the client resumes a broken stream
//! with a GET carrying `Last-Event-ID` after the server's `retry` delay.
//!
//! State is a session: `initialize` is answered with `Mcp-Session-Id`, which
//! every later request carries with the negotiated `MCP-Protocol-Version`.
//! A 404 (or the 400 several servers send for an unknown id) to a request
//! that carried a session means the server dropped it: the machine reports
//! [`Event::SessionExpired`] and waits for a new `initialize`. Closing sends
//! DELETE with the session id.
//!
//! See the [module docs](super) for the driver loop: [`StreamableHttp::send`]
//! and [`StreamableHttp::initialize`] hand out POSTs, [`StreamableHttp::poll`]
//! the requests due (the `initialized` notification, resumption GETs).

use std::collections::BTreeMap;

use serde_json::Value;

use super::body::{BodyItem, BodyReader, DEFAULT_MAX_JSON_BODY};
use super::header;
use super::{Event, Outgoing, StreamId, TransportError, ACCEPT_BOTH};
use crate::api::{HttpRequest, Method};
use crate::mcp::jsonrpc::{Message, Notification, Request, RequestId, Response};
use crate::mcp::types::lifecycle::{InitializeRequestParams, InitializeResult};
use crate::sse::{SseDecoder, DEFAULT_MAX_EVENT_SIZE};

/// Revisions whose transport this is. 2024-11-05 had HTTP+SSE instead, and
/// 2026-07-28 dropped sessions.
pub const STREAMABLE_VERSIONS: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];

/// Header of the session id.
pub const SESSION_HEADER: &str = "mcp-session-id";
/// Header of the negotiated protocol version.
pub const VERSION_HEADER: &str = "mcp-protocol-version";

/// How a [`StreamableHttp`] behaves.
#[derive(Debug, Clone)]
pub struct StreamableConfig {
    /// The MCP endpoint.
    pub url: String,
    /// Sent with every request (authorization, ...), before the MCP headers.
    pub headers: Vec<(String, String)>,
    /// Versions accepted from the server's `InitializeResult`.
    pub versions: Vec<String>,
    pub max_event_size: usize,
    pub max_json_body: usize,
    /// Delay before resuming when the server gave no `retry`.
    pub default_retry_ms: u64,
    /// Resumptions of one stream in a row without a new event.
    pub max_resumes: u32,
}

impl StreamableConfig {
    pub fn new(url: impl Into<String>) -> Self {
        StreamableConfig {
            url: url.into(),
            headers: Vec::new(),
            versions: STREAMABLE_VERSIONS.iter().map(|v| (*v).to_owned()).collect(),
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
            max_json_body: DEFAULT_MAX_JSON_BODY,
            default_retry_ms: 1000,
            max_resumes: 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No session: only `initialize` may be sent.
    New,
    Initializing,
    Ready,
    Closed,
}

#[derive(Debug)]
struct Stream {
    /// The request whose response ends this stream (none for a notification
    /// or response POST).
    request: Option<RequestId>,
    initialize: bool,
    /// Whether the request carried the session id (so a 404 is about it).
    with_session: bool,
    reader: BodyReader,
    /// Kept across connections of the stream: last event id and `retry`.
    decoder: Option<SseDecoder>,
    answered: bool,
    resumes: u32,
    resume_at: Option<u64>,
}

/// The Streamable HTTP client machine.
#[derive(Debug)]
pub struct StreamableHttp {
    cfg: StreamableConfig,
    phase: Phase,
    session_id: Option<String>,
    protocol_version: Option<String>,
    streams: BTreeMap<StreamId, Stream>,
    next_stream: u64,
    queue: Vec<Outgoing>,
}

/// Whether a session id is one the spec allows: visible ASCII only.
pub fn valid_session_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

impl StreamableHttp {
    pub fn new(cfg: StreamableConfig) -> Self {
        StreamableHttp {
            cfg,
            phase: Phase::New,
            session_id: None,
            protocol_version: None,
            streams: BTreeMap::new(),
            next_stream: 0,
            queue: Vec::new(),
        }
    }

    /// The server's session id, once `initialize` was answered with one.
    pub fn session_id(&self) -> Option<&str> {
        self.session_id.as_deref()
    }

    /// The negotiated version, once the handshake is done.
    pub fn protocol_version(&self) -> Option<&str> {
        self.protocol_version.as_deref()
    }

    /// Whether the handshake is done and messages may be sent.
    pub fn is_ready(&self) -> bool {
        self.phase == Phase::Ready
    }

    /// The POST of the `initialize` request. Starts a fresh session: a
    /// previous one is forgotten (after a [`Event::SessionExpired`]).
    pub fn initialize(&mut self, id: RequestId, params: &InitializeRequestParams) -> Result<Outgoing, TransportError> {
        if self.phase == Phase::Closed {
            return Err(TransportError::NotReady { state: "closed" });
        }
        let params = match serde_json::to_value(params) {
            Ok(Value::Object(map)) => map,
            Ok(_) | Err(_) => {
                return Err(TransportError::InvalidResult { field: "params", detail: "not a JSON object".into() })
            }
        };
        self.session_id = None;
        self.protocol_version = None;
        self.streams.clear();
        self.queue.clear();
        self.phase = Phase::Initializing;
        let msg = Message::Request(Request { id, method: "initialize".into(), params: Some(params) });
        Ok(self.post(&msg, true))
    }

    /// The POST of any message after the handshake.
    pub fn send(&mut self, msg: &Message) -> Result<Outgoing, TransportError> {
        match self.phase {
            Phase::Ready => Ok(self.post(msg, false)),
            Phase::New => Err(TransportError::NotReady { state: "not initialized" }),
            Phase::Initializing => Err(TransportError::NotReady { state: "initialize in progress" }),
            Phase::Closed => Err(TransportError::NotReady { state: "closed" }),
        }
    }

    fn base_headers(&self, accept: &str) -> Vec<(String, String)> {
        let mut headers = self.cfg.headers.clone();
        headers.push(("accept".into(), accept.into()));
        if let Some(v) = &self.protocol_version {
            headers.push((VERSION_HEADER.into(), v.clone()));
        }
        if let Some(s) = &self.session_id {
            headers.push((SESSION_HEADER.into(), s.clone()));
        }
        headers
    }

    fn post(&mut self, msg: &Message, initialize: bool) -> Outgoing {
        let mut headers = self.base_headers(ACCEPT_BOTH);
        headers.push(("content-type".into(), "application/json".into()));
        let request = HttpRequest {
            method: Method::Post,
            url: self.cfg.url.clone(),
            headers,
            body: Some(msg.to_json().to_string()),
            response: crate::api::ResponseKind::EventStream,
        };
        let stream = StreamId(self.next_stream);
        self.next_stream += 1;
        let id = match msg {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        self.streams.insert(
            stream,
            Stream {
                request: id,
                initialize,
                with_session: self.session_id.is_some(),
                reader: BodyReader::Ignore,
                decoder: Some(SseDecoder::with_max_event_size(self.cfg.max_event_size)),
                answered: false,
                resumes: 0,
                resume_at: None,
            },
        );
        Outgoing { stream, request }
    }

    /// The GET that opens the standalone stream, where the server sends what
    /// belongs to no request (its own requests, notifications). A 405 to it
    /// only means the server offers none.
    pub fn listen(&mut self) -> Result<Outgoing, TransportError> {
        if self.phase != Phase::Ready {
            return Err(TransportError::NotReady { state: "not initialized" });
        }
        let headers = self.base_headers("text/event-stream");
        let stream = StreamId(self.next_stream);
        self.next_stream += 1;
        self.streams.insert(
            stream,
            Stream {
                request: None,
                initialize: false,
                with_session: self.session_id.is_some(),
                reader: BodyReader::Ignore,
                decoder: Some(SseDecoder::with_max_event_size(self.cfg.max_event_size)),
                answered: false,
                resumes: 0,
                resume_at: None,
            },
        );
        let request = HttpRequest {
            method: Method::Get,
            url: self.cfg.url.clone(),
            headers,
            body: None,
            response: crate::api::ResponseKind::EventStream,
        };
        Ok(Outgoing { stream, request })
    }

    /// The answer's status line and headers arrived.
    pub fn on_headers(&mut self, stream: StreamId, status: u16, headers: &[(String, String)]) -> Vec<Event> {
        let mut events = Vec::new();
        let session_known = self.session_id.is_some();
        let Some(s) = self.streams.get_mut(&stream) else {
            events.push(Event::Error { stream, error: TransportError::UnknownStream, fatal: true });
            return events;
        };
        if s.with_session && session_known && (status == 404 || status == 400) {
            self.expire(&mut events);
            return events;
        }
        if !(200..300).contains(&status) {
            s.reader = BodyReader::for_error(status, self.cfg.max_json_body);
            return events;
        }
        if s.initialize {
            if let Some(id) = header(headers, SESSION_HEADER) {
                if !valid_session_id(id) {
                    let error = TransportError::InvalidSessionId { value: id.to_owned() };
                    self.phase = Phase::New;
                    self.streams.remove(&stream);
                    events.push(Event::Error { stream, error, fatal: true });
                    events.push(Event::Done { stream });
                    return events;
                }
                self.session_id = Some(id.to_owned());
            }
        }
        let decoder = s.decoder.take().unwrap_or_default();
        match BodyReader::for_success(status, header(headers, "content-type"), decoder, self.cfg.max_json_body) {
            Ok(reader) => s.reader = reader,
            Err(error) => {
                s.reader = BodyReader::Ignore;
                events.push(Event::Error { stream, error, fatal: true });
            }
        }
        events
    }

    /// A chunk of the answer's body arrived.
    pub fn on_body(&mut self, stream: StreamId, chunk: &[u8]) -> Vec<Event> {
        let mut items = Vec::new();
        match self.streams.get_mut(&stream) {
            Some(s) => s.reader.push(chunk, &mut items),
            None => return vec![Event::Error { stream, error: TransportError::UnknownStream, fatal: true }],
        }
        let mut events = Vec::new();
        self.handle_items(stream, items, &mut events);
        events
    }

    /// The body ended (complete, or the connection dropped).
    pub fn on_end(&mut self, stream: StreamId, now_ms: u64) -> Vec<Event> {
        let mut items = Vec::new();
        let Some(s) = self.streams.get_mut(&stream) else {
            return vec![Event::Error { stream, error: TransportError::UnknownStream, fatal: true }];
        };
        s.reader.finish(&mut items);
        let mut events = Vec::new();
        self.handle_items(stream, items, &mut events);
        let Some(s) = self.streams.get_mut(&stream) else {
            return events;
        };
        let reader = std::mem::replace(&mut s.reader, BodyReader::Ignore);
        let was_sse = matches!(reader, BodyReader::Sse(_));
        let was_error = matches!(reader, BodyReader::ErrorText { .. });
        if let Some(decoder) = reader.into_decoder() {
            s.decoder = Some(decoder);
        }
        if s.answered || s.request.is_none() || was_error {
            if was_error && s.initialize {
                self.phase = Phase::New;
            }
            self.streams.remove(&stream);
            events.push(Event::Done { stream });
            return events;
        }
        let last_id = s.decoder.as_ref().and_then(|d| d.last_event_id()).is_some();
        if was_sse && last_id && s.resumes < self.cfg.max_resumes {
            let delay = s.decoder.as_ref().and_then(|d| d.reconnection_time()).unwrap_or(self.cfg.default_retry_ms);
            let at_ms = now_ms.saturating_add(delay);
            s.resume_at = Some(at_ms);
            events.push(Event::ResumeScheduled { stream, at_ms });
            return events;
        }
        let resumes = s.resumes;
        if s.initialize {
            self.phase = Phase::New;
        }
        self.streams.remove(&stream);
        events.push(Event::Error { stream, error: TransportError::StreamEnded { resumes }, fatal: true });
        events.push(Event::Done { stream });
        events
    }

    fn handle_items(&mut self, stream: StreamId, items: Vec<BodyItem>, events: &mut Vec<Event>) {
        for item in items {
            match item {
                BodyItem::Message(msg) => self.handle_message(stream, msg, events),
                BodyItem::Other(event) => {
                    // A priming event (or any event) is progress: the stream
                    // is alive and resumable from here.
                    if event.id.is_some() {
                        if let Some(s) = self.streams.get_mut(&stream) {
                            s.resumes = 0;
                        }
                    }
                }
                BodyItem::Error(error) => {
                    let fatal = matches!(error, TransportError::Status { .. } | TransportError::BodyTooLarge { .. });
                    if fatal && self.streams.get(&stream).is_some_and(|s| s.initialize) {
                        self.phase = Phase::New;
                    }
                    events.push(Event::Error { stream, error, fatal });
                }
            }
        }
    }

    fn handle_message(&mut self, stream: StreamId, msg: Message, events: &mut Vec<Event>) {
        let Some(s) = self.streams.get_mut(&stream) else {
            return;
        };
        s.resumes = 0;
        let answers = match &msg {
            Message::Response(r) => r.id().is_some() && r.id() == s.request.as_ref(),
            _ => false,
        };
        if !answers {
            events.push(Event::Message(msg));
            return;
        }
        s.answered = true;
        if !s.initialize {
            events.push(Event::Message(msg));
            return;
        }
        match msg {
            Message::Response(Response::Result(r)) => match self.accept_initialize(r.result) {
                Ok(result) => events.push(Event::Initialized(Box::new(result))),
                Err(error) => {
                    self.phase = Phase::New;
                    events.push(Event::Error { stream, error, fatal: true });
                }
            },
            other => {
                self.phase = Phase::New;
                events.push(Event::Message(other));
            }
        }
    }

    fn accept_initialize(
        &mut self,
        result: crate::models::common::JsonObject,
    ) -> Result<InitializeResult, TransportError> {
        let result: InitializeResult = serde_json::from_value(Value::Object(result))
            .map_err(|e| TransportError::InvalidResult { field: "result", detail: e.to_string() })?;
        if !self.cfg.versions.contains(&result.protocol_version) {
            return Err(TransportError::UnsupportedVersion { offered: vec![result.protocol_version] });
        }
        self.protocol_version = Some(result.protocol_version.clone());
        self.phase = Phase::Ready;
        let note = Message::Notification(Notification { method: "notifications/initialized".into(), params: None });
        let out = self.post(&note, false);
        self.queue.push(out);
        Ok(result)
    }

    fn expire(&mut self, events: &mut Vec<Event>) {
        self.session_id = None;
        self.protocol_version = None;
        self.phase = Phase::New;
        self.streams.clear();
        self.queue.clear();
        events.push(Event::SessionExpired);
    }

    /// The requests due at `now_ms`: the `initialized` notification after the
    /// handshake, and resumption GETs whose delay has passed.
    pub fn poll(&mut self, now_ms: u64) -> Vec<Outgoing> {
        let mut out = std::mem::take(&mut self.queue);
        let due: Vec<StreamId> =
            self.streams.iter().filter(|(_, s)| s.resume_at.is_some_and(|t| t <= now_ms)).map(|(id, _)| *id).collect();
        for stream in due {
            let mut headers = self.base_headers("text/event-stream");
            let with_session = self.session_id.is_some();
            let Some(s) = self.streams.get_mut(&stream) else {
                continue;
            };
            if let Some(id) = s.decoder.as_ref().and_then(|d| d.last_event_id()) {
                headers.push(("last-event-id".into(), id.to_owned()));
            }
            s.resume_at = None;
            s.resumes += 1;
            s.with_session = with_session;
            let request = HttpRequest {
                method: Method::Get,
                url: self.cfg.url.clone(),
                headers,
                body: None,
                response: crate::api::ResponseKind::EventStream,
            };
            out.push(Outgoing { stream, request });
        }
        out
    }

    /// Forgets a stream whose request was given up (timed out, aborted):
    /// a break in it must not be resumed for nobody.
    pub fn abandon(&mut self, stream: StreamId) {
        self.streams.remove(&stream);
    }

    /// When `poll` has something next, if anything is scheduled.
    pub fn next_wakeup(&self) -> Option<u64> {
        if !self.queue.is_empty() {
            return Some(0);
        }
        self.streams.values().filter_map(|s| s.resume_at).min()
    }

    /// Ends the session: the DELETE to send, when there is a session to end
    /// (a 405 to it only means the server does not let clients end them).
    pub fn close(&mut self) -> Option<HttpRequest> {
        self.phase = Phase::Closed;
        self.streams.clear();
        self.queue.clear();
        self.session_id.as_ref()?;
        let headers = self.base_headers("application/json");
        self.session_id = None;
        Some(HttpRequest {
            method: Method::Delete,
            url: self.cfg.url.clone(),
            headers,
            body: None,
            response: crate::api::ResponseKind::Json,
        })
    }
}
