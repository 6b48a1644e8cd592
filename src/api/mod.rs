//! Sans-IO request builders and response parsers.
//!
//! Each API group has a module of functions `fn op(&ApiConfig, ...) ->
//! Result<HttpRequest, Error>`; a transport sends the request and hands the
//! bytes back to [`parse_json`] (or, for streams, to [`crate::sse`]). Nothing
//! here performs IO, so every request can be checked against the spec natively.

pub mod agents;
pub mod chat;
pub mod connectors;
pub mod conversations;
pub mod models;

mod call;
mod checks;
mod input;
mod raw;
mod request;
mod response;
mod stream;

pub use call::{Call, StreamCall};
pub use input::request_from_json;
pub use raw::{Raw, WithData};
pub use request::{encode_component, path_param, ApiConfig, HttpRequest, Method, RequestBuilder, ResponseKind, DEFAULT_SERVER_URL};
pub use response::{
    api_error, parse_empty, parse_json, retry_after_ms, scrub, secret_values, ApiError, ApiErrorKind, FieldError, HttpResponse,
    LocPart,
};
pub use stream::{EventStreamDecoder, StreamEnd};
