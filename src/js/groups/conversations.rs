//! `client.conversations`.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::api::{conversations, ApiConfig, StreamCall, WithData};
use crate::client::Mistral;
use crate::error::Error;
use crate::js::call;
use crate::js::convert::{from_js, from_js_or_default, string_arg};
use crate::js::stream;
use crate::models::ConversationEvent;

#[wasm_bindgen]
pub struct Conversations(pub(in crate::js) Rc<Mistral>);

/// Conversation streams keep each typed event for `finalResponse()`.
fn open<F>(client: &Rc<Mistral>, opts: Option<JsValue>, build: F) -> Promise
where
    F: FnOnce(&ApiConfig) -> Result<StreamCall<ConversationEvent>, Error>,
{
    let build = |cfg: &ApiConfig| build(cfg).map(StreamCall::events_with_data);
    stream::open(client, opts, build, |item: WithData<ConversationEvent>| (item.data, Some(item.value)), true)
}

#[wasm_bindgen]
impl Conversations {
    pub fn start(&self, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| conversations::start(cfg, &from_js("body", &body)?))
    }

    #[wasm_bindgen(js_name = startStream)]
    pub fn start_stream(&self, body: JsValue, opts: Option<JsValue>) -> Promise {
        open(&self.0, opts, |cfg| conversations::start_stream(cfg, &from_js("body", &body)?))
    }

    pub fn append(&self, id: JsValue, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            conversations::append(cfg, &string_arg("conversationId", &id)?, &from_js("body", &body)?)
        })
    }

    #[wasm_bindgen(js_name = appendStream)]
    pub fn append_stream(&self, id: JsValue, body: JsValue, opts: Option<JsValue>) -> Promise {
        open(&self.0, opts, |cfg| {
            conversations::append_stream(cfg, &string_arg("conversationId", &id)?, &from_js("body", &body)?)
        })
    }

    pub fn restart(&self, id: JsValue, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            conversations::restart(cfg, &string_arg("conversationId", &id)?, &from_js("body", &body)?)
        })
    }

    #[wasm_bindgen(js_name = restartStream)]
    pub fn restart_stream(&self, id: JsValue, body: JsValue, opts: Option<JsValue>) -> Promise {
        open(&self.0, opts, |cfg| {
            conversations::restart_stream(cfg, &string_arg("conversationId", &id)?, &from_js("body", &body)?)
        })
    }

    pub fn list(&self, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| conversations::list(cfg, &from_js_or_default("params", params)?))
    }

    pub fn get(&self, id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| conversations::get(cfg, &string_arg("conversationId", &id)?))
    }

    pub fn history(&self, id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| conversations::history(cfg, &string_arg("conversationId", &id)?))
    }

    pub fn messages(&self, id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| conversations::messages(cfg, &string_arg("conversationId", &id)?))
    }

    #[wasm_bindgen(js_name = delete)]
    pub fn delete_(&self, id: JsValue, opts: Option<JsValue>) -> Promise {
        call::empty(&self.0, opts, |cfg| conversations::delete(cfg, &string_arg("conversationId", &id)?))
    }
}
