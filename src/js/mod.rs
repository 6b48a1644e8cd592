//! The JS API (wasm-bindgen): `new Mistral(options)` with camelCase methods
//! over the same builders and transport as the Rust client. Data crosses the
//! boundary as the wire JSON; errors as the classes of `errors.js`.

mod call;
mod client;
pub(crate) mod convert;
mod groups;
mod mcp;
mod options;
mod run;
mod stream;

/// The module's memory, for tests that check a failing call leaks nothing.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = __wasmMemory)]
pub fn wasm_memory() -> wasm_bindgen::JsValue {
    wasm_bindgen::memory()
}

