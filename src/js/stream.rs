//! The Rust half of a JS event stream (iterators.js adds `for await`,
//! `toReadableStream()` and the rest). Each read hands out the event's JSON
//! as received; conversation events also feed a [`ResponseAssembler`] so
//! that `finalResponse()` can rebuild the whole answer at any point.

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::stream::LocalBoxStream;
use futures_util::StreamExt;
use js_sys::{Array, Promise};
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortController, AbortSignal};

use serde::de::DeserializeOwned;

use super::call;
use super::convert::{json_to_js, stream_error, to_js, to_js_error, to_js_error_as};
use crate::api::{ApiConfig, StreamCall};
use crate::client::Mistral;
use crate::error::Error;
use crate::http::CallOptions;
use crate::models::{ConversationEvent, ResponseAssembler};

#[wasm_bindgen(module = "/src/js/iterators.js")]
extern "C" {
    #[wasm_bindgen(js_name = eventStream)]
    pub fn event_stream(source: StreamSource) -> JsValue;
    #[wasm_bindgen(js_name = asyncIterable)]
    pub fn async_iterable(source: StreamSource) -> JsValue;
}

/// Items as the JS side sees them: the JSON text, and the typed conversation
/// event when there is one to assemble.
pub type Items = LocalBoxStream<'static, Result<Item, Error>>;
pub type Item = (Box<RawValue>, Option<ConversationEvent>);

struct State {
    /// `None` while a read holds it (or after the end).
    items: Option<Items>,
    assembler: Option<ResponseAssembler>,
    ended: bool,
    aborted: bool,
}

/// A source of JSON items read one `next()` at a time.
#[wasm_bindgen]
pub struct StreamSource {
    state: Rc<RefCell<State>>,
    controller: Option<AbortController>,
}

/// A controller for one streamed call, fired by `abort()` or by the caller's
/// own signal, whichever comes first; it replaces the caller's signal in
/// `opts`.
pub fn abortable(opts: &mut CallOptions) -> Option<AbortController> {
    let controller = AbortController::new().ok()?;
    let signal = match opts.signal.take() {
        Some(caller) => AbortSignal::any(&Array::of2(&caller, &controller.signal())),
        None => controller.signal(),
    };
    opts.signal = Some(signal);
    Some(controller)
}

/// Opens a streamed call whose items are read as `U`; resolves to the JS
/// stream object once the response headers arrived (an HTTP error rejects
/// instead). `item` keeps the typed event of streams that can be assembled.
pub fn open<U, F>(client: &Rc<Mistral>, opts: Option<JsValue>, build: F, item: fn(U) -> Item, assemble: bool) -> Promise
where
    U: DeserializeOwned + 'static,
    F: FnOnce(&ApiConfig) -> Result<StreamCall<U>, Error>,
{
    let prepared = call::prepare(client, opts, build);
    let client = client.clone();
    future_to_promise(async move {
        let (call, mut opts) = prepared.map_err(to_js_error)?;
        let controller = abortable(&mut opts);
        let events = client.stream(Ok(call), opts).await.map_err(to_js_error)?;
        let items = events.map(move |r| r.map(item)).boxed_local();
        Ok(event_stream(StreamSource::new(items, assemble, controller)))
    })
}

impl StreamSource {
    pub fn new(items: Items, assemble: bool, controller: Option<AbortController>) -> Self {
        let state = State { items: Some(items), assembler: assemble.then(ResponseAssembler::new), ended: false, aborted: false };
        StreamSource { state: Rc::new(RefCell::new(state)), controller }
    }
}

/// The next item, `None` at the end.
async fn read(state: &Rc<RefCell<State>>) -> Result<Option<Box<RawValue>>, Error> {
    let mut items = {
        let mut s = state.borrow_mut();
        if s.aborted {
            return Err(Error::Aborted);
        }
        if s.ended {
            return Ok(None);
        }
        s.items.take().ok_or_else(|| Error::invalid("next", "one read at a time (a read is already pending)"))?
    };
    let next = items.next().await;
    let mut s = state.borrow_mut();
    match next {
        None => {
            s.ended = true;
            Ok(None)
        }
        Some(item) => {
            if !s.aborted {
                s.items = Some(items);
            }
            let (json, event) = item?;
            if let (Some(a), Some(e)) = (s.assembler.as_mut(), event.as_ref()) {
                a.push(e);
            }
            Ok(Some(json))
        }
    }
}

#[wasm_bindgen]
impl StreamSource {
    /// Resolves to the next item, or `undefined` at the end.
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            match read(&state).await.map_err(|e| to_js_error_as(e, "stream"))? {
                Some(json) => json_to_js(json.get()),
                None => Ok(JsValue::UNDEFINED),
            }
        })
    }

    /// Cancels the request; the connection is released at once.
    pub fn abort(&self) {
        if let Some(c) = &self.controller {
            c.abort();
        }
        let mut s = self.state.borrow_mut();
        if !s.ended {
            s.aborted = true;
        }
        // Dropping the body reader cancels it even without a controller.
        s.items = None;
    }

    /// Reads what is left and resolves to the assembled answer.
    #[wasm_bindgen(js_name = finalResponse)]
    pub fn final_response(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            if state.borrow().assembler.is_none() {
                return Err(to_js_error(Error::invalid("finalResponse", "a conversation stream")));
            }
            while read(&state).await.map_err(|e| to_js_error_as(e, "stream"))?.is_some() {}
            let assembler = state.borrow().assembler.clone().unwrap_or_default();
            let response = assembler.finish().map_err(|e| stream_error(&e.to_string()))?;
            to_js(&response)
        })
    }
}
