//! What can go wrong below JSON-RPC: HTTP statuses, headers, stream framing,
//! and the rules each era puts on the exchange. Kept apart from
//! [`McpError`](crate::mcp::McpError), which is about one request's outcome.

use std::fmt;

use crate::mcp::jsonrpc::MessageError;
use crate::sse::SseError;

/// A transport failure, by cause; the field or header at fault is named.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TransportError {
    /// The server's `Mcp-Session-Id` holds a byte outside visible ASCII
    /// (0x21–0x7E), which the spec forbids and a header could not carry back.
    InvalidSessionId { value: String },
    /// The server negotiated a protocol version this client does not speak.
    UnsupportedVersion { offered: Vec<String> },
    /// A non-2xx answer.
    Status { status: u16, body: String },
    /// A 2xx answer whose `Content-Type` is neither JSON nor an event stream.
    UnexpectedContentType { content_type: Option<String> },
    /// Bytes that are not an MCP JSON-RPC message.
    Message(MessageError),
    /// The SSE framing broke (an oversized event, a cut stream).
    Sse(SseError),
    /// An SSE stream ended before the response to its request, and cannot be
    /// resumed (no event id, or too many attempts).
    StreamEnded { resumes: u32 },
    /// A JSON answer longer than the limit.
    BodyTooLarge { limit: usize },
    /// A result that does not match what was asked (`field` names where).
    InvalidResult { field: &'static str, detail: String },
    /// A URL that cannot be parsed or resolved.
    InvalidUrl { url: String },
    /// The 2024-11-05 `endpoint` event points to another origin.
    CrossOriginEndpoint { endpoint: String },
    /// A message was to be sent before the transport could (no `endpoint`
    /// yet, handshake not done, or already closed).
    NotReady { state: &'static str },
    /// A tool whose `x-mcp-header` annotations break the 2026-07-28 rules; it
    /// cannot be called over HTTP.
    InvalidToolHeaders { tool: String, reason: String },
    /// The server requires a version of another era.
    EraMismatch { supported: Vec<String> },
    /// No known way to talk to the server.
    NoCompatibleEra,
    /// A stream id the transport does not know.
    UnknownStream,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidSessionId { value } => {
                write!(f, "the `Mcp-Session-Id` header must be visible ASCII, got {} bytes with others", value.len())
            }
            Self::UnsupportedVersion { offered } => {
                write!(f, "the server's protocol version(s) {offered:?} are not supported by this client")
            }
            Self::Status { status, body } => {
                write!(f, "HTTP {status}")?;
                let body = body.trim();
                if !body.is_empty() {
                    let cut = body.char_indices().nth(200).map_or(body.len(), |(i, _)| i);
                    write!(f, ": {}", &body[..cut])?;
                }
                Ok(())
            }
            Self::UnexpectedContentType { content_type } => {
                write!(f, "unexpected `Content-Type` {:?} (want JSON or an event stream)", content_type)
            }
            Self::Message(e) => write!(f, "invalid message: {e}"),
            Self::Sse(e) => write!(f, "event stream: {e}"),
            Self::StreamEnded { resumes } => {
                write!(f, "the event stream ended before the response (after {resumes} resumptions)")
            }
            Self::BodyTooLarge { limit } => write!(f, "the response body exceeds {limit} bytes"),
            Self::InvalidResult { field, detail } => write!(f, "invalid `{field}`: {detail}"),
            Self::InvalidUrl { url } => write!(f, "invalid URL `{url}`"),
            Self::CrossOriginEndpoint { endpoint } => {
                write!(f, "the `endpoint` event `{endpoint}` is on another origin than the server")
            }
            Self::NotReady { state } => write!(f, "the transport cannot send yet: {state}"),
            Self::InvalidToolHeaders { tool, reason } => {
                write!(f, "tool `{tool}` has invalid `x-mcp-header`: {reason}")
            }
            Self::EraMismatch { supported } => write!(f, "the server supports only {supported:?}"),
            Self::NoCompatibleEra => f.write_str("the server speaks no MCP transport this client knows"),
            Self::UnknownStream => f.write_str("unknown stream id"),
        }
    }
}

impl std::error::Error for TransportError {}

impl From<MessageError> for TransportError {
    fn from(e: MessageError) -> Self {
        Self::Message(e)
    }
}

impl From<SseError> for TransportError {
    fn from(e: SseError) -> Self {
        Self::Sse(e)
    }
}
