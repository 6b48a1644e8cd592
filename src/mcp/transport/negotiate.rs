//! Finding out which era of MCP an HTTP server speaks, as the 2026-07-28
//! backward-compatibility rules describe it, newest first:
//!
//! 1. **Modern.** A `server/discover` POST in the newest version, with the
//!    stateless headers and `_meta`. A result (or a `-32022` whose
//!    `supported` list holds a modern version this client speaks) settles it:
//!    [`Era::Stateless`]. A `-32022` listing only older versions, any other
//!    JSON-RPC error (a legacy server does not know the method, or wants
//!    `initialize` first), or a 400/404/405 means a legacy server.
//! 2. **Streamable HTTP.** An `initialize` POST. An `InitializeResult`
//!    settles it: [`Era::Streamable`]. A 4xx is what a 2024-11-05 server
//!    answers to a POST on its SSE URL, which the 2025-03-26 spec says to
//!    take as the cue to try the old transport.
//! 3. **HTTP+SSE.** A GET for an event stream: a 2xx `text/event-stream`
//!    settles it: [`Era::LegacySse`].
//!
//! A 5xx, a 401/403 or anything unreadable stops the search: those are not
//! era signals, and trying further would hide the real failure.
//!
//! The outcome is worth keeping per server ([`EraKey`], [`EraCache`]) so that
//! later connections start with the right machine; forget the entry when
//! that machine fails in a way that suggests the server changed.
//!
//! The probes are complete exchanges: the driver reads each answer whole
//! (the GET only to its headers) and passes it to [`Negotiator::on_response`].
//! A probe `initialize` may leave a session on the server: [`Negotiated`]
//! carries its id so the driver can DELETE it or adopt it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::body::{BodyItem, BodyReader};
use super::stateless::{StatelessConfig, StatelessHttp, STATELESS_VERSIONS};
use super::streamable::{valid_session_id, StreamableConfig, SESSION_HEADER, STREAMABLE_VERSIONS};
use super::url::split_origin;
use super::{best_common_version, header, TransportError};
use crate::api::{HttpRequest, Method, ResponseKind};
use crate::mcp::jsonrpc::{ErrorCode, Message, Request, RequestId, Response};
use crate::mcp::types::lifecycle::{ClientCapabilities, Implementation, InitializeRequestParams};
use crate::sse::SseDecoder;

/// The three HTTP transports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    /// 2026-07-28 and later: [`super::stateless`].
    Stateless,
    /// 2025-03-26 … 2025-11-25: [`super::streamable`].
    Streamable,
    /// 2024-11-05: [`super::legacy_sse`].
    LegacySse,
}

/// A server URL as a cache key: scheme and host compared without case, the
/// default port dropped, a fragment ignored, the path kept as is (two paths
/// on one host may be two servers).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EraKey(String);

