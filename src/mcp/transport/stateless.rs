//! Stateless HTTP, the transport of 2026-07-28.
//!
//! There is no handshake and no session: every request states the protocol
//! version, client info and capabilities in `params._meta`, and repeats the
//! version and its routing facts in headers (`MCP-Protocol-Version`,
//! `Mcp-Method`, `Mcp-Name` for the methods that name a tool, prompt or
//! resource, `Mcp-Param-*` for the arguments a tool marks with
//! `x-mcp-header`), so that any instance behind a load balancer can serve it.
//!
//! Three answers need more than passing the message on:
//!
//! * `-32022` (unsupported version) lists what the server supports: the
//!   request is sent again in the newest version both sides speak
//!   ([`Event::Retry`]); a list of older versions only means the server is of
//!   another era ([`TransportError::EraMismatch`], for [`super::negotiate`]).
//! * `-32021` (missing capability) is reported with the capabilities the
//!   server asked for ([`Event::MissingCapability`]), then passed on: the
//!   client cannot grow capabilities for one request.
//! * An `input_required` result is not the answer yet: it is surfaced as
//!   [`Event::InputRequired`]; the caller gathers the answers and
//!   [`StatelessHttp::retry_with_input`] sends the same request (under a
//!   new id, since the first one is over) with `inputResponses` and `requestState`.
//!
//! Driving it is as for the other eras, see the [module docs](super).

use std::collections::BTreeMap;

use serde_json::Value;

use super::body::{BodyItem, BodyReader, DEFAULT_MAX_JSON_BODY};
use super::headers::{encode_value, param_headers, scan, ParamHeader};
use super::{best_common_version, header, Event, Outgoing, StreamId, TransportError, ACCEPT_BOTH};
use crate::api::{HttpRequest, Method, ResponseKind};
use crate::mcp::jsonrpc::{ErrorCode, Message, Request, RequestId, Response};
use crate::mcp::types::input::{InputRequiredResult, InputResponses};
use crate::mcp::types::lifecycle::{ClientCapabilities, Implementation};
use crate::mcp::types::meta::{META_CLIENT_CAPABILITIES, META_CLIENT_INFO, META_LOG_LEVEL, META_PROTOCOL_VERSION};
use crate::mcp::types::tools::Tool;
use crate::models::common::JsonObject;
use crate::sse::{SseDecoder, DEFAULT_MAX_EVENT_SIZE};

/// Revisions spoken statelessly.
pub const STATELESS_VERSIONS: [&str; 1] = ["2026-07-28"];

/// How a [`StatelessHttp`] behaves.
#[derive(Debug, Clone)]
pub struct StatelessConfig {
    pub url: String,
    /// Sent with every request (authorization, ...).
    pub headers: Vec<(String, String)>,
    pub client_info: Implementation,
    pub capabilities: ClientCapabilities,
    /// Versions this client speaks statelessly, any order.
    pub versions: Vec<String>,
    pub max_event_size: usize,
    pub max_json_body: usize,
}

impl StatelessConfig {
    pub fn new(url: impl Into<String>, client_info: Implementation) -> Self {
        StatelessConfig {
            url: url.into(),
            headers: Vec::new(),
            client_info,
            capabilities: ClientCapabilities::default(),
            versions: STATELESS_VERSIONS.iter().map(|v| (*v).to_owned()).collect(),
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
            max_json_body: DEFAULT_MAX_JSON_BODY,
        }
    }
}

#[derive(Debug)]
struct Exchange {
    /// The message as the caller gave it (without the `_meta` added here),
    /// to rebuild it for a retry.
    original: Message,
    reader: BodyReader,
    /// Whether this is already a retry in another version (one is enough:
    /// the server said what it speaks).
    version_retried: bool,
    answered: bool,
}

/// The 2026-07-28 client machine.
#[derive(Debug)]
pub struct StatelessHttp {
    cfg: StatelessConfig,
    version: String,
    /// Asked for on every request (2026-07-28 has no `logging/setLevel`).
    log_level: Option<String>,
    tools: BTreeMap<String, Vec<ParamHeader>>,
    invalid_tools: BTreeMap<String, String>,
    streams: BTreeMap<StreamId, Exchange>,
    next_stream: u64,
    /// Requests answered with `input_required`, with their `requestState`.
    awaiting_input: BTreeMap<RequestId, (Request, Option<String>)>,
}

