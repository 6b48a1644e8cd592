//! Reading one HTTP answer's body into JSON-RPC messages, whatever the
//! server chose: a JSON document (read whole, bounded) or an event stream
//! (decoded as chunks arrive, each event's data one message). Shared by all
//! three eras; the era decides what the messages mean.

use crate::mcp::jsonrpc::Message;
use crate::sse::{SseDecoder, SseError, SseEvent};

use super::TransportError;

/// Default bound of a JSON answer or an error body kept for a report.
pub const DEFAULT_MAX_JSON_BODY: usize = 16 * 1024 * 1024;

/// One thing found in a body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyItem {
    Message(Message),
    /// An SSE event that is not a message. `endpoint` events of 2024-11-05
    /// come out this way, with their data; empty priming events do not come
    /// out at all.
    Other(SseEvent),
    /// Bad bytes in one place; the body goes on after it.
    Error(TransportError),
}

/// How a body is being read, chosen from the status and `Content-Type`.
#[derive(Debug, Clone)]
pub enum BodyReader {
    Json {
        buf: Vec<u8>,
        limit: usize,
        overflow: bool,
    },
    Sse(Box<SseDecoder>),
    /// A non-2xx body, kept (bounded) for the error report.
    ErrorText {
        status: u16,
        buf: Vec<u8>,
        limit: usize,
    },
    /// No body expected (202), or one to ignore.
    Ignore,
}

/// The media type of a `Content-Type`, lower-cased, without parameters.
pub fn media_type(content_type: Option<&str>) -> Option<String> {
    let ct = content_type?;
    Some(ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
}

impl BodyReader {
    /// The reader for a 2xx answer, or the typed error when its type is not
    /// one MCP allows. A 202 (or 204) carries no messages.
    pub fn for_success(
        status: u16,
        content_type: Option<&str>,
        decoder: SseDecoder,
        limit: usize,
    ) -> Result<Self, TransportError> {
        if status == 202 || status == 204 {
            return Ok(Self::Ignore);
        }
        match media_type(content_type).as_deref() {
            Some("application/json") => Ok(Self::Json { buf: Vec::new(), limit, overflow: false }),
            Some("text/event-stream") => Ok(Self::Sse(Box::new(decoder))),
            _ => Err(TransportError::UnexpectedContentType { content_type: content_type.map(str::to_owned) }),
        }
    }

    /// The reader for a non-2xx answer.
    pub fn for_error(status: u16, limit: usize) -> Self {
        Self::ErrorText { status, buf: Vec::new(), limit: limit.min(64 * 1024) }
    }

    /// Feeds one chunk.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<BodyItem>) {
        match self {
            Self::Json { buf, limit, overflow } => {
                if *overflow {
                    return;
                }
                if buf.len() + chunk.len() > *limit {
                    *overflow = true;
                    buf.clear();
                    out.push(BodyItem::Error(TransportError::BodyTooLarge { limit: *limit }));
                } else {
                    buf.extend_from_slice(chunk);
                }
            }
            Self::Sse(decoder) => decoder.feed(chunk, |item| out.push(sse_item(item))),
            Self::ErrorText { buf, limit, .. } => {
                let room = limit.saturating_sub(buf.len());
                buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Self::Ignore => {}
        }
    }

    /// Ends the body. A stream cut inside an event is reported, and its
    /// message used anyway when the cut left whole JSON (JSON delimits
    /// itself, so nothing can be missing from a message that parses).
    pub fn finish(&mut self, out: &mut Vec<BodyItem>) {
        match self {
            Self::Json { buf, overflow: false, .. } => {
                let bytes = std::mem::take(buf);
                match Message::parse(&bytes) {
                    Ok(m) => out.push(BodyItem::Message(m)),
                    Err(e) => out.push(BodyItem::Error(e.into())),
                }
            }
            Self::Json { .. } | Self::Ignore => {}
            Self::Sse(decoder) => match decoder.finish() {
                Ok(()) => {}
                Err(SseError::Truncated { event, mid_line: false }) => match Message::parse_str(&event.data) {
                    Ok(m) => out.push(BodyItem::Message(m)),
                    Err(_) => out.push(BodyItem::Error(SseError::Truncated { event, mid_line: false }.into())),
                },
                Err(e) => out.push(BodyItem::Error(e.into())),
            },
            Self::ErrorText { status, buf, .. } => {
                let body = String::from_utf8_lossy(buf).into_owned();
                out.push(BodyItem::Error(TransportError::Status { status: *status, body }));
            }
        }
    }

    /// The SSE decoder, for the last event id and `retry`.
    pub fn decoder(&self) -> Option<&SseDecoder> {
        match self {
            Self::Sse(d) => Some(d),
            _ => None,
        }
    }

    /// Takes the SSE decoder back (its last event id and `retry` outlive
    /// the connection).
    pub fn into_decoder(self) -> Option<SseDecoder> {
        match self {
            Self::Sse(d) => Some(*d),
            _ => None,
        }
    }
}

fn sse_item(item: Result<SseEvent, SseError>) -> BodyItem {
    match item {
        Err(e) => BodyItem::Error(e.into()),
        Ok(event) if event.event == "message" => {
            // Priming events (an id and maybe `retry`, no data) only set up
            // resumption.
            if event.data.is_empty() {
                return BodyItem::Other(event);
            }
            match Message::parse_str(&event.data) {
                Ok(m) => BodyItem::Message(m),
                Err(e) => BodyItem::Error(e.into()),
            }
        }
        Ok(event) => BodyItem::Other(event),
    }
}
