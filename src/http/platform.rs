//! The few globals the transport needs, bound on the global object rather than
//! on `window`: Workers and Node have no `window`, but all three environments
//! define `fetch`, `setTimeout` and `clearTimeout` globally.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub(super) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(super) fn clear_timeout(handle: &JsValue);
}

/// The global `fetch`, looked up at call time so a polyfill installed after
/// the module loaded is still honoured.
pub fn global_fetch() -> Result<Function, JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))?
        .dyn_into::<Function>()
        .map_err(|_| JsValue::from_str("no global fetch in this environment"))
}

/// Calls `fetch(url, init)` with `fetch` either the injected function or the global one.
/// A plain (non-promise) return value of an injected fetch is accepted too.
pub fn call_fetch(fetch: &Function, url: &str, init: &JsValue) -> Result<Promise, JsValue> {
    Ok(Promise::resolve(&fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?))
}

/// A one-shot timer; dropping it cancels the callback.
pub struct Timer {
    handle: JsValue,
    // Kept alive for as long as the timer may fire.
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    pub fn start(ms: u64, callback: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let handle = set_timeout(callback.as_ref().unchecked_ref(), clamp_ms(ms));
        Timer { handle, _callback: callback }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// Timers take a 32-bit signed delay; longer ones fire immediately in every
/// engine, which would turn "no timeout in practice" into "time out now".
pub(super) fn clamp_ms(ms: u64) -> f64 {
    ms.min(i32::MAX as u64) as f64
}

/// Uniform in `[0, 1)`, for retry jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

#[wasm_bindgen(inline_js = "export function ignore_rejection(p) { p.catch(() => {}); }")]
extern "C" {
    /// Marks a promise whose failure is expected and meaningless as handled
    /// (Node exits on an unhandled rejection). Done in JS so that no Rust
    /// closure has to outlive the call.
    pub fn ignore_rejection(promise: &js_sys::Promise);
}
