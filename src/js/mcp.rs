//! `new McpClient({ url, headers, fetch, timeoutMs })`: an MCP client over
//! Streamable HTTP. Results are the server's JSON; failures are `McpError`
//! (JSON-RPC `code` and `data`, or a `reason`) or the fetch layer's errors.
//!
//! Calls share one driver behind an async lock, so they run one after the
//! other (see [`crate::http::mcp_driver`]).

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::lock::Mutex;
use js_sys::{Function, Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert::{from_js_or_default, make_error, string_arg, to_js_error};
use crate::error::Error;
use crate::http::mcp_driver::{DriverConfig, DriverError, McpDriver, DEFAULT_MCP_TIMEOUT_MS};
use crate::mcp::McpError;
use crate::models::common::JsonObject;

/// What `connect()` learnt, readable without waiting for the driver.
#[derive(Default)]
struct Handshake {
    protocol_version: Option<String>,
    server_info: Option<String>,
    capabilities: Option<String>,
}

#[wasm_bindgen(js_name = McpClient)]
pub struct JsMcpClient {
    driver: Rc<Mutex<McpDriver>>,
    handshake: Rc<RefCell<Handshake>>,
}

#[wasm_bindgen(js_class = McpClient)]
impl JsMcpClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsMcpClient, JsValue> {
        let cfg = driver_config(&options).map_err(to_js_error)?;
        Ok(JsMcpClient {
            driver: Rc::new(Mutex::new(McpDriver::new(cfg))),
            handshake: Rc::new(RefCell::new(Handshake::default())),
        })
    }

    /// Runs the handshake; resolves to `undefined`.
    pub fn connect(&self) -> Promise {
        let driver = self.driver.clone();
        let handshake = self.handshake.clone();
        future_to_promise(async move {
            let mut driver = driver.lock().await;
            driver.connect().await.map_err(driver_error)?;
            remember(&driver, &handshake);
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Every tool, all pages: `{ tools }`.
    #[wasm_bindgen(js_name = listTools)]
    pub fn list_tools(&self) -> Promise {
        self.list_all("tools/list", "tools")
    }

    #[wasm_bindgen(js_name = listResources)]
    pub fn list_resources(&self) -> Promise {
        self.list_all("resources/list", "resources")
    }

    #[wasm_bindgen(js_name = listPrompts)]
    pub fn list_prompts(&self) -> Promise {
        self.list_all("prompts/list", "prompts")
    }

    /// A tool's `CallToolResult`; a tool failure is `isError: true` in it.
    #[wasm_bindgen(js_name = callTool)]
    pub fn call_tool(&self, name: JsValue, args: Option<JsValue>) -> Promise {
        let params = named_params("name", &name, args);
        self.request("tools/call", params)
    }

    #[wasm_bindgen(js_name = readResource)]
    pub fn read_resource(&self, uri: JsValue) -> Promise {
        let params = string_arg("uri", &uri).map(|uri| {
            let mut p = JsonObject::new();
            p.insert("uri".into(), Value::String(uri));
            p
        });
        self.request("resources/read", params)
    }

    #[wasm_bindgen(js_name = getPrompt)]
    pub fn get_prompt(&self, name: JsValue, args: Option<JsValue>) -> Promise {
        let params = named_params("name", &name, args);
        self.request("prompts/get", params)
    }

    /// Ends the session (DELETE); resolves to `undefined`.
    pub fn close(&self) -> Promise {
        let driver = self.driver.clone();
        let handshake = self.handshake.clone();
        future_to_promise(async move {
            driver.lock().await.close().await;
            *handshake.borrow_mut() = Handshake::default();
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The negotiated version, once connected.
    #[wasm_bindgen(getter, js_name = protocolVersion)]
    pub fn protocol_version(&self) -> Option<String> {
        self.handshake.borrow().protocol_version.clone()
    }

    /// The server's `Implementation` (`name`, `version`, ...), once connected.
    #[wasm_bindgen(getter, js_name = serverInfo)]
    pub fn server_info(&self) -> JsValue {
        parsed(self.handshake.borrow().server_info.as_deref())
    }

    /// The server's capabilities, once connected.
    #[wasm_bindgen(getter)]
    pub fn capabilities(&self) -> JsValue {
        parsed(self.handshake.borrow().capabilities.as_deref())
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn describe(&self) -> String {
        "McpClient {}".to_owned()
    }
}

impl JsMcpClient {
    fn request(&self, method: &'static str, params: Result<JsonObject, Error>) -> Promise {
        let driver = self.driver.clone();
        let handshake = self.handshake.clone();
        future_to_promise(async move {
            let params = params.map_err(to_js_error)?;
            let mut driver = driver.lock().await;
            let result = driver.request(method, Some(params)).await;
            // A lost session is re-initialized inside the request.
            remember(&driver, &handshake);
            object_to_js(&result.map_err(driver_error)?)
        })
    }

    /// Follows `nextCursor` until the last page; the items of every page
    /// under `key`.
    fn list_all(&self, method: &'static str, key: &'static str) -> Promise {
        let driver = self.driver.clone();
        let handshake = self.handshake.clone();
        future_to_promise(async move {
            let mut driver = driver.lock().await;
            let mut items = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let mut params = JsonObject::new();
                if let Some(c) = cursor.take() {
                    params.insert("cursor".into(), Value::String(c));
                }
                let page = driver.request(method, Some(params)).await;
                remember(&driver, &handshake);
                let mut page = page.map_err(driver_error)?;
                match page.remove(key) {
                    Some(Value::Array(list)) => items.extend(list),
                    _ => return Err(mcp_protocol_error(method, &format!("the result has no `{key}` array"))),
                }
                match page.remove("nextCursor") {
                    Some(Value::String(next)) if !next.is_empty() => cursor = Some(next),
                    _ => break,
                }
            }
            let mut all = JsonObject::new();
            all.insert(key.into(), Value::Array(items));
            object_to_js(&all)
        })
    }
}

/// Copies the driver's handshake result where the getters read it.
fn remember(driver: &McpDriver, handshake: &RefCell<Handshake>) {
    let learnt = match driver.initialize_result() {
        Some(result) => Handshake {
            protocol_version: Some(result.protocol_version.clone()),
            server_info: serde_json::to_string(&result.server_info).ok(),
            capabilities: serde_json::to_string(&result.capabilities).ok(),
        },
        None => Handshake::default(),
    };
    *handshake.borrow_mut() = learnt;
}

/// `{ <field>: name, arguments: args }`.
fn named_params(field: &str, name: &JsValue, args: Option<JsValue>) -> Result<JsonObject, Error> {
    let name = string_arg(field, name)?;
    let args: JsonObject = from_js_or_default("arguments", args)?;
    let mut params = JsonObject::new();
    params.insert(field.into(), Value::String(name));
    params.insert("arguments".into(), Value::Object(args));
    Ok(params)
}

fn object_to_js(object: &JsonObject) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(object).map_err(|e| mcp_protocol_error("result", &e.to_string()))?;
    js_sys::JSON::parse(&text)
}

fn parsed(text: Option<&str>) -> JsValue {
    text.and_then(|t| js_sys::JSON::parse(t).ok()).unwrap_or(JsValue::UNDEFINED)
}

fn set(details: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(details, &key.into(), &value);
}

fn mcp_protocol_error(what: &str, detail: &str) -> JsValue {
    let details = Object::new();
    set(&details, "reason", "protocol".into());
    make_error("mcp", &format!("MCP protocol violation in `{what}`: {detail}"), &details, &JsValue::UNDEFINED)
}

/// `McpError` with `code` and `data` for the server's JSON-RPC errors, and a
/// `reason` for the rest; fetch failures keep their own classes.
fn driver_error(error: DriverError) -> JsValue {
    let message = error.to_string();
    let details = Object::new();
    match error {
        DriverError::Http(e) => return to_js_error(e),
        DriverError::Mcp(McpError::Rpc(e)) => {
            set(&details, "reason", "rpc".into());
            set(&details, "code", JsValue::from(e.code.0));
            if let Some(data) = e.data.and_then(|d| serde_json::to_string(&d).ok()) {
                set(&details, "data", js_sys::JSON::parse(&data).unwrap_or(JsValue::UNDEFINED));
            }
        }
        DriverError::Mcp(McpError::Timeout(t)) => {
            set(&details, "reason", "timeout".into());
            set(&details, "method", t.method.as_str().into());
            set(&details, "timeoutMs", JsValue::from(t.timeout_ms as f64));
        }
        DriverError::Mcp(McpError::Cancelled(_)) => set(&details, "reason", "cancelled".into()),
        DriverError::Mcp(_) => set(&details, "reason", "protocol".into()),
        DriverError::Transport(_) => set(&details, "reason", "transport".into()),
        DriverError::SessionExpired => set(&details, "reason", "session_expired".into()),
    }
    make_error("mcp", &message, &details, &JsValue::UNDEFINED)
}

/// `{ url, headers, fetch, timeoutMs }`.
fn driver_config(options: &JsValue) -> Result<DriverConfig, Error> {
    if !options.is_object() {
        return Err(Error::invalid("options", "an object with `url`"));
    }
    let get = |key: &str| Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let url = get("url").as_string().ok_or_else(|| Error::invalid("options.url", "a string"))?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::invalid("options.url", "an http(s) URL"));
    }
    let fetch = match get("fetch") {
        v if v.is_undefined() => None,
        v => Some(v.dyn_into::<Function>().map_err(|_| Error::invalid("options.fetch", "a function"))?),
    };
    let timeout_ms = match get("timeoutMs") {
        v if v.is_undefined() => DEFAULT_MCP_TIMEOUT_MS,
        v => match v.as_f64() {
            Some(ms) if ms.is_finite() && ms > 0.0 && ms.fract() == 0.0 => ms as u64,
            _ => return Err(Error::invalid("options.timeoutMs", "a positive whole number of milliseconds")),
        },
    };
    Ok(DriverConfig { url, headers: headers(&get("headers"))?, fetch, timeout_ms })
}

/// `headers`: an object of string values with token names.
fn headers(value: &JsValue) -> Result<Vec<(String, String)>, Error> {
    if value.is_undefined() {
        return Ok(Vec::new());
    }
    let object = value.dyn_ref::<Object>().ok_or_else(|| Error::invalid("options.headers", "an object"))?;
    let mut out = Vec::new();
    for entry in Object::entries(object).iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let valid_name =
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid_name {
            return Err(Error::invalid("options.headers", "header names that are HTTP tokens"));
        }
        let value =
            pair.get(1).as_string().ok_or_else(|| Error::invalid(format!("options.headers.{name}"), "a string"))?;
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(Error::invalid(format!("options.headers.{name}"), "a value without CR, LF or NUL"));
        }
        out.push((name, value));
    }
    Ok(out)
}
