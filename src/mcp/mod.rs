//! The MCP (Model Context Protocol) client core, sans-IO.
//!
//! Everything here is plain data and state machines: no transport, no
//! clock, no async. A driver (the HTTP transports, the JS `McpClient`) feeds
//! in bytes and the current time, and sends what comes out. That keeps the
//! protocol logic testable natively and shared by every era of transport.
//!
//! * [`jsonrpc`]: the four JSON-RPC 2.0 messages, ids, error codes, and the
//!   parser for incoming bytes;
//! * [`types`]: the MCP types of every revision, and the method table
//!   ([`types::methods`]) that pairs each method with its params and result;
//! * [`pending`]: requests in flight: id allocation, deadlines, matching
//!   responses, cancellation and progress routing;
//! * [`error`]: [`McpError`], what a request can end with besides its result.

pub mod auth;
pub mod error;
pub mod jsonrpc;
pub mod pending;
pub mod transport;
pub mod types;

pub use error::McpError;
