//! The Rust half of a JS event stream (iterators.js adds `for await`,
//! `toReadableStream()` and the rest). Each read hands out the event's JSON
//! as received; conversation events also feed a [`ResponseAssembler`] so
//! that `finalResponse()` can rebuild the whole answer at any point.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures_util::stream::LocalBoxStream;
use futures_util::StreamExt;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader};

use super::call;
use super::convert::{json_to_js, stream_error, to_js, to_js_error, to_js_error_as};
use crate::api::{ApiConfig, StreamCall};
use crate::client::Mistral;
use crate::error::Error;
use crate::http::{CallOptions, ChunkDecoder};
use crate::models::{ConversationEvent, ResponseAssembler};

#[wasm_bindgen(module = "/src/js/iterators.js")]
extern "C" {
    #[wasm_bindgen(js_name = eventStream)]
    pub fn event_stream(source: StreamSource) -> JsValue;
    #[wasm_bindgen(js_name = asyncIterable)]
    pub fn async_iterable(source: StreamSource) -> JsValue;
}

/// Items as the JS side sees them: the JSON text, and the typed conversation
/// event when there is one to assemble; a batch at a time (what one body
/// chunk brought, or one item of sources that make them one by one).
pub type Items = LocalBoxStream<'static, Vec<Result<Item, Error>>>;
pub type Item = (String, Option<ConversationEvent>);

struct State {
    /// `None` while a read holds it (or after the end).
    items: Option<Items>,
    /// A body read from JS (or by a Rust read) and decoded chunk by chunk:
    /// the source of a streamed call. `None` while a Rust read holds it.
    feed: Option<Box<dyn Feed>>,
    /// Items that arrived with the last chunk but were not handed out yet
    /// (those after an error: the error goes first, alone).
    ready: VecDeque<Result<Item, Error>>,
    assembler: Option<ResponseAssembler>,
    ended: bool,
    aborted: bool,
}

/// A streamed body with its decoder, the item type erased.
trait Feed {
    fn body(&self) -> Option<&ReadableStreamDefaultReader>;
    fn read(&self) -> Option<Promise>;
    /// Takes what a body read resolved or rejected to; `true` once ended.
    fn settle(&mut self, read: Result<JsValue, JsValue>, out: &mut VecDeque<Result<Item, Error>>) -> bool;
}

struct Typed<U> {
    decoder: ChunkDecoder<U>,
    item: fn(U) -> Item,
    scratch: Vec<Result<U, Error>>,
}

impl<U> Feed for Typed<U> {
    fn body(&self) -> Option<&ReadableStreamDefaultReader> {
        self.decoder.body().reader()
    }

    fn read(&self) -> Option<Promise> {
        self.decoder.body().read()
    }

    fn settle(&mut self, read: Result<JsValue, JsValue>, out: &mut VecDeque<Result<Item, Error>>) -> bool {
        self.decoder.settle(read, &mut self.scratch);
        out.extend(self.scratch.drain(..).map(|r| r.map(self.item)));
        self.decoder.ended()
    }
}

/// A source of JSON items, read a batch at a time: every item that one
/// chunk of the body brought crosses into JS in one JSON text, parsed once.
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
    U: 'static,
    F: FnOnce(&ApiConfig) -> Result<StreamCall<U>, Error>,
{
    let prepared = call::prepare(client, opts, build);
    let client = client.clone();
    future_to_promise(async move {
        let (call, mut opts) = prepared.map_err(to_js_error)?;
        let controller = abortable(&mut opts);
        let events = client.stream(Ok(call), opts).await.map_err(to_js_error)?;
        let source = match events.into_decoder() {
            Some(decoder) => {
                let feed = Box::new(Typed { decoder, item, scratch: Vec::new() });
                StreamSource::with_feed(feed, assemble, controller)
            }
            None => return Err(to_js_error(Error::invalid("stream", "an unread stream"))),
        };
        Ok(event_stream(source))
    })
}

impl StreamSource {
    pub fn new(items: Items, assemble: bool, controller: Option<AbortController>) -> Self {
        Self::with(Some(items), None, assemble, controller)
    }

    fn with_feed(feed: Box<dyn Feed>, assemble: bool, controller: Option<AbortController>) -> Self {
        Self::with(None, Some(feed), assemble, controller)
    }

    fn with(
        items: Option<Items>,
        feed: Option<Box<dyn Feed>>,
        assemble: bool,
        controller: Option<AbortController>,
    ) -> Self {
        let state = State {
            items,
            feed,
            ready: VecDeque::new(),
            assembler: assemble.then(ResponseAssembler::new),
            ended: false,
            aborted: false,
        };
        StreamSource { state: Rc::new(RefCell::new(state)), controller }
    }
}