/// The params member an `Mcp-Name` header mirrors, by method.
fn name_source(method: &str) -> Option<&'static str> {
    match method {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        "tasks/get" | "tasks/update" | "tasks/cancel" => Some("taskId"),
        _ => None,
    }
}

impl StatelessHttp {
    pub fn new(cfg: StatelessConfig) -> Self {
        let version = cfg.versions.iter().max().cloned().unwrap_or_else(|| STATELESS_VERSIONS[0].to_owned());
        StatelessHttp {
            cfg,
            version,
            log_level: None,
            tools: BTreeMap::new(),
            invalid_tools: BTreeMap::new(),
            streams: BTreeMap::new(),
            next_stream: 0,
            awaiting_input: BTreeMap::new(),
        }
    }

    /// The version requests are made in.
    pub fn protocol_version(&self) -> &str {
        &self.version
    }

    /// The log level put in every request's `_meta` from now on (`None`:
    /// the server's default).
    pub fn set_log_level(&mut self, level: Option<String>) {
        self.log_level = level;
    }

    /// Learns the `x-mcp-header` annotations of listed tools. Returns the
    /// tools that break the rules: they are refused by [`Self::send`] and the
    /// caller should leave them out of what it offers a model.
    pub fn register_tools(&mut self, tools: &[Tool]) -> Vec<TransportError> {
        let mut rejected = Vec::new();
        for tool in tools {
            match scan(&tool.input_schema) {
                Ok(decls) => {
                    self.invalid_tools.remove(&tool.name);
                    self.tools.insert(tool.name.clone(), decls);
                }
                Err(reason) => {
                    self.tools.remove(&tool.name);
                    self.invalid_tools.insert(tool.name.clone(), reason.clone());
                    rejected.push(TransportError::InvalidToolHeaders { tool: tool.name.clone(), reason });
                }
            }
        }
        rejected
    }

    /// Whether a tool was rejected by [`Self::register_tools`].
    pub fn is_tool_invalid(&self, name: &str) -> bool {
        self.invalid_tools.contains_key(name)
    }

    /// The POST of a message.
    pub fn send(&mut self, msg: &Message) -> Result<Outgoing, TransportError> {
        let request = self.build(msg)?;
        let stream = StreamId(self.next_stream);
        self.next_stream += 1;
        let reader = BodyReader::Ignore;
        self.streams
            .insert(stream, Exchange { original: msg.clone(), reader, version_retried: false, answered: false });
        Ok(Outgoing { stream, request })
    }

    fn build(&self, msg: &Message) -> Result<HttpRequest, TransportError> {
        let mut headers = self.cfg.headers.clone();
        headers.push(("accept".into(), ACCEPT_BOTH.into()));
        headers.push(("content-type".into(), "application/json".into()));
        headers.push(("mcp-protocol-version".into(), self.version.clone()));
        let body = match msg {
            Message::Request(r) => {
                let mut r = r.clone();
                let params = r.params.get_or_insert_with(JsonObject::new);
                self.add_meta(params);
                headers.push(("mcp-method".into(), r.method.clone()));
                if let Some(field) = name_source(&r.method) {
                    if let Some(Value::String(name)) = params.get(field) {
                        headers.push(("mcp-name".into(), encode_value(name)));
                    }
                }
                if r.method == "tools/call" {
                    let name = params.get("name").and_then(Value::as_str).unwrap_or("");
                    if let Some(reason) = self.invalid_tools.get(name) {
                        return Err(TransportError::InvalidToolHeaders {
                            tool: name.to_owned(),
                            reason: reason.clone(),
                        });
                    }
                    if let Some(decls) = self.tools.get(name) {
                        headers.extend(param_headers(decls, params.get("arguments").and_then(Value::as_object)));
                    }
                }
                Message::Request(r)
            }
            Message::Notification(n) => {
                headers.push(("mcp-method".into(), n.method.clone()));
                msg.clone()
            }
            Message::Response(_) => msg.clone(),
        };
        Ok(HttpRequest {
            method: Method::Post,
            url: self.cfg.url.clone(),
            headers,
            body: Some(body.to_json().to_string()),
            response: ResponseKind::EventStream,
        })
    }

