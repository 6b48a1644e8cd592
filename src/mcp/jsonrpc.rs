//! JSON-RPC 2.0 messages, as MCP uses them.
//!
//! Every MCP exchange is one of four messages: a request (has `id` and
//! `method`), a notification (`method`, no `id`), a result response and an
//! error response. Incoming bytes are classified here once, with a typed
//! [`MessageError`] for everything that is not one of those four, so the
//! layers above never see half-valid messages. Parsing never panics: the
//! bytes come from a server that may be broken or hostile.
//!
//! MCP narrows JSON-RPC in two ways that the parser enforces: `params` and
//! `result` are objects, and request ids are strings or integers (never
//! `null`). Batches (a JSON array of messages) were allowed by one revision
//! (2025-03-26) and removed by the next; no server needs them from a client,
//! so an array is rejected as [`MessageError::Batch`].

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::models::common::JsonObject;

use super::types::open::present;

/// The only `jsonrpc` member MCP accepts.
pub const JSONRPC_VERSION: &str = "2.0";

/// A request id: MCP allows a string or an integer, never `null`, and it
/// must not repeat among one side's requests in a session.
///
/// Ordered (numbers first) so that it can key a `BTreeMap`, which keeps the
/// pending-request table deterministic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestId {
    Number(i64),
    String(String),
}

impl RequestId {
    /// Reads an id from JSON: a string, or an integral number in `i64`'s
    /// range (`1.0` counts as `1`, since JSON does not tell them apart).
    pub fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(Self::String(s.clone())),
            Value::Number(n) => integral(n).map(Self::Number),
            _ => None,
        }
    }

    /// The id as JSON.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Number(n) => Value::from(*n),
            Self::String(s) => Value::String(s.clone()),
        }
    }
}

/// An integral JSON number that fits in `i64`.
pub(crate) fn integral(n: &serde_json::Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    // `i64::MAX as f64` rounds up to 2^63, which is out of range: compare with `<`.
    let f = n.as_f64()?;
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

impl From<i64> for RequestId {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<&str> for RequestId {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<String> for RequestId {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

/// The id as it appears in JSON (`7`, `"abc"`), so that log lines and error
/// messages can be matched against wire traces.
impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::String(s) => write!(f, "{}", Value::String(s.clone())),
        }
    }
}

impl Serialize for RequestId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => s.serialize_i64(*n),
            Self::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for RequestId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| Self::from_json(&value).ok_or("expected a string or an integer id"))
    }
}

/// A JSON-RPC error code. A newtype rather than an enum because servers use
/// codes of their own (the `-32000..=-32099` range is implementation
/// defined); the constants name the ones the specs define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ErrorCode(pub i32);

impl ErrorCode {
    /// The message was not valid JSON.
    pub const PARSE_ERROR: Self = Self(-32700);
    /// The JSON was not a valid request object.
    pub const INVALID_REQUEST: Self = Self(-32600);
    /// The method does not exist, or its capability was not advertised.
    pub const METHOD_NOT_FOUND: Self = Self(-32601);
    /// Unknown tool or prompt, bad arguments, invalid cursor; from 2026-07-28
    /// also an unknown resource (SEP-2164).
    pub const INVALID_PARAMS: Self = Self(-32602);
    pub const INTERNAL_ERROR: Self = Self(-32603);
    /// `resources/read` of an unknown URI, up to 2025-11-25 (the spec text's
    /// code; later revisions use [`Self::INVALID_PARAMS`]).
    pub const RESOURCE_NOT_FOUND: Self = Self(-32002);
    /// 2025-11-25: the request needs a URL-mode elicitation first; `data`
    /// lists them (`elicitation::UrlElicitationRequiredData`).
    pub const URL_ELICITATION_REQUIRED: Self = Self(-32042);
    /// 2026-07-28 `HeaderMismatchError`: the `Mcp-*` HTTP headers disagree
    /// with the body, or a required one is missing.
    pub const HEADER_MISMATCH: Self = Self(-32020);
    /// 2026-07-28 `MissingRequiredClientCapabilityError`: the request needs a
    /// client capability that its `_meta` did not declare.
    pub const MISSING_REQUIRED_CLIENT_CAPABILITY: Self = Self(-32021);
    /// 2026-07-28 `UnsupportedProtocolVersionError`: `data` says which
    /// versions the server supports, so the client can retry with one.
    pub const UNSUPPORTED_PROTOCOL_VERSION: Self = Self(-32022);

