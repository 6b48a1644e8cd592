//! The crate's error type.
//!
//! One enum for the whole client because a user handles a failed call in one
//! place; each variant carries a structured payload rather than a message, so
//! callers (and the JS bindings, which map variants to error classes) never
//! have to match on text. No variant ever holds the API key: requests are not
//! stored in errors, only the response status, headers and body.

use std::fmt;

use crate::api::ApiError;
use crate::sse::SseError;

/// Everything a call can fail with.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a 4xx/5xx status.
    Api(Box<ApiError>),
    /// The request was rejected before it was sent: a field is missing or has
    /// the wrong shape.
    InvalidRequest(InvalidRequest),
    /// A 2xx body did not match the expected schema.
    Decode(DecodeError),
    /// The event stream was malformed (oversized event, bad UTF-8, bad JSON in
    /// an event, or it ended before its terminator).
    Stream(SseError),
    /// The total timeout of a call, or the idle timeout of a stream, elapsed.
    Timeout(Timeout),
    /// The caller's `AbortSignal` fired (or the stream was dropped).
    Aborted,
    /// `fetch` itself rejected: DNS, TLS, connection reset, CORS.
    Connection(String),
    /// Code the caller supplied (an injected `fetch`) threw something other
    /// than a network failure; it is handed back as the same JS value, never
    /// retried and never rewrapped.
    #[cfg(feature = "js")]
    Thrown(Thrown),
}

/// A JS exception from a caller's callback, kept as is.
#[cfg(feature = "js")]
#[derive(Debug, Clone, PartialEq)]
pub struct Thrown(pub wasm_bindgen::JsValue);

/// A field of a request that does not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// Dotted path of the field, e.g. `inputs` or `tools[0].type`.
    pub field: String,
    /// What was expected there, in words.
    pub expected: String,
}

/// A successful response whose body could not be read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The type that was expected, e.g. `Agent`.
    pub target: &'static str,
    /// Path inside the body where decoding failed (`.` for the root).
    pub path: String,
    /// The decoder's message.
    pub message: String,
}

/// Which timeout elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout {
    /// The configured limit in milliseconds.
    pub ms: u64,
    /// `true` when a stream went quiet for `ms`; `false` for a call's total time.
    pub idle: bool,
}

impl Error {
    /// Shorthand for [`Error::InvalidRequest`].
    pub fn invalid(field: impl Into<String>, expected: impl Into<String>) -> Self {
        Error::InvalidRequest(InvalidRequest { field: field.into(), expected: expected.into() })
    }
}

impl DecodeError {
    /// Decodes `T` from JSON text, recording where it failed.
    pub fn decode<T: serde::de::DeserializeOwned>(target: &'static str, text: &str) -> Result<T, Self> {
        crate::json_path::decode(text).map_err(|(path, message)| DecodeError { target, path, message })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::InvalidRequest(e) => write!(f, "invalid request: `{}`: expected {}", e.field, e.expected),
            Error::Decode(e) => e.fmt(f),
            Error::Stream(e) => write!(f, "stream error: {e}"),
            Error::Timeout(t) if t.idle => write!(f, "stream idle for {} ms", t.ms),
            Error::Timeout(t) => write!(f, "request timed out after {} ms", t.ms),
            Error::Aborted => f.write_str("request aborted"),
            Error::Connection(m) => write!(f, "connection error: {m}"),
            #[cfg(feature = "js")]
            Error::Thrown(_) => f.write_str("a callback threw"),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode {} at `{}`: {}", self.target, self.path, self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Stream(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<SseError> for Error {
    fn from(e: SseError) -> Self {
        Error::Stream(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

