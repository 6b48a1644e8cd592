//! What a client keeps between flows, and under which keys, for any
//! string key-value store (memory, `localStorage`, Workers KV). Records are
//! JSON so that another page of the app (or a new process) can read them.
//!
//! - `mistral-edge:oauth:v1:<server>`: a [`ServerRecord`], naming the
//!   issuer whose credentials the server currently takes;
//! - `mistral-edge:oauth:v1:<issuer> <server>`: the [`Credentials`] got
//!   there: client, tokens, the authorization server's metadata. Keyed by
//!   both, since a client id or token from one authorization server means
//!   nothing at another (and must never be shown to it);
//! - `mistral-edge:oauth:v1:pending <server>`: a [`PendingRecord`], a flow
//!   waiting for `finishAuth` after a full-page redirect.
//!
//! Values hold secrets (tokens, a client secret, a PKCE verifier): the
//! store must be one the app trusts, and `Debug` of these types hides them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::authorize::PendingAuthorization;
use super::client::ClientInfo;
use super::metadata::AuthServer;
use super::token::TokenSet;
use super::{url, AuthError};

const PREFIX: &str = "mistral-edge:oauth:v1:";

/// The storage keys of one MCP server (canonical URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    server: String,
}

impl Keys {
    pub fn new(server_url: &str) -> Result<Self, AuthError> {
        Ok(Keys { server: url::canonical_resource(server_url)? })
    }

    /// The canonical server URL the keys are for.
    pub fn server(&self) -> &str {
        &self.server
    }

    pub fn server_record(&self) -> String {
        format!("{PREFIX}{}", self.server)
    }

    pub fn credentials(&self, issuer: &str) -> String {
        format!("{PREFIX}{issuer} {}", self.server)
    }

    pub fn pending(&self) -> String {
        format!("{PREFIX}pending {}", self.server)
    }
}

/// Which issuer's credentials a server takes now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerRecord {
    pub issuer: String,
}

/// A completed authorization at one issuer for one server.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub auth_server: AuthServer,
    pub client: ClientInfo,
    pub tokens: TokenSet,
    /// The RFC 8707 resource the tokens were asked for.
    pub resource: Option<String>,
    /// The scope asked for (step-up adds to it).
    pub scope: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("issuer", &self.auth_server.issuer)
            .field("client", &self.client)
            .field("tokens", &self.tokens)
            .field("resource", &self.resource)
            .field("scope", &self.scope)
            .finish()
    }
}

/// A flow saved until its callback comes back (possibly to another page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRecord {
    pub pending: PendingAuthorization,
    pub auth_server: AuthServer,
    pub client: ClientInfo,
}

/// Reads a record, naming the key's kind when it is not one (a store shared
/// with another app, or a record of another version).
pub fn decode<T: for<'de> Deserialize<'de>>(kind: &'static str, text: &str) -> Result<T, AuthError> {
    serde_json::from_str(text).map_err(|_| AuthError::Storage {
        operation: "get",
        message: format!("the stored {kind} record is not one this version can read"),
    })
}

/// A record as stored.
pub fn encode<T: Serialize>(record: &T) -> String {
    // Serializing these plain structs cannot fail.
    serde_json::to_string(record).unwrap_or_default()
}
