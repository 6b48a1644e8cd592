//! Incremental Server-Sent Events decoder.
//!
//! Follows the WHATWG "event stream interpretation" rules
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>)
//! as a sans-IO state machine: the transport pushes whatever byte chunks the
//! network delivers and gets whole events back, wherever the chunks were cut.
//!
//! Two properties matter more than speed here, because the input comes from
//! the network:
//!
//! * **Linear time.** Every byte is looked at once. Only the unfinished line
//!   is kept between pushes, and it never holds a line terminator, so a push
//!   scans just the new bytes (a 4 MB event fed one byte at a time costs
//!   4 M steps, not 8 T).
//! * **Bounded memory.** What is buffered for the event in progress (its
//!   data, its type, the current line) may not exceed
//!   [`SseDecoder::max_event_size`]. Past it the event is dropped with
//!   [`SseError::EventTooLarge`] and its remaining bytes are skipped without
//!   being stored, up to the blank line that ends it; decoding then resumes,
//!   so one bad event does not cost the stream. Comment lines are skipped
//!   as they arrive and never count, whatever their length.
//!
//! Text is decoded per complete line, lossily: a line terminator is ASCII and
//! can never sit inside a multi-byte character, so a character split across
//! chunks is always reassembled before decoding, and invalid bytes become
//! U+FFFD exactly as a browser's `EventSource` would show them.

use std::fmt;

/// Default for [`SseDecoder::max_event_size`]: generous for any single
/// event, yet small next to the 128 MB a Cloudflare Worker may use.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field; `"message"` when the event had none (or an empty
    /// one), as `EventSource` reports it.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last event ID of the stream at this event. As in `EventSource`, an
    /// `id:` persists for later events until another `id:` replaces it; an
    /// empty `id:` resets it to `None`.
    pub id: Option<String>,
    /// A valid `retry:` (milliseconds) given in this event's lines.
    pub retry: Option<u64>,
}

/// What went wrong with an event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SseError {
    /// An event outgrew the decoder's limit; it was dropped and decoding
    /// continues after it.
    EventTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The stream ended inside an event: its data had arrived, the blank line
    /// that dispatches it had not. `EventSource` would drop it silently.
    Truncated {
        /// The event as it would have been dispatched, so a caller that knows
        /// its payloads are self-delimiting (JSON) may still use it.
        event: Box<SseEvent>,
        /// `true` when the stream stopped in the middle of a line, so the last
        /// line itself may be cut short.
        mid_line: bool,
    },
    /// The stream closed without the `data` payload that ends it (`[DONE]`
    /// for chat completions), so the answer may be incomplete.
    MissingEndMarker {
        /// The expected payload.
        marker: String,
    },
    /// The server reported a failure inside the stream (an `event: error`, or
    /// a data payload shaped like an API error body).
    ErrorEvent {
        /// The SSE event type the error came in.
        event: String,
        /// The event's data as sent.
        data: String,
    },
}

impl SseError {
    /// For [`SseError::ErrorEvent`], the server's message from the usual JSON
    /// error shapes (`message`, `error.message`, `detail`, `error`).
    pub fn server_message(&self) -> Option<String> {
        let SseError::ErrorEvent { data, .. } = self else { return None };
        let json: serde_json::Value = serde_json::from_str(data).ok()?;
        for key in ["message", "detail", "error"] {
            match json.get(key) {
                Some(serde_json::Value::String(s)) => return Some(s.clone()),
                Some(serde_json::Value::Object(o)) => {
                    if let Some(serde_json::Value::String(s)) = o.get("message") {
                        return Some(s.clone());
                    }
                }
                _ => {}
            }
        }
        None
    }
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SseError::EventTooLarge { limit } => {
                write!(f, "an event exceeded the maximum event size of {limit} bytes and was dropped")
            }
            SseError::Truncated { event, mid_line } => write!(
                f,
                "the stream ended inside a `{}` event ({} bytes of data, {})",
                event.event,
                event.data.len(),
                if *mid_line { "cut mid-line" } else { "no closing blank line" }
            ),
            SseError::MissingEndMarker { marker } => {
                write!(f, "the stream closed before its end marker `{marker}`")
            }
            SseError::ErrorEvent { event, data } => {
                write!(f, "the server sent an error in a `{event}` event: ")?;
                match self.server_message() {
                    Some(m) => f.write_str(&m),
                    None => f.write_str(snippet(data)),
                }
            }
        }
    }
}

impl std::error::Error for SseError {}

