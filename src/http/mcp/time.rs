//! Waiting in JS time: a sleep, and a future for an `AbortSignal` firing,
//! so a request can race its answer against its deadline and its caller.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(inline_js = r#"
export function mcpSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2147483647)));
}
export function mcpAborted(signal) {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = mcpSleep)]
    fn sleep_promise(ms: f64) -> Promise;
    #[wasm_bindgen(js_name = mcpAborted)]
    fn aborted_promise(signal: &AbortSignal) -> Promise;
}

pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

pub async fn sleep(ms: u64) {
    let _ = JsFuture::from(sleep_promise(ms as f64)).await;
}

/// Resolves once `signal` has fired. The listener lives on the signal, so
/// use it with a per-request controller's signal, which dies with the request.
pub async fn aborted(signal: &AbortSignal) {
    let _ = JsFuture::from(aborted_promise(signal)).await;
}