    /// Puts the version, client info and capabilities into `_meta`, keeping
    /// what the caller put there (a progress token, a log level).
    fn add_meta(&self, params: &mut JsonObject) {
        let meta = params.entry("_meta").or_insert_with(|| Value::Object(JsonObject::new()));
        if !meta.is_object() {
            *meta = Value::Object(JsonObject::new());
        }
        if let Value::Object(meta) = meta {
            meta.insert(META_PROTOCOL_VERSION.into(), Value::String(self.version.clone()));
            let caps =
                serde_json::to_value(&self.cfg.capabilities).unwrap_or_else(|_| Value::Object(JsonObject::new()));
            meta.insert(META_CLIENT_CAPABILITIES.into(), caps);
            if let Ok(info) = serde_json::to_value(&self.cfg.client_info) {
                meta.insert(META_CLIENT_INFO.into(), info);
            }
            if let Some(level) = &self.log_level {
                meta.entry(META_LOG_LEVEL).or_insert_with(|| Value::String(level.clone()));
            }
        }
    }

    /// The answer's status line and headers arrived.
    pub fn on_headers(&mut self, stream: StreamId, status: u16, headers: &[(String, String)]) -> Vec<Event> {
        let Some(x) = self.streams.get_mut(&stream) else {
            return vec![Event::Error { stream, error: TransportError::UnknownStream, fatal: true }];
        };
        if !(200..300).contains(&status) {
            x.reader = BodyReader::for_error(status, self.cfg.max_json_body);
            return Vec::new();
        }
        let decoder = SseDecoder::with_max_event_size(self.cfg.max_event_size);
        match BodyReader::for_success(status, header(headers, "content-type"), decoder, self.cfg.max_json_body) {
            Ok(reader) => {
                x.reader = reader;
                Vec::new()
            }
            Err(error) => vec![Event::Error { stream, error, fatal: true }],
        }
    }

    /// A chunk of the body arrived.
    pub fn on_body(&mut self, stream: StreamId, chunk: &[u8]) -> Vec<Event> {
        let mut items = Vec::new();
        match self.streams.get_mut(&stream) {
            Some(x) => x.reader.push(chunk, &mut items),
            None => return vec![Event::Error { stream, error: TransportError::UnknownStream, fatal: true }],
        }
        let mut events = Vec::new();
        self.handle_items(stream, items, &mut events);
        events
    }

    /// The body ended. Stateless streams are not resumed: a request whose
    /// stream broke before its answer fails, and the caller may send it again.
    pub fn on_end(&mut self, stream: StreamId, _now_ms: u64) -> Vec<Event> {
        let mut items = Vec::new();
        match self.streams.get_mut(&stream) {
            Some(x) => x.reader.finish(&mut items),
            None => return vec![Event::Error { stream, error: TransportError::UnknownStream, fatal: true }],
        }
        let mut events = Vec::new();
        self.handle_items(stream, items, &mut events);
        if let Some(x) = self.streams.remove(&stream) {
            let failed = events.iter().any(|e| matches!(e, Event::Error { fatal: true, .. }));
            if matches!(x.original, Message::Request(_)) && !x.answered && !failed {
                events.push(Event::Error { stream, error: TransportError::StreamEnded { resumes: 0 }, fatal: true });
            }
        }
        events.push(Event::Done { stream });
        events
    }

    fn handle_items(&mut self, stream: StreamId, items: Vec<BodyItem>, events: &mut Vec<Event>) {
        for item in items {
            match item {
                BodyItem::Message(msg) => self.handle_message(stream, msg, events),
                BodyItem::Other(_) => {}
                // A 4xx whose body is the JSON-RPC error (-32022, -32021,
                // -32020 come with 400) is that error, not a bare status.
                BodyItem::Error(TransportError::Status { status, body }) => match Message::parse_str(&body) {
                    Ok(msg @ Message::Response(_)) => self.handle_message(stream, msg, events),
                    _ => events.push(Event::Error {
                        stream,
                        error: TransportError::Status { status, body },
                        fatal: true,
                    }),
                },
                BodyItem::Error(error) => {
                    let fatal = matches!(error, TransportError::BodyTooLarge { .. });
                    events.push(Event::Error { stream, error, fatal });
                }
            }
        }
    }