    /// The name of a code the specs define.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::PARSE_ERROR => "parse error",
            Self::INVALID_REQUEST => "invalid request",
            Self::METHOD_NOT_FOUND => "method not found",
            Self::INVALID_PARAMS => "invalid params",
            Self::INTERNAL_ERROR => "internal error",
            Self::RESOURCE_NOT_FOUND => "resource not found",
            Self::URL_ELICITATION_REQUIRED => "URL elicitation required",
            Self::HEADER_MISMATCH => "header mismatch",
            Self::MISSING_REQUIRED_CLIENT_CAPABILITY => "missing required client capability",
            Self::UNSUPPORTED_PROTOCOL_VERSION => "unsupported protocol version",
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} ({name})", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// The `error` member of an error response (the schema's `Error`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    pub code: ErrorCode,
    /// Required by the spec, but read as empty when a server leaves it out:
    /// the code is what a caller acts on, and failing the whole response
    /// over a missing message would hide it.
    #[serde(default)]
    pub message: String,
    /// Anything the server attached, `null` included.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl ErrorObject {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), data: None }
    }

    fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("code".into(), Value::from(self.code.0));
        map.insert("message".into(), Value::String(self.message.clone()));
        if let Some(data) = &self.data {
            map.insert("data".into(), data.clone());
        }
        Value::Object(map)
    }
}

/// A request: expects exactly one response with the same `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: RequestId,
    pub method: String,
    pub params: Option<JsonObject>,
}

/// A notification: no `id`, never answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub method: String,
    pub params: Option<JsonObject>,
}

/// A successful response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultResponse {
    pub id: RequestId,
    pub result: JsonObject,
}

/// An error response. The id is absent when the peer could not read the id
/// of the request it rejects (it sends `null` or leaves it out).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub id: Option<RequestId>,
    pub error: ErrorObject,
}

/// Either kind of response.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    Result(ResultResponse),
    Error(ErrorResponse),
}

impl Response {
    /// The id of the request this answers, if the peer named one.
    pub fn id(&self) -> Option<&RequestId> {
        match self {
            Self::Result(r) => Some(&r.id),
            Self::Error(e) => e.id.as_ref(),
        }
    }
}

/// Any JSON-RPC message MCP exchanges.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Request(Request),
    Notification(Notification),
    Response(Response),
}

impl From<Request> for Message {
    fn from(r: Request) -> Self {
        Self::Request(r)
    }
}

impl From<Notification> for Message {
    fn from(n: Notification) -> Self {
        Self::Notification(n)
    }
}

impl From<ResultResponse> for Message {
    fn from(r: ResultResponse) -> Self {
        Self::Response(Response::Result(r))
    }
}

impl From<ErrorResponse> for Message {
    fn from(e: ErrorResponse) -> Self {
        Self::Response(Response::Error(e))
    }
}

