//! The one path every JS method takes: read the options, build the call
//! (which validates the input) synchronously, then send it and hand back the
//! answer's JSON as received.

use std::rc::Rc;

use js_sys::Promise;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use super::convert::{json_to_js, to_js_error};
use super::options::call_options;
use crate::api::{ApiConfig, Call};
use crate::client::Mistral;
use crate::error::Error;
use crate::http::CallOptions;

/// A call whose answer is JSON; the promise resolves to that JSON as the
/// server sent it. The answer is checked for being JSON but not decoded as
/// `T`: lenient on what comes in (a member this SDK does not know, or a
/// value outside the spec's enum, must not fail a JS caller who only reads
/// the JSON), and none of the response types' decoding code ends up in the
/// wasm binary.
pub fn json<T, F>(client: &Rc<Mistral>, opts: Option<JsValue>, build: F) -> Promise
where
    T: DeserializeOwned + 'static,
    F: FnOnce(&ApiConfig) -> Result<Call<T>, Error>,
{
    let prepared = prepare(client, opts, build).map(|(call, opts)| (call.json_text(), opts));
    let client = client.clone();
    future_to_promise(async move {
        let (call, opts) = prepared.map_err(to_js_error)?;
        let raw = client.send(Ok(call), opts).await.map_err(to_js_error)?;
        json_to_js(raw.get())
    })
}

/// A call answered with no body (`204`); the promise resolves to `undefined`.
pub fn empty<F>(client: &Rc<Mistral>, opts: Option<JsValue>, build: F) -> Promise
where
    F: FnOnce(&ApiConfig) -> Result<Call<()>, Error>,
{
    let prepared = prepare(client, opts, build);
    let client = client.clone();
    future_to_promise(async move {
        let (call, opts) = prepared.map_err(to_js_error)?;
        client.send(Ok(call), opts).await.map_err(to_js_error)?;
        Ok(JsValue::UNDEFINED)
    })
}

/// Options and call, or the first input error.
pub fn prepare<C, F>(client: &Mistral, opts: Option<JsValue>, build: F) -> Result<(C, CallOptions), Error>
where
    F: FnOnce(&ApiConfig) -> Result<C, Error>,
{
    let opts = call_options(opts.as_ref())?;
    Ok((build(client.api_config())?, opts))
}
