//! The MCP layer's error type.
//!
//! One enum for everything an MCP call can end with other than its result,
//! so that the client (and the JS `McpError` class mapped from it) matches on
//! variants and codes, never on message text. Transport failures (HTTP
//! status, fetch rejections) are the transport's and stay out of here.

use std::fmt;

use super::jsonrpc::{ErrorCode, ErrorObject, MessageError, RequestId};

/// Why an MCP request did not produce its result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum McpError {
    /// The server answered with a JSON-RPC error.
    Rpc(ErrorObject),
    /// The server broke the protocol: a message that is not JSON-RPC, or a
    /// result that does not match its method's type.
    Protocol(ProtocolError),
    /// No response arrived before the request's deadline.
    Timeout(RequestTimeout),
    /// The caller gave up on the request.
    Cancelled(RequestCancelled),
}

/// How the server broke the protocol.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ProtocolError {
    /// Incoming bytes that are not an MCP JSON-RPC message.
    Message(MessageError),
    /// A result or params that do not decode as the method's type.
    Decode(DecodeFailure),
    /// Something about to be sent did not encode as a JSON object.
    Encode { method: String, detail: String },
}

/// Where a message failed to decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    /// The method whose result or params it was.
    pub method: String,
    /// `"result"` or `"params"`.
    pub part: &'static str,
    /// Path of the failing member inside that part (`.` for the root).
    pub path: String,
    /// The decoder's message.
    pub detail: String,
}

/// A request that outlived its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTimeout {
    pub id: RequestId,
    pub method: String,
    /// How long the request was given, in milliseconds.
    pub timeout_ms: u64,
}

/// A request the caller cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestCancelled {
    pub id: RequestId,
    pub method: String,
    pub reason: Option<String>,
}

impl McpError {
    /// The JSON-RPC code, for errors the server sent.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Rpc(e) => Some(e.code),
            _ => None,
        }
    }
}

impl fmt::Display for McpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rpc(e) if e.message.is_empty() => write!(f, "MCP server error {}", e.code),
            Self::Rpc(e) => write!(f, "MCP server error {}: {}", e.code, e.message),
            Self::Protocol(e) => write!(f, "MCP protocol violation: {e}"),
            Self::Timeout(t) => {
                write!(f, "MCP request `{}` (id {}) timed out after {} ms", t.method, t.id, t.timeout_ms)
            }
            Self::Cancelled(c) => {
                write!(f, "MCP request `{}` (id {}) was cancelled", c.method, c.id)?;
                match &c.reason {
                    Some(reason) => write!(f, ": {reason}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Message(e) => e.fmt(f),
            Self::Decode(d) => write!(f, "the {} of `{}` is invalid at `{}`: {}", d.part, d.method, d.path, d.detail),
            Self::Encode { method, detail } => write!(f, "could not encode the params of `{method}`: {detail}"),
        }
    }
}

impl std::error::Error for McpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Protocol(e) => Some(e),
            _ => None,
        }
    }
}

impl std::error::Error for ProtocolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Message(e) => Some(e),
            _ => None,
        }
    }
}

impl From<MessageError> for McpError {
    fn from(e: MessageError) -> Self {
        Self::Protocol(ProtocolError::Message(e))
    }
}

impl From<ProtocolError> for McpError {
    fn from(e: ProtocolError) -> Self {
        Self::Protocol(e)
    }
}

impl From<ErrorObject> for McpError {
    fn from(e: ErrorObject) -> Self {
        Self::Rpc(e)
    }
}