/// Why incoming bytes are not an MCP JSON-RPC message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageError {
    /// Longer than the limit the caller set; nothing was parsed.
    TooLarge { size: usize, limit: usize },
    /// Not UTF-8; the first `valid_up_to` bytes were.
    NotUtf8 { valid_up_to: usize },
    /// Not JSON (or nested deeper than the parser allows).
    NotJson { line: usize, column: usize, detail: String },
    /// A JSON array: a batch, which MCP no longer has.
    Batch,
    /// JSON, but not an object (`found` is the JSON kind).
    NotAnObject { found: &'static str },
    /// `jsonrpc` is missing (`found: None`) or not `"2.0"`.
    WrongVersion { found: Option<String> },
    /// A result response without an `id`.
    MissingId,
    /// A member has the wrong type (`field` is its path, e.g. `error.code`).
    InvalidField { field: &'static str, expected: &'static str },
    /// Members of two kinds of message at once (`method` with `result`, or
    /// `result` with `error`).
    Ambiguous,
    /// None of `method`, `result` and `error`.
    Unclassifiable,
}

impl MessageError {
    /// The JSON-RPC code to answer with, when the peer can be answered.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotUtf8 { .. } | Self::NotJson { .. } => ErrorCode::PARSE_ERROR,
            _ => ErrorCode::INVALID_REQUEST,
        }
    }
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { size, limit } => write!(f, "message of {size} bytes exceeds the limit of {limit}"),
            Self::NotUtf8 { valid_up_to } => write!(f, "message is not UTF-8 (invalid byte at offset {valid_up_to})"),
            Self::NotJson { line, column, detail } => {
                write!(f, "message is not JSON: {detail} at line {line} column {column}")
            }
            Self::Batch => f.write_str("JSON-RPC batches are not supported"),
            Self::NotAnObject { found } => write!(f, "message is a JSON {found}, not an object"),
            Self::WrongVersion { found: None } => f.write_str("message has no `jsonrpc` member"),
            Self::WrongVersion { found: Some(v) } => write!(f, "`jsonrpc` must be \"2.0\", found {v}"),
            Self::MissingId => f.write_str("result response has no `id`"),
            Self::InvalidField { field, expected } => write!(f, "`{field}` must be {expected}"),
            Self::Ambiguous => f.write_str("message mixes the members of a request and a response"),
            Self::Unclassifiable => f.write_str("message has none of `method`, `result` and `error`"),
        }
    }
}

impl std::error::Error for MessageError {}

