//! HTTP+SSE, the transport of 2024-11-05.
//!
//! The client opens one GET event stream and keeps it for the whole
//! connection. The server's first event, `endpoint`, names the URL to POST
//! messages to; every answer (and every server request or notification)
//! then comes on the GET stream as a `message` event, while the POSTs are
//! only acknowledged (202). The endpoint is resolved against the server URL
//! and must stay on its origin: otherwise a server could make the client
//! send its messages (and credentials) to another host.
//!
//! Driving: send [`LegacySse::connect`], feed the GET's answer to
//! `on_stream_headers` / `on_stream_body` / `on_stream_end`; after
//! [`Event::Endpoint`], [`LegacySse::send`] gives the POSTs, whose answers go
//! to [`LegacySse::on_post_response`]. Events of the GET stream carry
//! [`LEGACY_STREAM`].

use super::body::{BodyItem, BodyReader, DEFAULT_MAX_JSON_BODY};
use super::url::{resolve, same_origin};
use super::{header, Event, StreamId, TransportError};
use crate::api::{HttpRequest, Method, ResponseKind};
use crate::mcp::jsonrpc::Message;
use crate::sse::{SseDecoder, DEFAULT_MAX_EVENT_SIZE};

/// The version this transport speaks.
pub const LEGACY_VERSION: &str = "2024-11-05";

/// The stream id of the one GET stream, in events.
pub const LEGACY_STREAM: StreamId = StreamId(0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Connecting,
    /// The stream is open; `endpoint` may or may not have come.
    Open,
    Closed,
}

/// The 2024-11-05 client machine.
#[derive(Debug)]
pub struct LegacySse {
    url: String,
    headers: Vec<(String, String)>,
    max_event_size: usize,
    endpoint: Option<String>,
    reader: BodyReader,
    phase: Phase,
}

impl LegacySse {
    /// `url` is the SSE endpoint; `headers` go on every request.
    pub fn new(url: impl Into<String>, headers: Vec<(String, String)>) -> Self {
        LegacySse {
            url: url.into(),
            headers,
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
            endpoint: None,
            reader: BodyReader::Ignore,
            phase: Phase::Idle,
        }
    }

    /// Bounds one SSE event (the stream itself is endless).
    pub fn with_max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }

    /// The resolved POST URL, once announced.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The GET that opens the stream (again, after it closed: the endpoint
    /// is then announced anew).
    pub fn connect(&mut self) -> HttpRequest {
        self.phase = Phase::Connecting;
        self.endpoint = None;
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

    pub fn on_stream_headers(&mut self, status: u16, headers: &[(String, String)]) -> Vec<Event> {
        let stream = LEGACY_STREAM;
        if !(200..300).contains(&status) {
            self.reader = BodyReader::for_error(status, DEFAULT_MAX_JSON_BODY);
            return Vec::new();
        }
        let content_type = header(headers, "content-type");
        if super::body::media_type(content_type).as_deref() != Some("text/event-stream") {
            self.phase = Phase::Closed;
            let error = TransportError::UnexpectedContentType { content_type: content_type.map(str::to_owned) };
            return vec![Event::Error { stream, error, fatal: true }];
        }
        self.reader = BodyReader::Sse(Box::new(SseDecoder::with_max_event_size(self.max_event_size)));
        self.phase = Phase::Open;
        Vec::new()
    }

    pub fn on_stream_body(&mut self, chunk: &[u8]) -> Vec<Event> {
        let mut items = Vec::new();
        self.reader.push(chunk, &mut items);
        self.handle(items)
    }

    /// The GET stream closed: nothing can arrive any more, so the
    /// connection is over (reconnect with [`Self::connect`]).
    pub fn on_stream_end(&mut self) -> Vec<Event> {
        let mut items = Vec::new();
        self.reader.finish(&mut items);
        let was_open = self.phase == Phase::Open;
        let mut events = self.handle(items);
        self.reader = BodyReader::Ignore;
        self.phase = Phase::Closed;
        self.endpoint = None;
        if was_open {
            let error = TransportError::StreamEnded { resumes: 0 };
            events.push(Event::Error { stream: LEGACY_STREAM, error, fatal: true });
        }
        events.push(Event::Done { stream: LEGACY_STREAM });
        events
    }

    fn handle(&mut self, items: Vec<BodyItem>) -> Vec<Event> {
        let stream = LEGACY_STREAM;
        let mut events = Vec::new();
        for item in items {
            match item {
                BodyItem::Message(m) => events.push(Event::Message(m)),
                BodyItem::Other(e) if e.event == "endpoint" => match self.accept_endpoint(&e.data) {
                    Ok(url) => events.push(Event::Endpoint(url)),
                    Err(error) => events.push(Event::Error { stream, error, fatal: true }),
                },
                BodyItem::Other(_) => {}
                BodyItem::Error(error) => {
                    let fatal = matches!(error, TransportError::Status { .. });
                    if fatal {
                        self.phase = Phase::Closed;
                    }
                    events.push(Event::Error { stream, error, fatal });
                }
            }
        }
        events
    }

    fn accept_endpoint(&mut self, data: &str) -> Result<String, TransportError> {
        let url = resolve(&self.url, data)?;
        if !same_origin(&self.url, &url)? {
            return Err(TransportError::CrossOriginEndpoint { endpoint: url });
        }
        self.endpoint = Some(url.clone());
        Ok(url)
    }

    /// The POST of a message to the announced endpoint.
    pub fn send(&self, msg: &Message) -> Result<HttpRequest, TransportError> {
        let Some(url) = &self.endpoint else {
            let state = if self.phase == Phase::Closed { "stream closed" } else { "no endpoint event yet" };
            return Err(TransportError::NotReady { state });
        };
        let mut headers = self.headers.clone();
        headers.push(("accept".into(), "application/json, text/event-stream".into()));
        headers.push(("content-type".into(), "application/json".into()));
        Ok(HttpRequest {
            method: Method::Post,
            url: url.clone(),
            headers,
            body: Some(msg.to_json().to_string()),
            response: ResponseKind::Json,
        })
    }

    /// A POST's answer: any 2xx is an acknowledgement (the response comes on
    /// the stream).
    pub fn on_post_response(&self, status: u16, body: &str) -> Result<(), TransportError> {
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(TransportError::Status { status, body: body.chars().take(64 * 1024).collect() })
        }
    }
}
