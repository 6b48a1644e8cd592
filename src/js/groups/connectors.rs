//! `client.connectors`.

use std::rc::Rc;

use futures_util::stream::StreamExt;
use js_sys::Promise;
use serde::Deserialize;
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

use crate::api::connectors;
use crate::client::{connector_pages, Mistral};
use crate::js::call;
use crate::js::convert::{from_js, from_js_or_default, string_arg, to_js_error};
use crate::js::options::call_options;
use crate::js::stream::{async_iterable, StreamSource};

#[wasm_bindgen]
pub struct Connectors(pub(in crate::js) Rc<Mistral>);

/// What the walk reads of a page: its items as sent, and the cursor.
#[derive(Deserialize)]
struct RawPage {
    items: Vec<Box<RawValue>>,
    #[serde(default)]
    pagination: Option<RawPagination>,
}

#[derive(Deserialize)]
struct RawPagination {
    #[serde(default)]
    next_cursor: Option<String>,
}

impl RawPage {
    fn next_cursor(&self) -> Option<&str> {
        self.pagination.as_ref().and_then(|p| p.next_cursor.as_deref())
    }
}

#[wasm_bindgen]
impl Connectors {
    pub fn create(&self, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| connectors::create(cfg, &from_js("body", &body)?))
    }

    pub fn list(&self, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| connectors::list(cfg, &from_js_or_default("params", params)?))
    }

    /// An async iterable over every connector of every cursor page. Bad
    /// arguments throw at once; a failed page rejects the read that needed it.
    #[wasm_bindgen(js_name = listAll)]
    pub fn list_all(&self, params: Option<JsValue>, opts: Option<JsValue>) -> Result<JsValue, JsValue> {
        let params = from_js_or_default("params", params).map_err(to_js_error)?;
        let opts = call_options(opts.as_ref()).map_err(to_js_error)?;
        // A page is a batch.
        let items = connector_pages((*self.0).clone(), params, opts, RawPage::next_cursor).map(|page| match page {
            Ok(page) => page.items.into_iter().map(|i| Ok((i.get().to_owned(), None))).collect(),
            Err(e) => vec![Err(e)],
        });
        Ok(async_iterable(StreamSource::new(items.boxed_local(), false, None)))
    }

    pub fn get(&self, id_or_name: JsValue, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            connectors::get(cfg, &string_arg("idOrName", &id_or_name)?, &from_js_or_default("params", params)?)
        })
    }

    pub fn update(&self, connector_id: JsValue, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            connectors::update(cfg, &string_arg("connectorId", &connector_id)?, &from_js("body", &body)?)
        })
    }

    #[wasm_bindgen(js_name = delete)]
    pub fn delete_(&self, connector_id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| connectors::delete(cfg, &string_arg("connectorId", &connector_id)?))
    }

    #[wasm_bindgen(js_name = listTools)]
    pub fn list_tools(&self, id_or_name: JsValue, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            connectors::list_tools(cfg, &string_arg("idOrName", &id_or_name)?, &from_js_or_default("params", params)?)
        })
    }

    #[wasm_bindgen(js_name = callTool)]
    pub fn call_tool(
        &self,
        id_or_name: JsValue,
        tool_name: JsValue,
        body: JsValue,
        params: Option<JsValue>,
        opts: Option<JsValue>,
    ) -> Promise {
        call::json(&self.0, opts, |cfg| {
            let (id, tool) = (string_arg("idOrName", &id_or_name)?, string_arg("toolName", &tool_name)?);
            connectors::call_tool(cfg, &id, &tool, &from_js("body", &body)?, &from_js_or_default("params", params)?)
        })
    }

    #[wasm_bindgen(js_name = getAuthUrl)]
    pub fn get_auth_url(&self, id_or_name: JsValue, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            connectors::get_auth_url(cfg, &string_arg("idOrName", &id_or_name)?, &from_js_or_default("params", params)?)
        })
    }
}