/// The first characters of a wrong value, enough to recognise it in an
/// error without copying a hostile megabyte into it.
fn excerpt(value: &Value) -> String {
    const MAX: usize = 40;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Message {
    /// Parses one message from bytes as received.
    pub fn parse(bytes: &[u8]) -> Result<Self, MessageError> {
        let text = std::str::from_utf8(bytes).map_err(|e| MessageError::NotUtf8 { valid_up_to: e.valid_up_to() })?;
        Self::parse_str(text)
    }

    /// Like [`Message::parse`], refusing more than `limit` bytes before
    /// looking at them (a transport's guard against oversized messages).
    pub fn parse_limited(bytes: &[u8], limit: usize) -> Result<Self, MessageError> {
        if bytes.len() > limit {
            return Err(MessageError::TooLarge { size: bytes.len(), limit });
        }
        Self::parse(bytes)
    }

    /// Parses one message from text.
    pub fn parse_str(text: &str) -> Result<Self, MessageError> {
        let value: Value = serde_json::from_str(text).map_err(|e| MessageError::NotJson {
            line: e.line(),
            column: e.column(),
            detail: strip_position(&e.to_string()).to_owned(),
        })?;
        Self::from_json(value)
    }

    /// Classifies an already parsed JSON value.
    pub fn from_json(value: Value) -> Result<Self, MessageError> {
        let mut map = match value {
            Value::Object(map) => map,
            Value::Array(_) => return Err(MessageError::Batch),
            other => return Err(MessageError::NotAnObject { found: kind(&other) }),
        };
        match map.get("jsonrpc") {
            Some(Value::String(v)) if v == JSONRPC_VERSION => {}
            Some(other) => return Err(MessageError::WrongVersion { found: Some(excerpt(other)) }),
            None => return Err(MessageError::WrongVersion { found: None }),
        }
        let (has_method, has_result, has_error) =
            (map.contains_key("method"), map.contains_key("result"), map.contains_key("error"));
        match (has_method, has_result, has_error) {
            (true, false, false) => {
                let method = match map.remove("method") {
                    Some(Value::String(m)) => m,
                    _ => return Err(MessageError::InvalidField { field: "method", expected: "a string" }),
                };
                let params = match map.remove("params") {
                    None | Some(Value::Null) => None,
                    Some(Value::Object(p)) => Some(p),
                    Some(_) => return Err(MessageError::InvalidField { field: "params", expected: "an object" }),
                };
                match map.get("id") {
                    None => Ok(Self::Notification(Notification { method, params })),
                    Some(id) => Ok(Self::Request(Request { id: request_id(id)?, method, params })),
                }
            }
            (false, true, false) => {
                let id = request_id(map.get("id").ok_or(MessageError::MissingId)?)?;
                match map.remove("result") {
                    Some(Value::Object(result)) => Ok(ResultResponse { id, result }.into()),
                    _ => Err(MessageError::InvalidField { field: "result", expected: "an object" }),
                }
            }
            (false, false, true) => {
                let id = match map.get("id") {
                    None | Some(Value::Null) => None,
                    Some(id) => Some(request_id(id)?),
                };
                let error = match map.remove("error") {
                    Some(Value::Object(e)) => error_object(e)?,
                    _ => return Err(MessageError::InvalidField { field: "error", expected: "an object" }),
                };
                Ok(ErrorResponse { id, error }.into())
            }
            (false, false, false) => Err(MessageError::Unclassifiable),
            _ => Err(MessageError::Ambiguous),
        }
    }

    /// The message as JSON, `jsonrpc` included. Built member by member, so
    /// it cannot fail.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("jsonrpc".into(), Value::String(JSONRPC_VERSION.into()));
        match self {
            Self::Request(r) => {
                map.insert("id".into(), r.id.to_json());
                map.insert("method".into(), Value::String(r.method.clone()));
                if let Some(p) = &r.params {
                    map.insert("params".into(), Value::Object(p.clone()));
                }
            }
            Self::Notification(n) => {
                map.insert("method".into(), Value::String(n.method.clone()));
                if let Some(p) = &n.params {
                    map.insert("params".into(), Value::Object(p.clone()));
                }
            }
            Self::Response(Response::Result(r)) => {
                map.insert("id".into(), r.id.to_json());
                map.insert("result".into(), Value::Object(r.result.clone()));
            }
            Self::Response(Response::Error(e)) => {
                // The schemas type `id` as string | integer: an unknown id is
                // left out rather than sent as `null`.
                if let Some(id) = &e.id {
                    map.insert("id".into(), id.to_json());
                }
                map.insert("error".into(), e.error.to_json());
            }
        }
        Value::Object(map)
    }
}

/// The message as JSON text, ready to send.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_json(), f)
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, Self::from_json)
    }
}

fn request_id(value: &Value) -> Result<RequestId, MessageError> {
    RequestId::from_json(value).ok_or(MessageError::InvalidField { field: "id", expected: "a string or an integer" })
}

fn error_object(mut map: JsonObject) -> Result<ErrorObject, MessageError> {
    let code = match map.get("code") {
        Some(Value::Number(n)) => integral(n).and_then(|c| i32::try_from(c).ok()),
        _ => None,
    }
    .ok_or(MessageError::InvalidField { field: "error.code", expected: "an integer" })?;
    let message = match map.remove("message") {
        None => String::new(),
        Some(Value::String(m)) => m,
        Some(_) => return Err(MessageError::InvalidField { field: "error.message", expected: "a string" }),
    };
    Ok(ErrorObject { code: ErrorCode(code), message, data: map.remove("data") })
}

/// serde_json appends " at line L column C"; [`MessageError::NotJson`]
/// carries them as fields.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}
