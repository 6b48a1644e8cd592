//! # mistral-edge
//!
//! A Rust SDK for the Mistral AI Agents API that compiles to WebAssembly and
//! runs wherever there is a global `fetch`: browsers, Cloudflare Workers, Node.
//!
//! The crate is layered so that everything but the platform layer is plain,
//! IO-free Rust that builds and tests natively:
//!
//! * [`models`]: the wire types, named after the OpenAPI schemas;
//! * [`api`]: pure request builders and response parsers;
//! * [`sse`]: an incremental Server-Sent Events decoder;
//! * [`retry`]: the retry policy (backoff, jitter, `Retry-After`);
//! * [`mcp`]: the MCP client protocol core (JSON-RPC, MCP types, requests in
//!   flight), sans-IO;
//! * `http` and [`Mistral`] (feature `js`, wasm only): the fetch transport and
//!   the async client over it.

pub mod api;
#[cfg(feature = "js")]
pub mod client;
pub mod error;
pub mod json_schema;
mod json_path;
mod tagged;
#[cfg(feature = "js")]
pub mod http;
#[cfg(feature = "js")]
mod js;
pub mod mcp;
pub mod models;
pub mod retry;
pub mod run;
pub mod sse;

#[cfg(feature = "js")]
pub use client::{Mistral, MistralConfig};
pub use error::Error;
