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
    let server_url = string(&o, "serverURL")?;
    if let Some(url) = &server_url {
        check_server_url(url)?;
    }
    Ok(MistralConfig {
        api_key: string(&o, "apiKey")?,
        server_url,
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
    number(o, key, key, "a non-negative number of milliseconds")
}

/// A non-negative number at `key`, named `field` in errors.
fn number(o: &Object, key: &str, field: &str, expected: &str) -> Result<Option<u64>, Error> {
    match get(o, key) {
        v if v.is_undefined() || v.is_null() => Ok(None),
        v => match v.as_f64() {
            Some(n) if (0.0..=9.0e15).contains(&n) => Ok(Some(n as u64)),
            _ => Err(Error::invalid(field, expected)),
        },
    }
}

/// Caught here: `fetch` would reject a bad URL only at the first call, as a
/// connection error that hides the cause.
fn check_server_url(url: &str) -> Result<(), Error> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    if host.is_some_and(|h| !h.is_empty()) && !url.contains(|c: char| c.is_whitespace() || c.is_control()) {
        Ok(())
    } else {
        Err(Error::invalid("serverURL", "an http:// or https:// URL, e.g. https://api.mistral.ai"))
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
    if let Some(n) = number(&r, "maxRetries", "retry.maxRetries", "a non-negative whole number")? {
        policy.max_retries = n.min(u32::MAX as u64) as u32;
    }
    let ms = "a non-negative number of milliseconds";
    if let Some(ms) = number(&r, "initialDelayMs", "retry.initialDelayMs", ms)? {
        policy.initial_delay_ms = ms;
    }
    if let Some(ms) = number(&r, "maxDelayMs", "retry.maxDelayMs", ms)? {
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
            let field = || format!("headers.{}", name.escape_debug());
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                return Err(Error::invalid(field(), "a header name (letters, digits and !#$%&'*+-.^_`|~)"));
            }
            let value = pair.get(1).as_string().ok_or_else(|| Error::invalid(field(), "a string"))?;
            if value.contains(['\r', '\n', '\0']) {
                return Err(Error::invalid(field(), "a header value without line breaks or NUL"));
            }
            Ok((name, value))
        })
        .collect()
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
