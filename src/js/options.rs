//! The option objects of the JS API (`new Mistral({...})` and the last
//! argument of every method), read field by field so that a wrong type names
//! the option.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::client::MistralConfig;
use crate::error::Error;
use crate::http::CallOptions;
use crate::retry::RetryPolicy;

/// `new Mistral({ apiKey, serverURL, fetch, timeoutMs, idleTimeoutMs, retry, headers })`.
pub fn client_config(options: &JsValue) -> Result<MistralConfig, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(MistralConfig::default());
    }
    let o = object("options", options)?;
    let fetch = match get(&o, "fetch") {
        v if v.is_undefined() => None,
        v => Some(v.dyn_into::<Function>().map_err(|_| Error::invalid("options.fetch", "a function"))?),
    };
    Ok(MistralConfig {
        api_key: string(&o, "apiKey")?,
        server_url: string(&o, "serverURL")?,
        fetch,
        timeout_ms: millis(&o, "timeoutMs")?,
        idle_timeout_ms: millis(&o, "idleTimeoutMs")?,
        retry: retry(&o)?,
        headers: headers(&o)?,
    })
}

/// `{ signal, timeoutMs, idleTimeoutMs, retry, headers }`, all optional.
pub fn call_options(options: Option<&JsValue>) -> Result<CallOptions, Error> {
    let Some(options) = options.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(CallOptions::default());
    };
    let o = object("opts", options)?;
    let signal = match get(&o, "signal") {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<AbortSignal>().map_err(|_| Error::invalid("opts.signal", "an AbortSignal"))?),
    };
    Ok(CallOptions {
        signal,
        timeout_ms: millis(&o, "timeoutMs")?,
        idle_timeout_ms: millis(&o, "idleTimeoutMs")?,
        retry: retry(&o)?,
        headers: headers(&o)?,
    })
}

fn object(what: &str, value: &JsValue) -> Result<Object, Error> {
    value.dyn_ref::<Object>().filter(|_| value.is_object()).cloned().ok_or_else(|| Error::invalid(what, "an object"))
}

fn get(o: &Object, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn string(o: &Object, key: &str) -> Result<Option<String>, Error> {
    match get(o, key) {
        v if v.is_undefined() || v.is_null() => Ok(None),
        v => v.as_string().map(Some).ok_or_else(|| Error::invalid(key, "a string")),
    }
}

fn millis(o: &Object, key: &str) -> Result<Option<u64>, Error> {
    match get(o, key) {
        v if v.is_undefined() || v.is_null() => Ok(None),
        v => match v.as_f64() {
            Some(ms) if (0.0..=9.0e15).contains(&ms) => Ok(Some(ms as u64)),
            _ => Err(Error::invalid(key, "a non-negative number of milliseconds")),
        },
    }
}

/// `retry: false` turns retries off; an object overrides the default policy.
fn retry(o: &Object) -> Result<Option<RetryPolicy>, Error> {
    let v = get(o, "retry");
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if v.as_bool() == Some(false) {
        return Ok(Some(RetryPolicy { max_retries: 0, ..RetryPolicy::default() }));
    }
    let r = object("retry", &v)?;
    let mut policy = RetryPolicy::default();
    if let Some(n) = millis(&r, "maxRetries")? {
        policy.max_retries = n.min(u32::MAX as u64) as u32;
    }
    if let Some(ms) = millis(&r, "initialDelayMs")? {
        policy.initial_delay_ms = ms;
    }
    if let Some(ms) = millis(&r, "maxDelayMs")? {
        policy.max_delay_ms = ms;
    }
    Ok(Some(policy))
}

fn headers(o: &Object) -> Result<Vec<(String, String)>, Error> {
    let v = get(o, "headers");
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    let h = object("headers", &v)?;
    Object::entries(&h)
        .iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1).as_string().ok_or_else(|| Error::invalid(format!("headers.{name}"), "a string"))?;
            Ok((name, value))
        })
        .collect()
}
