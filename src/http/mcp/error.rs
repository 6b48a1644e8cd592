//! Why a session call failed.

use crate::error::Error;
use crate::mcp::error::McpError;
use crate::mcp::transport::TransportError;

#[derive(Debug)]
pub enum DriverError {
    /// The server's JSON-RPC error, a timeout, a protocol violation.
    Mcp(McpError),
    /// The transport machine refused or reported a broken exchange.
    Transport(TransportError),
    /// `fetch` failed (connection, the caller's abort, a non-2xx status that
    /// is not about the session).
    Http(Error),
    /// The server forgot the session (requests are resent once after a new
    /// handshake; this reaches the caller only if that fails too).
    SessionExpired,
    /// `close()` ended the connection (while the request waited, or
    /// before it was made: `connect()` again).
    Closed,
    /// Getting a token failed (client credentials).
    Auth(crate::mcp::auth::AuthError),
    /// The request's deadline passed (turned into [`McpError::Timeout`] with
    /// the request's id and method before it reaches a caller).
    Timeout,
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Mcp(e) => e.fmt(f),
            Self::Transport(e) => write!(f, "MCP transport: {e}"),
            Self::Http(e) => e.fmt(f),
            Self::SessionExpired => f.write_str("the MCP server ended the session and a new one could not be used"),
            Self::Closed => f.write_str("the MCP client is closed; call connect() to use it again"),
            Self::Timeout => f.write_str("the MCP request timed out"),
            Self::Auth(e) => write!(f, "MCP authorization: {e}"),
        }
    }
}
