//! The app's JS callbacks as the session's handlers: `onElicit`,
//! `onSample` and `roots` answer the server; `onProgress` and
//! `onNotification` hear from it. A callback that throws answers the server
//! with an internal error, never takes the client down.

use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::http::cancel::js_message;
use crate::http::mcp::{NotificationHandler, ProgressHandler, RequestHandler};
use crate::js::convert::{js_to_json, json_to_js_value};
use crate::mcp::jsonrpc::{ErrorCode, ErrorObject, Notification};
use crate::mcp::types::lifecycle::{ClientCapabilities, ElicitationCapability, RootsCapability, SamplingCapability};
use crate::mcp::types::notifications::ProgressNotificationParams;
use crate::models::common::JsonObject;

/// `roots`: a list, or a function giving one.
pub enum Roots {
    List(JsValue),
    Function(Function),
}

/// The callbacks that answer server requests.
#[derive(Default)]
pub struct Answerers {
    pub on_elicit: Option<Function>,
    pub on_sample: Option<Function>,
    pub roots: Option<Roots>,
}

impl Answerers {
    /// What the client declares: a capability for each callback given.
    pub fn capabilities(&self) -> ClientCapabilities {
        let mut caps = ClientCapabilities::default();
        if self.on_elicit.is_some() {
            caps.elicitation = Some(ElicitationCapability {
                form: Some(JsonObject::new()),
                url: Some(JsonObject::new()),
                extra: JsonObject::new(),
            });
        }
        if self.on_sample.is_some() {
            caps.sampling = Some(SamplingCapability::default());
        }
        if self.roots.is_some() {
            caps.roots = Some(RootsCapability { list_changed: Some(false), extra: JsonObject::new() });
        }
        caps
    }

    pub fn into_handler(self) -> Option<RequestHandler> {
        if self.on_elicit.is_none() && self.on_sample.is_none() && self.roots.is_none() {
            return None;
        }
        let this = Rc::new(self);
        Some(Rc::new(move |method: String, params: JsonObject| {
            let this = this.clone();
            Box::pin(async move { this.answer(&method, params).await })
        }))
    }

    async fn answer(&self, method: &str, params: JsonObject) -> Result<JsonObject, ErrorObject> {
        let callback = match method {
            "elicitation/create" => self.on_elicit.as_ref(),
            "sampling/createMessage" => self.on_sample.as_ref(),
            "roots/list" => match &self.roots {
                Some(Roots::List(list)) => return roots_result(list.clone()),
                Some(Roots::Function(f)) => Some(f),
                None => None,
            },
            _ => None,
        };
        let Some(callback) = callback else {
            return Err(ErrorObject::new(
                ErrorCode::METHOD_NOT_FOUND,
                format!("this client does not offer `{method}`"),
            ));
        };
        let failed = |detail: String| {
            ErrorObject::new(ErrorCode::INTERNAL_ERROR, format!("the client's `{method}` handler failed: {detail}"))
        };
        let arg = json_to_js_value(&Value::Object(params)).map_err(|e| failed(js_message(&e)))?;
        let returned = callback.call1(&JsValue::UNDEFINED, &arg).map_err(|e| failed(js_message(&e)))?;
        let value = JsFuture::from(Promise::resolve(&returned)).await.map_err(|e| failed(js_message(&e)))?;
        if method == "roots/list" {
            return roots_result(value);
        }
        match js_to_json(&value) {
            Some(Value::Object(result)) => Ok(result),
            _ => Err(failed("it did not return an object".into())),
        }
    }
}

fn roots_result(list: JsValue) -> Result<JsonObject, ErrorObject> {
    let bad = || ErrorObject::new(ErrorCode::INTERNAL_ERROR, "`roots` must be an array of { uri, name? }".to_owned());
    if !Array::is_array(&list) {
        return Err(bad());
    }
    let roots = js_to_json(&list).ok_or_else(bad)?;
    let mut result = JsonObject::new();
    result.insert("roots".into(), roots);
    Ok(result)
}

/// `onProgress({ progressToken, progress, total, message })`.
pub fn progress_handler(f: Function) -> ProgressHandler {
    Rc::new(move |p: &ProgressNotificationParams| {
        if let Ok(Ok(arg)) = serde_json::to_value(p).map(|v| json_to_js_value(&v)) {
            // A throwing callback must not break the stream it listens to.
            let _ = f.call1(&JsValue::UNDEFINED, &arg);
        }
    })
}

/// `onNotification({ method, params })`.
pub fn notification_handler(f: Function) -> NotificationHandler {
    Rc::new(move |n: &Notification| {
        let mut note = JsonObject::new();
        note.insert("method".into(), Value::String(n.method.clone()));
        if let Some(params) = &n.params {
            note.insert("params".into(), Value::Object(params.clone()));
        }
        if let Ok(arg) = json_to_js_value(&Value::Object(note)) {
            let _ = f.call1(&JsValue::UNDEFINED, &arg);
        }
    })
}
