//! The MCP HTTP transports as sans-IO state machines: no sockets, no async,
//! no clock. Each era has its own machine:
//!
//! * [`streamable`]: Streamable HTTP (2025-03-26 … 2025-11-25), with the
//!   `initialize` handshake, `Mcp-Session-Id` and resumable SSE answers;
//! * [`stateless`]: the stateless HTTP of 2026-07-28 (`_meta` on every
//!   request, routing headers, `input_required` retries);
//! * [`legacy_sse`]: HTTP+SSE of 2024-11-05 (one GET stream, POSTs to the
//!   `endpoint` it announces);
//! * [`negotiate`]: finding which of the three a server speaks.
//!
//! # Driving a machine
//!
//! A driver (the future async client over `fetch`) runs one loop for all
//! three: it asks the machine for an [`Outgoing`] request, sends its
//! [`HttpRequest`], then reports what comes back *for that stream*:
//! `on_headers(stream, status, headers)` once, `on_body(stream, chunk)` for
//! every chunk as it arrives (never buffered: SSE answers can be long), and
//! `on_end(stream, now_ms)` when the body is complete or the connection
//! dropped. Each call returns [`Event`]s to act on in order. Time only enters
//! as `now_ms` arguments, and `poll(now_ms)` hands out the requests that are
//! due (a resumption GET after its `retry` delay, the `initialized`
//! notification), so tests script whole exchanges without sleeping.

pub mod body;
pub mod error;
pub mod headers;
pub mod legacy_sse;
pub mod negotiate;
pub mod stateless;
pub mod streamable;
pub mod url;

pub use error::TransportError;

use crate::api::HttpRequest;
use crate::mcp::jsonrpc::{Message, RequestId};
use crate::mcp::types::input::InputRequiredResult;
use crate::mcp::types::lifecycle::InitializeResult;
use crate::models::common::JsonObject;

/// `Accept` of every POST: servers may answer with either.
pub const ACCEPT_BOTH: &str = "application/json, text/event-stream";

/// Names the exchange a request starts, so the driver can route the answer's
/// headers and chunks back to it. A resumption GET reuses its stream's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StreamId(pub u64);

/// A request to send, and the stream its answer belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub stream: StreamId,
    pub request: HttpRequest,
}

/// What a transport tells its driver.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A JSON-RPC message from the server, for the protocol core.
    Message(Message),
    /// The handshake finished; the negotiated version is in the result.
    Initialized(Box<InitializeResult>),
    /// The server forgot the session: every request in flight is lost and the
    /// client must run `initialize` again. The machine forgets its streams:
    /// abort their connections (more of their chunks get
    /// [`TransportError::UnknownStream`]).
    SessionExpired,
    /// A request's stream broke and will be resumed by a GET, due at
    /// `at_ms` (hand it out with `poll`).
    ResumeScheduled { stream: StreamId, at_ms: u64 },
    /// A 2026-07-28 `input_required` answer: gather the answers and call
    /// `retry_with_input`.
    InputRequired { id: RequestId, result: Box<InputRequiredResult> },
    /// The server lacks a client capability for this request (-32021): the
    /// error response follows as a [`Event::Message`].
    MissingCapability { id: RequestId, required: JsonObject },
    /// The request is sent again (another protocol version): send it.
    Retry(Outgoing),
    /// Something broke on this stream. When `fatal` is false, later events of
    /// the stream still arrive (garbage in one SSE event does not cost the
    /// stream).
    Error { stream: StreamId, error: TransportError, fatal: bool },
    /// The 2024-11-05 server named the URL to POST messages to (resolved,
    /// same origin as the server).
    Endpoint(String),
    /// The exchange on this stream is over.
    Done { stream: StreamId },
}

/// The newest of `offered` that is also in `ours` (both newest first or not:
/// dates compare as strings).
pub(crate) fn best_common_version<'a>(offered: &'a [String], ours: &[&str]) -> Option<&'a str> {
    offered.iter().map(String::as_str).filter(|v| ours.contains(v)).max()
}

/// A header's value, by case-insensitive name.
pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}
