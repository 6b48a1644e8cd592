//! The three era machines behind one face, so the pump reads every answer
//! the same way. Only the 2024-11-05 machine differs in shape: its answers
//! arrive on the GET stream, and a POST only gets an acknowledgement.

use crate::mcp::jsonrpc::Message;
use crate::mcp::transport::legacy_sse::{LegacySse, LEGACY_STREAM};
use crate::mcp::transport::stateless::StatelessHttp;
use crate::mcp::transport::streamable::StreamableHttp;
use crate::mcp::transport::{Event, Outgoing, StreamId, TransportError};

/// The stream id given to 2024-11-05 POSTs: they carry no answer, so they
/// never meet the machine (its GET stream is [`LEGACY_STREAM`]).
pub const LEGACY_POST: StreamId = StreamId(u64::MAX);

pub enum Wire {
    Stateless(StatelessHttp),
    Streamable(StreamableHttp),
    Legacy(LegacySse),
}

impl Wire {
    pub fn send(&mut self, msg: &Message) -> Result<Outgoing, TransportError> {
        match self {
            Wire::Stateless(m) => m.send(msg),
            Wire::Streamable(m) => m.send(msg),
            Wire::Legacy(m) => m.send(msg).map(|request| Outgoing { stream: LEGACY_POST, request }),
        }
    }

    pub fn on_headers(&mut self, stream: StreamId, status: u16, headers: &[(String, String)]) -> Vec<Event> {
        match self {
            Wire::Stateless(m) => m.on_headers(stream, status, headers),
            Wire::Streamable(m) => m.on_headers(stream, status, headers),
            Wire::Legacy(m) if stream == LEGACY_STREAM => m.on_stream_headers(status, headers),
            Wire::Legacy(_) => Vec::new(),
        }
    }

    pub fn on_body(&mut self, stream: StreamId, chunk: &[u8]) -> Vec<Event> {
        match self {
            Wire::Stateless(m) => m.on_body(stream, chunk),
            Wire::Streamable(m) => m.on_body(stream, chunk),
            Wire::Legacy(m) if stream == LEGACY_STREAM => m.on_stream_body(chunk),
            Wire::Legacy(_) => Vec::new(),
        }
    }

    pub fn on_end(&mut self, stream: StreamId, now_ms: u64) -> Vec<Event> {
        match self {
            Wire::Stateless(m) => m.on_end(stream, now_ms),
            Wire::Streamable(m) => m.on_end(stream, now_ms),
            Wire::Legacy(m) if stream == LEGACY_STREAM => m.on_stream_end(),
            Wire::Legacy(_) => Vec::new(),
        }
    }

    /// Requests due now (the `initialized` notification, resumption GETs).
    pub fn poll(&mut self, now_ms: u64) -> Vec<Outgoing> {
        match self {
            Wire::Streamable(m) => m.poll(now_ms),
            _ => Vec::new(),
        }
    }

    /// Forgets a stream nobody waits on any more, so it is not resumed.
    pub fn abandon(&mut self, stream: StreamId) {
        if let Wire::Streamable(m) = self {
            m.abandon(stream);
        }
    }
}