/// At most 200 characters, so a huge payload never floods a log line.
fn snippet(s: &str) -> &str {
    let s = s.trim();
    match s.char_indices().nth(200) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Whether the leading byte order mark has been dealt with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bom {
    /// Still at the start of the stream, this many BOM bytes matched so far
    /// (a chunk may end inside the BOM).
    Pending(u8),
    Done,
}

/// The incremental decoder. Feed it with [`push`](Self::push) (or
/// [`feed`](Self::feed) for errors in stream order) and call
/// [`finish`](Self::finish) when the connection closes.
#[derive(Debug, Clone)]
pub struct SseDecoder {
    max: usize,
    /// The unfinished line, without terminator. Never holds `\r` or `\n`.
    line: Vec<u8>,
    data: String,
    event_type: String,
    /// `retry:` seen since the last dispatch.
    retry: Option<u64>,
    last_event_id: String,
    reconnection_time: Option<u64>,
    /// The previous line ended with `\r`: a `\n` right after it (possibly in
    /// the next chunk) belongs to the same terminator.
    after_cr: bool,
    bom: Bom,
    /// Skipping the rest of an oversized event up to its blank line.
    discarding: bool,
    /// While discarding: the current line has content (so it is not blank).
    discard_line_started: bool,
    /// The unfinished line is a comment: its bytes are not kept, so
    /// keep-alive padding of any length costs nothing.
    in_comment: bool,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder with the [`DEFAULT_MAX_EVENT_SIZE`] limit.
    pub fn new() -> Self {
        Self::with_max_event_size(DEFAULT_MAX_EVENT_SIZE)
    }

    /// A decoder that buffers at most `bytes` for one event.
    pub fn with_max_event_size(bytes: usize) -> Self {
        SseDecoder {
            max: bytes,
            line: Vec::new(),
            data: String::new(),
            event_type: String::new(),
            retry: None,
            last_event_id: String::new(),
            reconnection_time: None,
            after_cr: false,
            bom: Bom::Pending(0),
            discarding: false,
            discard_line_started: false,
            in_comment: false,
        }
    }

    /// The configured limit in bytes.
    pub fn max_event_size(&self) -> usize {
        self.max
    }

    /// The stream's last event ID, for a `Last-Event-ID` header on reconnect.
    pub fn last_event_id(&self) -> Option<&str> {
        (!self.last_event_id.is_empty()).then_some(self.last_event_id.as_str())
    }

    /// The latest valid `retry:` of the stream, in milliseconds.
    pub fn reconnection_time(&self) -> Option<u64> {
        self.reconnection_time
    }

    /// Decodes `chunk`, appending every completed event to `out`.
    ///
    /// An oversized event does not stop decoding: the rest of the chunk is
    /// still decoded (events before *and* after it end up in `out`) and the
    /// first such error is returned. Use [`feed`](Self::feed) to see where in
    /// the sequence an error happened.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<SseEvent>) -> Result<(), SseError> {
        let mut first_error = None;
        self.feed(chunk, |item| match item {
            Ok(event) => out.push(event),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        });
        first_error.map_or(Ok(()), Err)
    }

    /// Decodes `chunk`, handing each completed event or error to `emit` in
    /// stream order.
    pub fn feed(&mut self, chunk: &[u8], mut emit: impl FnMut(Result<SseEvent, SseError>)) {
        let mut rest = self.strip_bom(chunk);
        while !rest.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if rest[0] == b'\n' {
                    rest = &rest[1..];
                    continue;
                }
            }
            match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => {
                    self.after_cr = rest[i] == b'\r';
                    self.end_line(&rest[..i], &mut emit);
                    rest = &rest[i + 1..];
                }
                None => {
                    self.extend_line(rest, &mut emit);
                    break;
                }
            }
        }
    }

    /// Ends the stream (the connection closed).
    ///
    /// As in `EventSource`, an event without its closing blank line is not
    /// dispatched; unlike `EventSource`, that is reported as
    /// [`SseError::Truncated`] (with the event) so a cut stream is not
    /// mistaken for a complete one. The decoder is then ready for a new
    /// connection; the last event ID and reconnection time carry over, as
    /// they do for a reconnecting `EventSource`.
    pub fn finish(&mut self) -> Result<(), SseError> {
        if let Bom::Pending(n) = self.bom {
            // A stream shorter than a BOM: the matched bytes were content.
            self.line.extend_from_slice(&BOM[..usize::from(n)]);
        }
        let result = if self.discarding {
            // The oversized event was already reported.
            Ok(())
        } else {
            let mid_line = !self.line.is_empty();
            let mut overflow = None;
            if mid_line {
                let line = std::mem::take(&mut self.line);
                self.process_line(&line, &mut |item| {
                    if let Err(e) = item {
                        overflow = Some(e);
                    }
                });
            }
            match overflow {
                Some(e) => Err(e),
                None if self.data.is_empty() => Ok(()),
                None => Err(SseError::Truncated { event: Box::new(self.take_event()), mid_line }),
            }
        };
        self.reset_stream();
        result
    }

    /// Forgets the event in progress; keeps what outlives a connection.
    fn reset_stream(&mut self) {
        self.line.clear();
        self.data.clear();
        self.event_type.clear();
        self.retry = None;
        self.after_cr = false;
        self.bom = Bom::Pending(0);
        self.discarding = false;
        self.discard_line_started = false;
        self.in_comment = false;
    }

    /// Drops one leading UTF-8 BOM, even when chunks cut it apart.
    fn strip_bom<'a>(&mut self, mut chunk: &'a [u8]) -> &'a [u8] {
        while let Bom::Pending(n) = self.bom {
            let Some((&b, tail)) = chunk.split_first() else { break };
            if b == BOM[usize::from(n)] {
                chunk = tail;
                self.bom = if n == 2 { Bom::Done } else { Bom::Pending(n + 1) };
            } else {
                // Not a BOM after all: the bytes matched so far are content
                // (none of them is a line terminator).
                self.line.extend_from_slice(&BOM[..usize::from(n)]);
                self.bom = Bom::Done;
            }
        }
        chunk
    }

    /// Bytes buffered for the event in progress.
    fn pending(&self) -> usize {
        self.data.len() + self.event_type.len() + self.line.len()
    }

    /// Adds bytes of a line whose end has not arrived yet.
    fn extend_line(&mut self, bytes: &[u8], emit: &mut impl FnMut(Result<SseEvent, SseError>)) {
        if self.discarding {
            self.discard_line_started |= !bytes.is_empty();
        } else if self.in_comment || (self.line.is_empty() && bytes.first() == Some(&b':')) {
            self.in_comment = true;
        } else if self.pending().saturating_add(bytes.len()) > self.max {
            self.overflow(emit);
            self.discard_line_started = !bytes.is_empty();
        } else {
            self.line.extend_from_slice(bytes);
        }
    }

    /// Completes the current line with `tail` and interprets it.
    fn end_line(&mut self, tail: &[u8], emit: &mut impl FnMut(Result<SseEvent, SseError>)) {
        if self.discarding {
            let blank = tail.is_empty() && !self.discard_line_started;
            self.discard_line_started = false;
            if blank {
                self.discarding = false;
            }
            return;
        }
        if self.in_comment {
            self.in_comment = false;
            return;
        }
        if self.line.is_empty() && tail.first() == Some(&b':') {
            return;
        }
        let blank = tail.is_empty() && self.line.is_empty();
        if !blank && self.pending().saturating_add(tail.len()) > self.max {
            self.overflow(emit);
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        let bytes: &[u8] = if line.is_empty() {
            tail
        } else {
            line.extend_from_slice(tail);
            &line
        };
        self.process_line(bytes, emit);
        // Keep the allocation for the next line, unless the event was just
        // dropped for its size (then the memory goes back).
        if !self.discarding {
            line.clear();
            self.line = line;
        }
    }

    /// Drops the event in progress and skips to its end.
    fn overflow(&mut self, emit: &mut impl FnMut(Result<SseEvent, SseError>)) {
        self.line = Vec::new();
        self.data = String::new();
        self.event_type = String::new();
        self.retry = None;
        self.discarding = true;
        self.discard_line_started = false;
        emit(Err(SseError::EventTooLarge { limit: self.max }));
    }

    /// One complete line, without its terminator.
    fn process_line(&mut self, bytes: &[u8], emit: &mut impl FnMut(Result<SseEvent, SseError>)) {
        match bytes.first() {
            None => return self.dispatch(emit),
            // A comment: skip it before paying for decoding.
            Some(b':') => return,
            Some(_) => {}
        }
        let text = String::from_utf8_lossy(bytes);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*text, ""),
        };
        match field {
            "event" => {
                self.event_type.clear();
                self.event_type.push_str(value);
            }
            "data" => {
                if self.data.len() + self.event_type.len() + value.len() + 1 > self.max {
                    return self.overflow(emit);
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => {
                self.last_event_id.clear();
                self.last_event_id.push_str(value);
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // All digits, so only overflow can fail: saturate.
                let ms = value.parse::<u64>().unwrap_or(u64::MAX);
                self.retry = Some(ms);
                self.reconnection_time = Some(ms);
            }
            _ => {}
        }
    }

    /// A blank line: hand out the event, unless it has no data.
    fn dispatch(&mut self, emit: &mut impl FnMut(Result<SseEvent, SseError>)) {
        if self.data.is_empty() {
            self.event_type.clear();
            self.retry = None;
            return;
        }
        emit(Ok(self.take_event()));
    }

    /// The event in progress as dispatched, leaving the buffers empty.
    fn take_event(&mut self) -> SseEvent {
        if self.data.ends_with('\n') {
            self.data.pop();
        }
        let event =
            if self.event_type.is_empty() { "message".to_owned() } else { std::mem::take(&mut self.event_type) };
        SseEvent {
            event,
            data: std::mem::take(&mut self.data),
            id: self.last_event_id().map(str::to_owned),
            retry: self.retry.take(),
        }
    }
}
