//! `new McpClient(options)`: each option read and checked, a bad one a
//! `ValidationError` naming it. Secrets (a token, a key) are never echoed.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::handlers::{notification_handler, progress_handler, Answerers, Roots};
use crate::error::Error;
use crate::http::mcp::{
    ClientCredentials, Grant, McpConfig, OAuthConfig, ProgressHandler, Storage, DEFAULT_MCP_TIMEOUT_MS,
};
use crate::mcp::types::lifecycle::Implementation;

/// Revisions a caller may pin.
const VERSIONS: [&str; 5] = ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

pub fn optional_function(object: &JsValue, key: &str, field: &str) -> Result<Option<Function>, Error> {
    match get(object, key) {
        v if absent(&v) => Ok(None),
        v => v.dyn_into::<Function>().map(Some).map_err(|_| Error::invalid(field, "a function")),
    }
}

/// A positive whole number of milliseconds, if given.
pub fn optional_ms(object: &JsValue, key: &str, field: &str) -> Result<Option<u64>, Error> {
    match get(object, key) {
        v if absent(&v) => Ok(None),
        v => match v.as_f64() {
            Some(ms) if ms.is_finite() && ms > 0.0 && ms.fract() == 0.0 => Ok(Some(ms as u64)),
            _ => Err(Error::invalid(field, "a positive whole number of milliseconds")),
        },
    }
}

pub fn optional_progress(object: &JsValue, field: &str) -> Result<Option<ProgressHandler>, Error> {
    Ok(optional_function(object, "onProgress", field)?.map(progress_handler))
}

fn string(object: &JsValue, key: &str, field: &str) -> Result<String, Error> {
    get(object, key).as_string().ok_or_else(|| Error::invalid(field, "a string"))
}

/// A header value that cannot split or end the header block.
fn header_value(field: &str, value: String) -> Result<String, Error> {
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(Error::invalid(field, "a value without CR, LF or NUL"));
    }
    Ok(value)
}

fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `{ url, auth, headers, fetch, timeoutMs, protocolVersion, clientInfo,
/// onElicit, onSample, roots, onNotification }`. `onProgress` is read by
/// the client (a default for every call).
pub fn mcp_config(options: &JsValue) -> Result<McpConfig, Error> {
    if !options.is_object() {
        return Err(Error::invalid("options", "an object with `url`"));
    }
    let url = string(options, "url", "options.url")?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::invalid("options.url", "an http(s) URL"));
    }
    let mut cfg = McpConfig::new(url);
    cfg.fetch = optional_function(options, "fetch", "options.fetch")?;
    cfg.timeout_ms = optional_ms(options, "timeoutMs", "options.timeoutMs")?.unwrap_or(DEFAULT_MCP_TIMEOUT_MS);
    cfg.headers = headers(&get(options, "headers"))?;
    let auth = get(options, "auth");
    let auth_type = if auth.is_object() { get(&auth, "type").as_string() } else { None };
    if auth_type.as_deref() == Some("oauth2") && absent(&get(&auth, "token_url")) {
        // No token endpoint given: discovered from the server's 401.
        cfg.oauth = Some(discovered_client_credentials(&auth)?);
    } else if auth_type.as_deref() == Some("oauth2") {
        cfg.client_credentials = Some(client_credentials(&auth)?);
    } else if auth_type.as_deref() == Some("oauth") {
        cfg.oauth = Some(oauth(&auth, &cfg.client_info.name)?);
    } else if let Some(auth) = auth_header(&auth)? {
        cfg.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(&auth.0));
        cfg.secret_headers.push(auth.0.clone());
        cfg.headers.push(auth);
    }
    cfg.version = match get(options, "protocolVersion") {
        v if absent(&v) => None,
        v => match v.as_string() {
            Some(s) if VERSIONS.contains(&s.as_str()) => Some(s),
            _ => return Err(Error::invalid("options.protocolVersion", format!("one of {}", VERSIONS.join(", ")))),
        },
    };
    let info = get(options, "clientInfo");
    if !absent(&info) {
        let name = string(&info, "name", "options.clientInfo.name")?;
        let version = string(&info, "version", "options.clientInfo.version")?;
        cfg.client_info = Implementation::new(name, version);
    }
    let answerers = Answerers {
        on_elicit: optional_function(options, "onElicit", "options.onElicit")?,
        on_sample: optional_function(options, "onSample", "options.onSample")?,
        roots: match get(options, "roots") {
            v if absent(&v) => None,
            v if Array::is_array(&v) => Some(Roots::List(v)),
            v => Some(Roots::Function(
                v.dyn_into::<Function>().map_err(|_| Error::invalid("options.roots", "an array or a function"))?,
            )),
        },
    };
    cfg.capabilities = answerers.capabilities();
    cfg.on_request = answerers.into_handler();
    cfg.on_notification =
        optional_function(options, "onNotification", "options.onNotification")?.map(notification_handler);
    Ok(cfg)
}

