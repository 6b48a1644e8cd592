//! `client.models`.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::api::models;
use crate::client::Mistral;
use crate::js::call;
use crate::js::convert::{from_js_or_default, string_arg};

#[wasm_bindgen]
pub struct Models(pub(in crate::js) Rc<Mistral>);

#[wasm_bindgen]
impl Models {
    pub fn list(&self, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| models::list(cfg, &from_js_or_default("params", params)?))
    }

    pub fn retrieve(&self, model_id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| models::retrieve(cfg, &string_arg("modelId", &model_id)?))
    }

    #[wasm_bindgen(js_name = delete)]
    pub fn delete_(&self, model_id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| models::delete(cfg, &string_arg("modelId", &model_id)?))
    }
}