/// The next items as one JSON array text (a batch of the source, never
/// empty), `None` at the end. An error is thrown on its own, after the
/// items before it.
async fn read(state: &Rc<RefCell<State>>) -> Result<Option<String>, Error> {
    let (mut items, mut feed) = {
        let mut s = state.borrow_mut();
        if s.aborted {
            return Err(Error::Aborted);
        }
        if s.ready.is_empty() && s.ended {
            return Ok(None);
        }
        match (s.items.take(), s.feed.take()) {
            (None, None) if !s.ended => {
                return Err(Error::invalid("next", "one read at a time (a read is already pending)"))
            }
            taken => taken,
        }
    };
    while state.borrow().ready.is_empty() && !state.borrow().ended {
        if let Some(stream) = items.as_mut() {
            let next = stream.next().await;
            let mut s = state.borrow_mut();
            match next {
                Some(batch) => s.ready.extend(batch),
                None => s.ended = true,
            }
        } else if let Some(f) = feed.as_mut() {
            let Some(promise) = f.read() else {
                state.borrow_mut().ended = true;
                break;
            };
            let result = JsFuture::from(promise).await;
            let mut s = state.borrow_mut();
            let ended = f.settle(result, &mut s.ready);
            s.ended |= ended;
        } else {
            break;
        }
    }
    let mut s = state.borrow_mut();
    if !s.aborted && !s.ended {
        s.items = items;
        s.feed = feed;
    }
    take_batch(&mut s)
}

/// The items that are ready as one JSON array text (never empty), `None`
/// when none are; an error is thrown on its own, after the items before it.
fn take_batch(s: &mut State) -> Result<Option<String>, Error> {
    let State { ready, assembler, .. } = s;
    if matches!(ready.front(), Some(Err(_))) {
        return match ready.pop_front() {
            Some(Err(e)) => Err(e),
            _ => Ok(None),
        };
    }
    if ready.is_empty() {
        return Ok(None);
    }
    let mut batch = String::with_capacity(2 + ready.iter().map(|i| i.as_ref().map_or(0, |(j, _)| j.len() + 1)).sum::<usize>());
    batch.push('[');
    while let Some(Ok(_)) = ready.front() {
        let Some(Ok((json, event))) = ready.pop_front() else { break };
        if batch.len() > 1 {
            batch.push(',');
        }
        batch.push_str(&json);
        if let (Some(a), Some(e)) = (assembler.as_mut(), event) {
            a.push(&e);
        }
    }
    batch.push(']');
    Ok(Some(batch))
}

#[wasm_bindgen]
impl StreamSource {
    /// Resolves to the next items (an array, never empty), or `undefined`
    /// at the end.
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            match read(&state).await.map_err(|e| to_js_error_as(e, "stream"))? {
                Some(batch) => json_to_js(&batch),
                None => Ok(JsValue::UNDEFINED),
            }
        })
    }

    /// The body's reader while JS may read it itself: each read's result
    /// goes to `push` or `fail`, and `take` hands out what it completed, all
    /// synchronous (no promise or closure per chunk on our side).
    /// `undefined` for sources that are not a streamed body.
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Option<ReadableStreamDefaultReader> {
        let s = self.state.borrow();
        if s.aborted || s.ended {
            return None;
        }
        s.feed.as_ref().and_then(|f| f.body()).cloned()
    }

    /// A chunk the JS read of `body` resolved to (`undefined` at the end).
    pub fn push(&self, chunk: JsValue) {
        self.settle(Ok(chunk));
    }

    /// What the JS read of `body` rejected with.
    pub fn fail(&self, error: JsValue) {
        self.settle(Err(error));
    }

    /// The items ready after `push`/`fail`, as one JSON array text, or
    /// `undefined` when none are (then `done` tells whether more may come).
    pub fn take(&self) -> Result<Option<String>, JsValue> {
        let mut s = self.state.borrow_mut();
        if s.aborted {
            return Err(to_js_error_as(Error::Aborted, "stream"));
        }
        take_batch(&mut s).map_err(|e| to_js_error_as(e, "stream"))
    }

    /// Whether nothing more will come (the end was read, or the stream was
    /// aborted): the JS side then keeps what `finalResponse()` needs and
    /// frees this object at once instead of leaving it to the GC.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        let s = self.state.borrow();
        s.aborted || (s.ended && s.ready.is_empty())
    }

    /// The assembled answer of a stream read to its end, as JSON text
    /// (taken: a second call fails).
    #[wasm_bindgen(js_name = takeFinal)]
    pub fn take_final(&self) -> Result<String, JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(assembler) = s.assembler.take() else {
            return Err(to_js_error(Error::invalid("finalResponse", "a conversation stream")));
        };
        let response = assembler.finish().map_err(|e| stream_error(&e.to_string()))?;
        serde_json::to_string(&response).map_err(|e| to_js_error(Error::invalid("result", e.to_string())))
    }

    fn settle(&self, read: Result<JsValue, JsValue>) {
        let mut s = self.state.borrow_mut();
        if s.aborted || s.ended {
            return;
        }
        let State { feed, ready, ended, .. } = &mut *s;
        if let Some(f) = feed.as_mut() {
            *ended |= f.settle(read, ready);
        }
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
        s.feed = None;
        s.ready.clear();
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