    fn handle_message(&mut self, stream: StreamId, msg: Message, events: &mut Vec<Event>) {
        let Some(x) = self.streams.get_mut(&stream) else {
            return;
        };
        let own_id = match &x.original {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        let Message::Response(resp) = &msg else {
            events.push(Event::Message(msg));
            return;
        };
        if resp.id().is_none() || resp.id() != own_id.as_ref() {
            events.push(Event::Message(msg));
            return;
        }
        x.answered = true;
        let Some(id) = own_id else { return };
        match resp {
            Response::Error(e) if e.error.code == ErrorCode::UNSUPPORTED_PROTOCOL_VERSION => {
                let supported: Vec<String> = e
                    .error
                    .data
                    .as_ref()
                    .and_then(|d| d.get("supported"))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default();
                let ours: Vec<&str> = self.cfg.versions.iter().map(String::as_str).collect();
                let retried = x.version_retried;
                let original = x.original.clone();
                match best_common_version(&supported, &ours).map(str::to_owned) {
                    Some(v) if !retried => {
                        self.version = v;
                        match self.send(&original) {
                            Ok(out) => {
                                if let Some(nx) = self.streams.get_mut(&out.stream) {
                                    nx.version_retried = true;
                                }
                                events.push(Event::Retry(out));
                            }
                            Err(error) => events.push(Event::Error { stream, error, fatal: true }),
                        }
                    }
                    Some(_) => events.push(Event::Message(msg)),
                    None if supported.is_empty() => {
                        let error = TransportError::UnsupportedVersion { offered: supported };
                        events.push(Event::Error { stream, error, fatal: true });
                        events.push(Event::Message(msg));
                    }
                    None => {
                        events.push(Event::Error {
                            stream,
                            error: TransportError::EraMismatch { supported },
                            fatal: true,
                        });
                        events.push(Event::Message(msg));
                    }
                }
            }
            Response::Error(e) if e.error.code == ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY => {
                let required = e
                    .error
                    .data
                    .as_ref()
                    .and_then(|d| d.get("requiredCapabilities"))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                events.push(Event::MissingCapability { id, required });
                events.push(Event::Message(msg));
            }
            Response::Result(r) if r.result.get("resultType").and_then(Value::as_str) == Some("input_required") => {
                match serde_json::from_value::<InputRequiredResult>(Value::Object(r.result.clone())) {
                    Ok(result) => {
                        if let Message::Request(req) = &x.original {
                            self.awaiting_input.insert(id.clone(), (req.clone(), result.request_state.clone()));
                        }
                        events.push(Event::InputRequired { id, result: Box::new(result) });
                    }
                    Err(e) => {
                        let error = TransportError::InvalidResult { field: "result", detail: e.to_string() };
                        events.push(Event::Error { stream, error, fatal: true });
                    }
                }
            }
            _ => events.push(Event::Message(msg)),
        }
    }

    /// The retry of a request answered with `input_required`: the same
    /// request under a new id (`new_id`: the first one is over, and a
    /// JSON-RPC id names one request) with the caller's answers and the
    /// server's `requestState`. Answers from an earlier round are replaced.
    pub fn retry_with_input(
        &mut self,
        id: &RequestId,
        new_id: RequestId,
        answers: InputResponses,
    ) -> Result<Outgoing, TransportError> {
        let Some((mut request, state)) = self.awaiting_input.remove(id) else {
            return Err(TransportError::NotReady { state: "no input_required answer for this request id" });
        };
        request.id = new_id;
        let params = request.params.get_or_insert_with(JsonObject::new);
        let answers = serde_json::to_value(&answers)
            .map_err(|e| TransportError::InvalidResult { field: "inputResponses", detail: e.to_string() })?;
        params.insert("inputResponses".into(), answers);
        match state {
            Some(s) => params.insert("requestState".into(), Value::String(s)),
            None => params.remove("requestState"),
        };
        self.send(&Message::Request(request))
    }

    /// Forgets a request awaiting input (the caller gave up on it).
    pub fn abandon_input(&mut self, id: &RequestId) -> bool {
        self.awaiting_input.remove(id).is_some()
    }
}
