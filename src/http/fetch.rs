//! One `fetch` attempt: an [`HttpRequest`] in, a `Response` (or the mapped
//! rejection) out, plus the body readers.
//!
//! This goes one level below gloo-net on purpose: the caller may inject its
//! own `fetch` (a Worker service binding, a test double), which gloo-net's
//! request type cannot call.

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, RequestInit, Response};

use super::cancel::Cancel;
use crate::api::{HttpRequest, HttpResponse};
use crate::error::{Error, Thrown};

/// Sends `req` once. Resolves when the response headers arrive.
///
/// `injected` tells whether `fetch` is the caller's own function: then what
/// it throws, unless it is fetch's `TypeError` for a network failure, is the
/// caller's error and goes back to them untouched.
pub async fn send(fetch: &Function, injected: bool, req: &HttpRequest, cancel: &Cancel) -> Result<Response, Error> {
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    let headers = Object::new();
    for (k, v) in &req.headers {
        set(&headers, k, &JsValue::from_str(v));
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(&cancel.signal()));
    let failed = |e: JsValue| match cancel.error_for(&e) {
        Error::Connection(_) if injected && !e.is_instance_of::<js_sys::TypeError>() => Error::Thrown(Thrown(e)),
        other => other,
    };
    let promise = super::platform::call_fetch(fetch, &req.url, &init).map_err(failed)?;
    let value = JsFuture::from(promise).await.map_err(failed)?;
    value.dyn_into::<Response>().map_err(|_| Error::Connection("fetch resolved to something that is not a Response".into()))
}

/// The response headers as lower-case pairs (the Fetch API already lower-cases them).
pub fn headers(resp: &Response) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for entry in iter.flatten() {
            let pair = Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

/// Reads the whole body as text (plain calls and error bodies).
pub async fn read_text(resp: Response, cancel: &Cancel) -> Result<HttpResponse, Error> {
    let status = resp.status();
    let headers = headers(&resp);
    let promise = resp.text().map_err(|e| cancel.error_for(&e))?;
    let body = JsFuture::from(promise).await.map_err(|e| cancel.error_for(&e))?;
    Ok(HttpResponse { status, headers, body: body.as_string().unwrap_or_default() })
}

/// Pulls the body of a streamed response chunk by chunk.
#[wasm_bindgen(inline_js = "export function read_chunk(r) { return r.read().then((x) => (x.done ? undefined : (x.value ?? null))); }")]
extern "C" {
    /// `reader.read()` resolved to the chunk itself (`undefined` at the end):
    /// one crossing per chunk instead of three for `done` and `value`.
    fn read_chunk(reader: &ReadableStreamDefaultReader) -> js_sys::Promise;
}

pub struct BodyReader {
    reader: ReadableStreamDefaultReader,
}

impl BodyReader {
    pub fn new(resp: &Response) -> Result<BodyReader, Error> {
        let body = resp.body().ok_or_else(|| Error::Connection("the streamed response has no body".into()))?;
        let reader = body
            .get_reader()
            .dyn_into::<ReadableStreamDefaultReader>()
            .map_err(|_| Error::Connection("the response body gave no default reader".into()))?;
        Ok(BodyReader { reader })
    }

    /// The JS reader, for a consumer that reads the body itself and hands
    /// each result to [`BodyReader::settle`].
    pub fn reader(&self) -> &ReadableStreamDefaultReader {
        &self.reader
    }

    /// Asks for the next chunk: resolves to the chunk, `undefined` at the end.
    pub fn read(&self) -> js_sys::Promise {
        read_chunk(&self.reader)
    }

    /// What a read resolved (or rejected) to: the chunk, or `None` at the end.
    pub fn settle(&self, read: Result<JsValue, JsValue>, cancel: &Cancel) -> Result<Option<Vec<u8>>, Error> {
        let value = read.map_err(|e| cancel.error_for(&e))?;
        if value.is_undefined() {
            return Ok(None);
        }
        match value.dyn_into::<Uint8Array>() {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(_) => Err(Error::Connection("the response body yielded a chunk that is not bytes".into())),
        }
    }

    /// Tells the stream we are done with it (best effort: it may already be errored).
    pub fn cancel(&self) {
        // The promise rejects when the stream already errored (an abort got
        // there first); nobody else would observe that rejection, and an
        // unhandled one crashes Node, so it is caught here.
        super::platform::ignore_rejection(&self.reader.cancel());
    }
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
