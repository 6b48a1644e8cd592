//! The retry driver: sends a built request with timeouts, cancellation and
//! backoff, and hands back either a parsed answer or a live body stream.

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, Response};

use super::cancel::Cancel;
use super::fetch::{self, BodyReader};
use super::platform;
use crate::api::{api_error, Call, HttpRequest, StreamCall};
use super::events::EventStream;
use crate::error::Error;
use crate::retry::{Failure, RetryPolicy};

/// Per-call settings; unset fields fall back to the client's.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Cancels the call (and a stream, at any point) when it fires.
    pub signal: Option<AbortSignal>,
    /// Limit for a plain call (headers + body), or for a stream's headers.
    pub timeout_ms: Option<u64>,
    /// Longest silence tolerated between two chunks of a stream. Reset on
    /// every chunk, so a long but healthy stream is never cut.
    pub idle_timeout_ms: Option<u64>,
    pub retry: Option<RetryPolicy>,
    /// Extra headers for this call; they replace same-named defaults.
    pub headers: Vec<(String, String)>,
}

/// Defaults: 10 minutes for a call (agent turns with tools are slow), 5
/// minutes of silence for a stream.
pub const DEFAULT_TIMEOUT_MS: u64 = 600_000;
pub const DEFAULT_IDLE_TIMEOUT_MS: u64 = 300_000;

/// Sends requests over `fetch`.
#[derive(Clone, Default)]
pub struct Transport {
    /// An injected `fetch(url, init)`; the global one when `None`.
    pub fetch: Option<Function>,
    pub defaults: CallOptions,
    /// Headers besides `authorization` and `x-api-key` that carry a
    /// credential (an API key in a header the caller named): their values
    /// are taken out of error bodies.
    pub secret_headers: Vec<String>,
}

impl Transport {
    fn merged(&self, opts: CallOptions) -> CallOptions {
        let mut headers = self.defaults.headers.clone();
        for (k, v) in opts.headers {
            headers.retain(|(e, _)| !e.eq_ignore_ascii_case(&k));
            headers.push((k, v));
        }
        CallOptions {
            signal: opts.signal.or_else(|| self.defaults.signal.clone()),
            timeout_ms: opts.timeout_ms.or(self.defaults.timeout_ms).or(Some(DEFAULT_TIMEOUT_MS)),
            idle_timeout_ms: opts.idle_timeout_ms.or(self.defaults.idle_timeout_ms).or(Some(DEFAULT_IDLE_TIMEOUT_MS)),
            retry: opts.retry.or(self.defaults.retry),
            headers,
        }
    }

    /// Sends a plain call and parses its answer.
    pub async fn send<T>(&self, call: Call<T>, opts: CallOptions) -> Result<T, Error> {
        let opts = self.merged(opts);
        let (resp, mut cancel) = self.execute(&call.request, &opts).await?;
        let answer = fetch::read_text(resp, &cancel).await;
        cancel.finish();
        call.parse(answer?)
    }

