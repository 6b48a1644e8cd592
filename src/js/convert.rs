//! Values across the JS boundary. Arguments arrive as plain `JsValue`s and
//! are read with serde *inside* the call (through their JSON text), so a
//! wrong type from JS is a `ValidationError` naming the field, never a trap
//! or a leaked half-built value. Results leave as the server's own JSON.

use js_sys::{Object, Reflect, JSON};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{request_from_json, ApiError, ApiErrorKind};
use crate::error::Error;
use crate::sse::SseError;

#[wasm_bindgen(module = "/src/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    pub(crate) fn make_error(kind: &str, message: &str, details: &JsValue, cause: &JsValue) -> JsValue;
}

/// Reads argument `what` (a body or a params object) as `T`.
pub fn from_js<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Err(Error::invalid(what, "an object"));
    }
    let text = JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| Error::invalid(what, "JSON data (no functions, BigInts or cycles)"))?;
    request_from_json(what, &text)
}

/// Like [`from_js`], an absent argument being `T::default()`.
pub fn from_js_or_default<T: DeserializeOwned + Default>(what: &str, value: Option<JsValue>) -> Result<T, Error> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => from_js(what, &v),
        _ => Ok(T::default()),
    }
}

/// A string argument (an id, a name).
pub fn string_arg(what: &str, value: &JsValue) -> Result<String, Error> {
    value.as_string().ok_or_else(|| Error::invalid(what, "a string"))
}

/// JSON text as received to a JS value.
pub fn json_to_js(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
}

/// A value this SDK built (an assembled response) to a JS value.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| to_js_error(Error::invalid("result", e.to_string())))?;
    JSON::parse(&text)
}

/// The JS error class for `error` (see errors.js), with its details as
/// properties.
pub fn to_js_error(error: Error) -> JsValue {
    to_js_error_as(error, "other")
}

/// Like [`to_js_error`], with a body that does not decode reported as
/// `decode_kind`: inside a stream, a bad event is a `StreamError`.
pub fn to_js_error_as(error: Error, decode_kind: &'static str) -> JsValue {
    if let Error::Thrown(thrown) = error {
        return thrown.0;
    }
    let message = error.to_string();
    let details = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&details, &k.into(), &v);
    };
    let kind = match &error {
        Error::Api(api) => {
            api_details(api, &set);
            match &api.kind {
                ApiErrorKind::RateLimited { retry_after_ms } => {
                    set("retryAfterMs", retry_after_ms.map_or(JsValue::UNDEFINED, |ms| JsValue::from(ms as f64)));
                    "rate_limit"
                }
                ApiErrorKind::Validation(fields) => {
                    let errors = js_sys::Array::new();
                    for f in fields {
                        let item = Object::new();
                        let _ = Reflect::set(&item, &"path".into(), &f.path().into());
                        let _ = Reflect::set(&item, &"message".into(), &f.msg.as_str().into());
                        let _ = Reflect::set(&item, &"type".into(), &f.kind.as_str().into());
                        errors.push(&item);
                    }
                    set("errors", errors.into());
                    "validation"
                }
                _ => "api",
            }
        }
        Error::InvalidRequest(i) => {
            set("field", i.field.as_str().into());
            set("expected", i.expected.as_str().into());
            "validation"
        }
        Error::Decode(d) => {
            set("target", d.target.into());
            set("path", d.path.as_str().into());
            decode_kind
        }
        Error::Stream(e) => {
            if let SseError::ErrorEvent { event, data } = e {
                set("event", event.as_str().into());
                set("data", data.as_str().into());
            }
            "stream"
        }
        Error::Timeout(t) => {
            set("timeoutMs", JsValue::from(t.ms as f64));
            set("kind", if t.idle { "idle" } else { "total" }.into());
            "timeout"
        }
        Error::Aborted => "abort",
        Error::Connection(_) => "connection",
        Error::Thrown(_) => "other",
    };
    make_error(kind, &message, &details, &JsValue::UNDEFINED)
}

/// A `StreamError` for a stream that cannot give what was asked of it.
pub fn stream_error(message: &str) -> JsValue {
    make_error("stream", message, &JsValue::UNDEFINED, &JsValue::UNDEFINED)
}

fn api_details(api: &ApiError, set: &impl Fn(&str, JsValue)) {
    set("status", JsValue::from(api.status));
    set("body", api.body.as_str().into());
    if api.json.is_some() {
        set("json", JSON::parse(&api.body).unwrap_or(JsValue::UNDEFINED));
    }
    let headers = Object::new();
    for (k, v) in &api.headers {
        let _ = Reflect::set(&headers, &k.to_ascii_lowercase().into(), &v.as_str().into());
    }
    set("headers", headers.into());
    set("requestId", api.request_id.as_deref().map_or(JsValue::UNDEFINED, JsValue::from));
}

/// A JS value as JSON; `None` for what JSON cannot hold (functions,
/// BigInts, cycles).
pub fn js_to_json(value: &JsValue) -> Option<serde_json::Value> {
    let text = JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// JSON to a plain JS value.
pub fn json_to_js_value(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    JSON::parse(&value.to_string())
}
