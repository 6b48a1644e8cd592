//! `client.chat`.

use std::rc::Rc;

use js_sys::Promise;
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

use crate::api::chat;
use crate::client::Mistral;
use crate::js::call;
use crate::js::convert::from_js;
use crate::js::stream;

#[wasm_bindgen]
pub struct Chat(pub(in crate::js) Rc<Mistral>);

#[wasm_bindgen]
impl Chat {
    pub fn complete(&self, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| chat::complete(cfg, &from_js("body", &body)?))
    }

    /// Chunks until `data: [DONE]`.
    pub fn stream(&self, body: JsValue, opts: Option<JsValue>) -> Promise {
        let build = |cfg: &_| Ok(chat::stream(cfg, &from_js("body", &body)?)?.decode_as::<Box<RawValue>>());
        stream::open(&self.0, opts, build, |raw: Box<RawValue>| (raw.get().to_owned(), None), false)
    }
}
