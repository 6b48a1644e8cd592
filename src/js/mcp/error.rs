//! Session failures as JS errors: `McpError` with a `reason` (and the
//! JSON-RPC `code`/`data`, or the timed-out `method`), while fetch failures
//! keep the classes every other call uses (`AbortError`, `ApiError`, ...).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::http::mcp::DriverError;
use crate::js::convert::{make_error, to_js_error};
use crate::mcp::auth::{AuthError, Detail};
use crate::mcp::McpError;

fn set(details: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(details, &key.into(), &value);
}

/// An `McpError` with `reason` and extra details.
pub fn mcp_error(reason: &str, message: &str, details: Object) -> JsValue {
    set(&details, "reason", reason.into());
    make_error("mcp", message, &details, &JsValue::UNDEFINED)
}

pub fn driver_error(error: DriverError) -> JsValue {
    let message = error.to_string();
    let details = Object::new();
    let reason = match error {
        DriverError::Http(e) => return to_js_error(e),
        DriverError::Mcp(McpError::Rpc(e)) => {
            set(&details, "code", JsValue::from(e.code.0));
            if let Some(data) = e.data.and_then(|d| js_sys::JSON::parse(&d.to_string()).ok()) {
                set(&details, "data", data);
            }
            "rpc"
        }
        DriverError::Mcp(McpError::Timeout(t)) => {
            set(&details, "method", t.method.as_str().into());
            set(&details, "timeoutMs", JsValue::from(t.timeout_ms as f64));
            "timeout"
        }
        DriverError::Timeout => "timeout",
        DriverError::Mcp(McpError::Cancelled(_)) => "cancelled",
        DriverError::Mcp(_) => "protocol",
        DriverError::Transport(_) => "transport",
        DriverError::SessionExpired => "session_expired",
        DriverError::Closed => "closed",
        DriverError::Auth(e) => return auth_error(&e),
    };
    mcp_error(reason, &message, details)
}

/// An `AuthError` with `reason` (the variant in snake_case) and the
/// variant's fields, none of which is a secret.
pub fn auth_error(error: &AuthError) -> JsValue {
    let details = Object::new();
    set(&details, "reason", error.reason().into());
    for (key, value) in error.details() {
        let value = match value {
            Detail::Text(s) => JsValue::from(s),
            Detail::Number(n) => JsValue::from(n as f64),
            Detail::List(items) => items.iter().map(|s| JsValue::from(s.as_str())).collect::<js_sys::Array>().into(),
        };
        set(&details, key, value);
    }
    make_error("auth", &format!("MCP authorization: {error}"), &details, &JsValue::UNDEFINED)
}