/// `auth`: `{ type: "bearer", token }` or `{ type: "api_key", key, header }`.
fn auth_header(auth: &JsValue) -> Result<Option<(String, String)>, Error> {
    if absent(auth) {
        return Ok(None);
    }
    if !auth.is_object() {
        return Err(Error::invalid("options.auth", "an object with `type`"));
    }
    match get(auth, "type").as_string().as_deref() {
        Some("bearer") => {
            let token = header_value("options.auth.token", string(auth, "token", "options.auth.token")?)?;
            if token.is_empty() {
                return Err(Error::invalid("options.auth.token", "a non-empty string"));
            }
            Ok(Some(("authorization".into(), format!("Bearer {token}"))))
        }
        Some("api_key") => {
            let key = header_value("options.auth.key", string(auth, "key", "options.auth.key")?)?;
            let header = match get(auth, "header") {
                v if absent(&v) => "x-api-key".to_owned(),
                v => v
                    .as_string()
                    .filter(|h| is_token(h))
                    .ok_or_else(|| Error::invalid("options.auth.header", "an HTTP header name"))?,
            };
            Ok(Some((header, key)))
        }
        _ => Err(Error::invalid("options.auth.type", "\"bearer\", \"api_key\", \"oauth\" or \"oauth2\"")),
    }
}

/// `{ type: "oauth2", client_id, client_secret, token_url, scope? }`, the
/// shape of Mistral's MCP guide: client credentials.
fn client_credentials(auth: &JsValue) -> Result<ClientCredentials, Error> {
    let client_id = string(auth, "client_id", "options.auth.client_id")?;
    let client_secret = string(auth, "client_secret", "options.auth.client_secret")?;
    let token_url = string(auth, "token_url", "options.auth.token_url")?;
    if !(token_url.starts_with("https://") || token_url.starts_with("http://")) {
        return Err(Error::invalid("options.auth.token_url", "an http(s) URL"));
    }
    let scope = match get(auth, "scope") {
        v if absent(&v) => None,
        v => Some(v.as_string().ok_or_else(|| Error::invalid("options.auth.scope", "a string"))?),
    };
    Ok(ClientCredentials { client_id, client_secret, token_url, scope })
}

/// An optional non-empty string option of `auth`.
fn optional_string(auth: &JsValue, key: &str) -> Result<Option<String>, Error> {
    let field = format!("options.auth.{key}");
    match get(auth, key) {
        v if absent(&v) => Ok(None),
        v => match v.as_string() {
            Some(s) if !s.trim().is_empty() => Ok(Some(s)),
            _ => Err(Error::invalid(field.as_str(), "a non-empty string")),
        },
    }
}

