//! MCP authorization (OAuth 2.1 as the MCP spec profiles it), sans-IO.
//!
//! Like the rest of [`crate::mcp`], nothing here sends a request, reads a
//! clock or draws a random number: the driver fetches what the functions
//! ask for, passes the answers in, and supplies random bytes and `now_ms`.
//! So every step, including the security checks, is tested in memory.
//!
//! A flow, as the driver runs it:
//!
//! 1. a 401 from the MCP server: [`www_authenticate::parse_bearer`];
//! 2. [`discovery::Discovery`]: protected resource and authorization server
//!    metadata, giving a [`metadata::AuthServer`], the `resource` and scope;
//! 3. [`client::choose_client`]: a configured id, a Client ID Metadata
//!    Document, or [`register`] (RFC 7591);
//! 4. [`authorize::begin`] (PKCE S256 required, [`pkce`]), open the URL,
//!    then [`authorize::PendingAuthorization::finish`] on the callback
//!    (`state`, `iss` checked);
//! 5. [`token::TokenRequest`] for the code, a refresh, or client
//!    credentials, and [`token::TokenRequest::parse_response`].

pub mod authorize;
mod base64;
pub mod client;
pub mod discovery;
pub mod error;
mod form;
pub mod metadata;
pub mod pkce;
mod reason;
pub mod record;
pub mod register;
pub mod scope;
pub mod sha256;
pub mod token;
mod url;
pub mod www_authenticate;

pub use error::AuthError;
pub use reason::Detail;
