//! The platform layer: the only module (with `js`) that knows it runs in
//! JavaScript. It sends [`crate::api`] requests over `fetch` and streams
//! bodies through `ReadableStream` readers.

pub(crate) mod cancel;
mod deadline;
mod events;
mod fetch;
pub mod mcp;
mod platform;
mod transport;

pub use events::{ChunkDecoder, EventStream};
pub use transport::{ByteStream, CallOptions, Transport, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_TIMEOUT_MS};