    /// Sends a streaming call; resolves once a 2xx status arrived, then
    /// yields typed events.
    pub async fn stream<T: 'static>(&self, call: StreamCall<T>, opts: CallOptions) -> Result<EventStream<T>, Error> {
        let body = self.open_stream(&call.request, opts).await?;
        Ok(EventStream::new(body, &call))
    }

    /// Sends a streaming request; resolves once a 2xx status arrived.
    pub async fn open_stream(&self, req: &HttpRequest, opts: CallOptions) -> Result<ByteStream, Error> {
        let opts = self.merged(opts);
        let (resp, mut cancel) = self.execute(req, &opts).await?;
        let (status, headers) = (resp.status(), fetch::headers(&resp));
        let reader = BodyReader::new(&resp)?;
        cancel.arm(opts.idle_timeout_ms, true);
        Ok(ByteStream { status, headers, reader, cancel, done: false })
    }

    /// Attempts until a 2xx response, a final failure, or the retry budget
    /// is spent. Retrying happens only here, before any body byte has been
    /// handed to the caller, so a stream is never replayed.
    async fn execute(&self, req: &HttpRequest, opts: &CallOptions) -> Result<(Response, Cancel), Error> {
        let fetch = match &self.fetch {
            Some(f) => f.clone(),
            None => platform::global_fetch().map_err(|e| Error::Connection(super::cancel::js_message(&e)))?,
        };
        let mut req = req.clone();
        for (k, v) in &opts.headers {
            req.headers.retain(|(e, _)| !e.eq_ignore_ascii_case(k));
            req.headers.push((k.clone(), v.clone()));
        }
        let policy = opts.retry.unwrap_or_default();
        let mut cancel = Cancel::new(opts.signal.as_ref())?;
        let mut attempt = 0;
        loop {
            cancel.arm(opts.timeout_ms, false);
            let (failure, error) = match fetch::send(&fetch, self.fetch.is_some(), &req, &cancel).await {
                Ok(resp) if resp.ok() => return Ok((resp, cancel)),
                Ok(resp) => {
                    let answer = fetch::read_text(resp, &cancel).await?;
                    let secrets = crate::api::secret_values(&req.headers, &self.secret_headers);
                    let err = api_error(answer.status, answer.headers, answer.body).redacted(&secrets);
                    let retry_after_ms = crate::api::retry_after_ms(&err.headers);
                    (Failure::Status { status: err.status, retry_after_ms }, Error::Api(Box::new(err)))
                }
                Err(Error::Connection(m)) => (Failure::Connection, Error::Connection(m)),
                Err(other) => return Err(other),
            };
            cancel.disarm();
            match policy.decide(req.method, attempt, failure, platform::random()) {
                Some(delay) => cancel.sleep(delay).await?,
                None => {
                    cancel.finish();
                    return Err(error);
                }
            }
            attempt += 1;
        }
    }
}

/// The body of a streamed response, chunk by chunk, with the idle timeout
/// pushed back after each chunk. Dropping it aborts the request.
pub struct ByteStream {
    /// The response's status and (lower-case) headers, for protocols that
    /// read them on success too (MCP's `Mcp-Session-Id`, `Content-Type`).
    pub status: u16,
    pub headers: Vec<(String, String)>,
    reader: BodyReader,
    cancel: Cancel,
    done: bool,
}

impl ByteStream {
    /// The next chunk; `Ok(None)` once the server closed the stream.
    pub async fn next(&mut self) -> Result<Option<Vec<u8>>, Error> {
        let Some(read) = self.read() else { return Ok(None) };
        let result = JsFuture::from(read).await;
        self.settle(result)
    }

    /// The JS reader of the body, while it is still being read: a JS
    /// consumer reads it itself (no Rust future per chunk) and hands each
    /// result to [`ByteStream::settle`].
    pub fn reader(&self) -> Option<&ReadableStreamDefaultReader> {
        (!self.done).then(|| self.reader.reader())
    }

    /// Asks for the next chunk; `None` once the body has ended.
    pub fn read(&self) -> Option<Promise> {
        (!self.done).then(|| self.reader.read())
    }

    /// What a read of [`ByteStream::read`] or of [`ByteStream::reader`]
    /// resolved (the chunk, or `undefined` at the end) or rejected to.
    pub fn settle(&mut self, read: Result<JsValue, JsValue>) -> Result<Option<Vec<u8>>, Error> {
        if self.done {
            return Ok(None);
        }
        match self.reader.settle(read, &self.cancel) {
            Ok(Some(chunk)) => {
                self.cancel.touch();
                Ok(Some(chunk))
            }
            Ok(None) => {
                self.done = true;
                self.cancel.finish();
                // A platform may end a read cut by our abort as a normal
                // close; the recorded cause tells the two apart.
                match self.cancel.cause_error() {
                    Some(e) => Err(e),
                    None => Ok(None),
                }
            }
            Err(e) => {
                self.done = true;
                self.cancel.finish();
                Err(e)
            }
        }
    }

    /// Stops reading and releases the connection.
    pub fn close(&mut self) {
        if !self.done {
            self.done = true;
            self.reader.cancel();
            // Dropping `cancel` unfinished aborts the fetch as well.
        }
    }
}

impl Drop for ByteStream {
    fn drop(&mut self) {
        self.close();
    }
}
