//! Where OAuth records live: the app's `storage` object (any object with
//! `get(key)`, `set(key, value)` and `delete(key)`, each sync or async: a
//! `localStorage` wrapper, a Workers KV namespace, a `Map`-like cache), or
//! a map in memory that lives as long as the client.

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::http::cancel::js_message;
use crate::mcp::auth::AuthError;

pub enum Storage {
    Memory(RefCell<BTreeMap<String, String>>),
    Js(Object),
}

impl Default for Storage {
    fn default() -> Self {
        Storage::Memory(RefCell::new(BTreeMap::new()))
    }
}

impl Storage {
    pub async fn get(&self, key: &str) -> Result<Option<String>, AuthError> {
        match self {
            Storage::Memory(map) => Ok(map.borrow().get(key).cloned()),
            Storage::Js(object) => {
                let value = call(object, "get", &[key.into()]).await?;
                if value.is_undefined() || value.is_null() {
                    return Ok(None);
                }
                value.as_string().map(Some).ok_or(AuthError::Storage {
                    operation: "get",
                    message: "`get` gave something other than a string, null or undefined".into(),
                })
            }
        }
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<(), AuthError> {
        match self {
            Storage::Memory(map) => {
                map.borrow_mut().insert(key.to_owned(), value.to_owned());
                Ok(())
            }
            Storage::Js(object) => call(object, "set", &[key.into(), value.into()]).await.map(|_| ()),
        }
    }

    pub async fn delete(&self, key: &str) -> Result<(), AuthError> {
        match self {
            Storage::Memory(map) => {
                map.borrow_mut().remove(key);
                Ok(())
            }
            Storage::Js(object) => call(object, "delete", &[key.into()]).await.map(|_| ()),
        }
    }
}

/// Calls `object[name](...args)` and awaits what it returns when that is a
/// promise (or any thenable).
async fn call(object: &Object, name: &'static str, args: &[JsValue]) -> Result<JsValue, AuthError> {
    let failed = |message: String| AuthError::Storage { operation: name, message };
    let method = Reflect::get(object, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| failed(format!("the storage has no `{name}` method")))?;
    let args: js_sys::Array = args.iter().collect();
    let value = method.apply(object, &args).map_err(|e| failed(js_message(&e)))?;
    settle(value).await.map_err(|e| failed(js_message(&e)))
}

/// `value`, or what it resolves to when it is a thenable.
pub async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    let then = if value.is_object() { Reflect::get(&value, &"then".into()).ok() } else { None };
    if then.is_some_and(|t| t.is_function()) {
        JsFuture::from(Promise::resolve(&value)).await
    } else {
        Ok(value)
    }
}