fn http_url(auth: &JsValue, key: &str, https_only: bool) -> Result<Option<String>, Error> {
    let field = format!("options.auth.{key}");
    let Some(url) = optional_string(auth, key)? else { return Ok(None) };
    let ok = url.starts_with("https://") || (!https_only && url.starts_with("http://"));
    if !ok || url.contains('#') || url.bytes().any(|b| b <= b' ') {
        let expected = if https_only { "an https URL without fragment" } else { "an http(s) URL without fragment" };
        return Err(Error::invalid(field.as_str(), expected));
    }
    Ok(Some(url))
}

/// `storage`: an object with `get`, `set` and `delete` methods; memory when absent.
fn storage(auth: &JsValue) -> Result<Storage, Error> {
    let value = get(auth, "storage");
    if absent(&value) {
        return Ok(Storage::default());
    }
    let expected = "an object with get(key), set(key, value) and delete(key) methods";
    let object = value.dyn_into::<Object>().map_err(|_| Error::invalid("options.auth.storage", expected))?;
    for method in ["get", "set", "delete"] {
        if !get(&object, method).is_function() {
            return Err(Error::invalid(format!("options.auth.storage.{method}").as_str(), "a function"));
        }
    }
    Ok(Storage::Js(object))
}

/// `{ type: "oauth", clientId?, clientSecret?, clientMetadataUrl?,
/// clientName?, redirectUri, scope?, storage?, onAuthorize(url) }`: the
/// authorization code flow, started by the server's 401.
fn oauth(auth: &JsValue, default_name: &str) -> Result<OAuthConfig, Error> {
    let client_id = optional_string(auth, "clientId")?;
    let client_secret = optional_string(auth, "clientSecret")?;
    if client_secret.is_some() && client_id.is_none() {
        return Err(Error::invalid("options.auth.clientId", "a string when clientSecret is given"));
    }
    let redirect_uri = http_url(auth, "redirectUri", false)?
        .ok_or_else(|| Error::invalid("options.auth.redirectUri", "an http(s) URL without fragment"))?;
    let on_authorize = optional_function(auth, "onAuthorize", "options.auth.onAuthorize")?
        .ok_or_else(|| Error::invalid("options.auth.onAuthorize", "a function"))?;
    let grant = Grant::Code {
        client_id,
        client_secret,
        client_metadata_url: http_url(auth, "clientMetadataUrl", true)?,
        client_name: optional_string(auth, "clientName")?.unwrap_or_else(|| default_name.to_owned()),
        redirect_uri,
        on_authorize,
    };
    Ok(OAuthConfig { grant, scope: optional_string(auth, "scope")?, storage: storage(auth)? })
}

/// `{ type: "oauth2", client_id, client_secret, scope? }` without
/// `token_url`: client credentials at the authorization server the MCP
/// server names.
fn discovered_client_credentials(auth: &JsValue) -> Result<OAuthConfig, Error> {
    let client_id = string(auth, "client_id", "options.auth.client_id")?;
    let client_secret = string(auth, "client_secret", "options.auth.client_secret")?;
    let scope = match get(auth, "scope") {
        v if absent(&v) => None,
        v => Some(v.as_string().ok_or_else(|| Error::invalid("options.auth.scope", "a string"))?),
    };
    Ok(OAuthConfig { grant: Grant::ClientCredentials { client_id, client_secret }, scope, storage: storage(auth)? })
}

/// `headers`: an object of string values with token names.
fn headers(value: &JsValue) -> Result<Vec<(String, String)>, Error> {
    if absent(value) {
        return Ok(Vec::new());
    }
    let object = value.dyn_ref::<Object>().ok_or_else(|| Error::invalid("options.headers", "an object"))?;
    let mut out = Vec::new();
    for entry in Object::entries(object).iter() {
        let pair = Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        if !is_token(&name) {
            return Err(Error::invalid("options.headers", "header names that are HTTP tokens"));
        }
        let field = format!("options.headers.{name}");
        let value = pair.get(1).as_string().ok_or_else(|| Error::invalid(field.as_str(), "a string"))?;
        out.push((name, header_value(&field, value)?));
    }
    Ok(out)
}