impl EraKey {
    pub fn new(url: &str) -> Result<Self, TransportError> {
        let (origin, rest) = split_origin(url)?;
        let rest = &rest[..rest.find('#').unwrap_or(rest.len())];
        let rest = if rest.is_empty() { "/" } else { rest };
        Ok(EraKey(format!("{origin}{rest}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What was learnt about servers, for a driver that outlives connections.
#[derive(Debug, Clone, Default)]
pub struct EraCache {
    entries: BTreeMap<EraKey, Negotiated>,
}

impl EraCache {
    pub fn get(&self, key: &EraKey) -> Option<&Negotiated> {
        self.entries.get(key)
    }

    pub fn insert(&mut self, key: EraKey, value: Negotiated) {
        // A session belongs to one connection, not to the server.
        self.entries.insert(key, Negotiated { session_id: None, ..value });
    }

    pub fn forget(&mut self, key: &EraKey) -> bool {
        self.entries.remove(key).is_some()
    }
}

/// The outcome of a negotiation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    pub era: Era,
    /// The version to speak (`None` for HTTP+SSE until its own handshake).
    pub version: Option<String>,
    /// A session the probe `initialize` opened.
    pub session_id: Option<String>,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Send(HttpRequest),
    Decided(Negotiated),
    Failed(TransportError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Modern,
    Initialize,
    Get,
    Over,
}

/// The negotiation machine.
#[derive(Debug)]
pub struct Negotiator {
    url: String,
    headers: Vec<(String, String)>,
    client_info: Implementation,
    capabilities: ClientCapabilities,
    phase: Phase,
}

impl Negotiator {
    pub fn new(url: impl Into<String>, headers: Vec<(String, String)>, client_info: Implementation) -> Self {
        Negotiator {
            url: url.into(),
            headers,
            client_info,
            capabilities: ClientCapabilities::default(),
            phase: Phase::Modern,
        }
    }

    pub fn with_capabilities(mut self, capabilities: ClientCapabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// The first probe: `server/discover` in the newest version.
    pub fn start(&mut self) -> Result<HttpRequest, TransportError> {
        self.phase = Phase::Modern;
        let mut cfg = StatelessConfig::new(self.url.clone(), self.client_info.clone());
        cfg.headers = self.headers.clone();
        cfg.capabilities = self.capabilities.clone();
        let mut machine = StatelessHttp::new(cfg);
        let msg = Message::Request(Request {
            id: RequestId::from("discover"),
            method: "server/discover".into(),
            params: None,
        });
        Ok(machine.send(&msg)?.request)
    }

    fn initialize_request(&self) -> Result<HttpRequest, TransportError> {
        let mut cfg = StreamableConfig::new(self.url.clone());
        cfg.headers = self.headers.clone();
        let mut machine = super::streamable::StreamableHttp::new(cfg);
        let params = InitializeRequestParams {
            protocol_version: STREAMABLE_VERSIONS[0].to_owned(),
            capabilities: self.capabilities.clone(),
            client_info: self.client_info.clone(),
            meta: None,
            extra: Default::default(),
        };
        Ok(machine.initialize(RequestId::from("initialize"), &params)?.request)
    }

    fn get_request(&self) -> HttpRequest {
        let mut headers = self.headers.clone();
        headers.push(("accept".into(), "text/event-stream".into()));
        HttpRequest {
            method: Method::Get,
            url: self.url.clone(),
            headers,
            body: None,
            response: ResponseKind::EventStream,
        }
    }

    /// The answer to the last probe. For the GET probe, `body` may be empty:
    /// only the status and `Content-Type` count.
    pub fn on_response(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) -> Step {
        match self.phase {
            Phase::Modern => self.after_modern(status, headers, body),
            Phase::Initialize => self.after_initialize(status, headers, body),
            Phase::Get => {
                self.phase = Phase::Over;
                let ct = super::body::media_type(header(headers, "content-type"));
                if (200..300).contains(&status) && ct.as_deref() == Some("text/event-stream") {
                    Step::Decided(Negotiated { era: Era::LegacySse, version: None, session_id: None })
                } else {
                    Step::Failed(TransportError::NoCompatibleEra)
                }
            }
            Phase::Over => Step::Failed(TransportError::NotReady { state: "negotiation is over" }),
        }
    }

    fn next(&mut self, phase: Phase) -> Step {
        self.phase = phase;
        match phase {
            Phase::Initialize => match self.initialize_request() {
                Ok(r) => Step::Send(r),
                Err(e) => Step::Failed(e),
            },
            _ => Step::Send(self.get_request()),
        }
    }

    fn after_modern(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) -> Step {
        let message = first_response(headers, body);
        match message {
            Some(Response::Result(r)) => {
                // A result without `supportedVersions` is not a discover
                // result: some legacy servers answer any method with `{}`.
                let supported: Vec<String> = r
                    .result
                    .get("supportedVersions")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default();
                match best_common_version(&supported, &STATELESS_VERSIONS) {
                    Some(v) => self.decided(Era::Stateless, Some(v.to_owned())),
                    None => self.next(Phase::Initialize),
                }
            }
            Some(Response::Error(e)) if e.error.code == ErrorCode::UNSUPPORTED_PROTOCOL_VERSION => {
                let supported: Vec<String> = e
                    .error
                    .data
                    .as_ref()
                    .and_then(|d| d.get("supported"))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default();
                match best_common_version(&supported, &STATELESS_VERSIONS) {
                    Some(v) => self.decided(Era::Stateless, Some(v.to_owned())),
                    None => self.next(Phase::Initialize),
                }
            }
            // A legacy server: unknown method, or "initialize first".
            Some(Response::Error(_)) if status < 500 => self.next(Phase::Initialize),
            _ if matches!(status, 400 | 404 | 405) => self.next(Phase::Initialize),
            _ => self.fail(status, body),
        }
    }

    fn after_initialize(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) -> Step {
        if (400..500).contains(&status) && status != 401 && status != 403 {
            return self.next(Phase::Get);
        }
        match first_response(headers, body) {
            Some(Response::Result(r)) if (200..300).contains(&status) => {
                let version = r.result.get("protocolVersion").and_then(Value::as_str).map(str::to_owned);
                if !version.as_deref().is_some_and(|v| STREAMABLE_VERSIONS.contains(&v)) {
                    self.phase = Phase::Over;
                    return Step::Failed(TransportError::UnsupportedVersion { offered: version.into_iter().collect() });
                }
                let session_id = header(headers, SESSION_HEADER).map(str::to_owned);
                if let Some(id) = session_id.as_deref().filter(|id| !valid_session_id(id)) {
                    self.phase = Phase::Over;
                    return Step::Failed(TransportError::InvalidSessionId { value: id.to_owned() });
                }
                self.phase = Phase::Over;
                Step::Decided(Negotiated { era: Era::Streamable, version, session_id })
            }
            _ => self.fail(status, body),
        }
    }

    fn decided(&mut self, era: Era, version: Option<String>) -> Step {
        self.phase = Phase::Over;
        Step::Decided(Negotiated { era, version, session_id: None })
    }

    fn fail(&mut self, status: u16, body: &[u8]) -> Step {
        self.phase = Phase::Over;
        let body: String = String::from_utf8_lossy(body).chars().take(64 * 1024).collect();
        if (200..300).contains(&status) {
            Step::Failed(TransportError::InvalidResult { field: "body", detail: "no JSON-RPC response".into() })
        } else {
            Step::Failed(TransportError::Status { status, body })
        }
    }
}

/// The first JSON-RPC response in a whole body, JSON or SSE, 2xx or not
/// (4xx answers of modern servers carry the JSON-RPC error).
pub(crate) fn first_response(headers: &[(String, String)], body: &[u8]) -> Option<Response> {
    let ct = header(headers, "content-type");
    let mut reader = BodyReader::for_success(200, ct, SseDecoder::new(), super::body::DEFAULT_MAX_JSON_BODY).ok()?;
    let mut items = Vec::new();
    reader.push(body, &mut items);
    reader.finish(&mut items);
    items.into_iter().find_map(|item| match item {
        BodyItem::Message(Message::Response(r)) => Some(r),
        _ => None,
    })
}
