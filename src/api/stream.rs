//! Typed event streams: SSE bytes in, `Result<T, Error>` items out.
//!
//! The layer between [`crate::sse`] (which knows nothing about JSON) and a
//! transport's `Stream`. It decides three things the byte decoder cannot:
//!
//! * **How a stream ends** ([`StreamEnd`]): conversation streams simply end
//!   when the server closes the connection; chat completions end with a
//!   `data: [DONE]` event, so a close before it means the answer was cut.
//! * **Item by item failure.** A payload that is not valid JSON, or not the
//!   expected type, becomes one `Err` item naming the SSE event, and the items
//!   after it still arrive: a single odd event must not throw away the rest
//!   of a long agent run. Unknown event *types* are not errors at all; the
//!   open enums keep them raw.
//! * **Errors the server reports in-band.** Once a 200 has been sent, a
//!   server can only report a failure inside the stream. Conversation streams
//!   have a typed event for it (`conversation.response.error`, a
//!   [`crate::models::ConversationEvent`] item, left to the caller as the spec
//!   models it); anything else shaped like an error (an `event: error`, or a
//!   body with `"object": "error"`, `"type": "error"` or an `error` object, as
//!   chat streams and proxies send) becomes [`SseError::ErrorEvent`] instead of
//!   a confusing decode failure.

use std::fmt;

use serde::de::DeserializeOwned;

use super::call::StreamCall;
use crate::error::{DecodeError, Error};
use crate::sse::{SseDecoder, SseError, SseEvent, DEFAULT_MAX_EVENT_SIZE};

/// How a stream signals that it is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// The server closing the connection ends the stream (conversations).
    ConnectionClose,
    /// An event whose data is this marker ends the stream; anything after it
    /// is ignored, and a close without it is [`SseError::MissingEndMarker`]
    /// (chat completions: [`StreamEnd::DONE`]).
    DoneMarker(&'static str),
}

impl StreamEnd {
    /// The chat completions rule: `data: [DONE]`.
    pub const DONE: StreamEnd = StreamEnd::DoneMarker("[DONE]");

    /// The rule for a [`StreamCall`]'s `terminator`.
    pub fn from_terminator(terminator: Option<&'static str>) -> Self {
        terminator.map_or(StreamEnd::ConnectionClose, StreamEnd::DoneMarker)
    }
}

/// Decodes a byte stream of SSE events whose data is JSON `T`.
pub struct EventStreamDecoder<T> {
    sse: SseDecoder,
    end: StreamEnd,
    target: &'static str,
    /// The end marker arrived: ignore everything else.
    done: bool,
    /// An error already explains why the stream ends early (the server
    /// reported one in-band, or the stream was cut): a missing end marker
    /// after it is expected, not a second failure.
    ended_by_error: bool,
    decode: fn(&'static str, String) -> Result<T, DecodeError>,
}

impl<T> fmt::Debug for EventStreamDecoder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStreamDecoder")
            .field("target", &self.target)
            .field("end", &self.end)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> EventStreamDecoder<T> {
    /// A decoder with the default event size limit.
    pub fn new(end: StreamEnd) -> Self {
        Self::with_max_event_size(end, DEFAULT_MAX_EVENT_SIZE)
    }

    /// A decoder that refuses events larger than `bytes`.
    pub fn with_max_event_size(end: StreamEnd, bytes: usize) -> Self {
        Self::with_decode(end, bytes, |target, data| DecodeError::decode(target, &data))
    }
}

impl<T> EventStreamDecoder<T> {
    fn with_decode(end: StreamEnd, bytes: usize, decode: fn(&'static str, String) -> Result<T, DecodeError>) -> Self {
        EventStreamDecoder {
            sse: SseDecoder::with_max_event_size(bytes),
            end,
            target: short_type_name::<T>(),
            done: false,
            ended_by_error: false,
            decode,
        }
    }

    /// The decoder for the answer to `call`, with its end rule and its way
    /// of decoding an event.
    pub fn for_call(call: &StreamCall<T>) -> Self {
        Self::with_decode(StreamEnd::from_terminator(call.terminator), DEFAULT_MAX_EVENT_SIZE, call.decode)
    }

    /// `true` once the end marker has arrived: the transport may close the
    /// connection, nothing more will be produced.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Decodes `chunk`, appending items to `out` in stream order.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<Result<T, Error>>) {
        if self.done {
            return;
        }
        let Self { sse, end, target, done, ended_by_error, decode } = self;
        sse.feed(chunk, |item| {
            if *done {
                return;
            }
            let item = match item {
                Ok(event) => decode_event(event, *end, target, done, ended_by_error, *decode),
                Err(e) => Some(Err(Error::Stream(e))),
            };
            out.extend(item);
        });
    }

    /// Ends the stream (the connection closed), appending any last items.
    ///
    /// An event whose lines all arrived but whose closing blank line did not
    /// is still decoded: its JSON payload is self-delimiting, and the docs'
    /// own recorded stream ends that way. A stream cut in the middle of a
    /// line is [`SseError::Truncated`]; a [`StreamEnd::DoneMarker`] stream
    /// that closes without its marker is [`SseError::MissingEndMarker`].
    /// The decoder is then ready for a new stream.
    pub fn finish(&mut self, out: &mut Vec<Result<T, Error>>) {
        let finished = self.sse.finish();
        if !self.done {
            match finished {
                Ok(()) => {}
                Err(SseError::Truncated { event, mid_line: false }) => {
                    let Self { end, target, done, ended_by_error, decode, .. } = self;
                    out.extend(decode_event(*event, *end, target, done, ended_by_error, *decode));
                }
                Err(e) => {
                    out.push(Err(Error::Stream(e)));
                    self.ended_by_error = true;
                }
            }
            if let StreamEnd::DoneMarker(marker) = self.end {
                if !self.done && !self.ended_by_error {
                    out.push(Err(Error::Stream(SseError::MissingEndMarker { marker: marker.to_owned() })));
                }
            }
        }
        self.done = false;
        self.ended_by_error = false;
    }
}

/// One SSE event to an item; `None` for the end marker and after it.
fn decode_event<T>(
    event: SseEvent,
    end: StreamEnd,
    target: &'static str,
    done: &mut bool,
    ended_by_error: &mut bool,
    decode: fn(&'static str, String) -> Result<T, DecodeError>,
) -> Option<Result<T, Error>> {
    if *done {
        return None;
    }
    if let StreamEnd::DoneMarker(marker) = end {
        if event.data.trim_matches(|c: char| c.is_ascii_whitespace()) == marker {
            *done = true;
            return None;
        }
    }
    if event.event == "error" || is_error_body(&event.data) {
        *ended_by_error = true;
        return Some(Err(Error::Stream(SseError::ErrorEvent { event: event.event, data: event.data })));
    }
    let name = event.event;
    Some(decode(target, event.data).map_err(|e| {
        Error::Decode(DecodeError { message: format!("in SSE event `{name}`: {}", e.message), ..e })
    }))
}

/// Whether a payload is an error body rather than an item: Mistral's
/// `{"object": "error", ...}`, `{"type": "error", ...}`, or the
/// OpenAI-style `{"error": {...}}`. Payloads that cannot be one are
/// recognised without parsing.
fn is_error_body(data: &str) -> bool {
    if !data.contains("\"error\"") {
        return false;
    }
    let Ok(serde_json::Value::Object(body)) = serde_json::from_str::<serde_json::Value>(data) else {
        return false;
    };
    let is = |key: &str| body.get(key).and_then(|v| v.as_str()) == Some("error");
    is("object") || is("type") || matches!(body.get("error"), Some(serde_json::Value::Object(_)))
}

/// `ConversationEvent` for `mistral_edge::models::events::ConversationEvent`:
/// the schema name that error messages use.
fn short_type_name<T>() -> &'static str {
    short_name(std::any::type_name::<T>())
}

/// `a::b::Event` → `Event`; a `Raw<a::Event>` wrapper is named by its content.
fn short_name(full: &'static str) -> &'static str {
    let (head, generics) = full.split_once('<').unwrap_or((full, ""));
    let name = head.rsplit("::").next().unwrap_or(head);
    match generics.strip_suffix('>') {
        Some(inner) if name == "Raw" || name == "WithData" => short_name(inner),
        _ => name,
    }
}
