//! Grants that trade one token for another, for clients without a user at
//! the keyboard:
//!
//! - the JWT bearer grant (RFC 7523 §2.1): a JWT the client was given by
//!   someone the authorization server trusts (a workload identity token, as
//!   in the MCP workload identity federation extension, SEP-1933; or an
//!   ID-JAG) is the grant itself;
//! - token exchange (RFC 8693) for an Identity Assertion JWT Authorization
//!   Grant (ID-JAG), as in the MCP enterprise-managed authorization
//!   extension (SEP-990): the user's ID token from the enterprise identity
//!   provider becomes, at that provider, an ID-JAG addressed to the MCP
//!   server's authorization server, which then takes it in a JWT bearer
//!   grant. The user signs in once, at the enterprise, not per MCP server.

use serde_json::Value;

use super::client::ClientInfo;
use super::metadata::AuthServer;
use super::token::{GrantKind, TokenRequest};
use super::AuthError;

pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
pub const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
pub const ID_JAG_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id-jag";

impl TokenRequest {
    /// The JWT bearer grant with `assertion`. `client` authenticates as the
    /// server expects; a client with an empty id sends no client id at all
    /// (the assertion identifies it, RFC 7523 §3.1).
    pub fn jwt_bearer(
        server: &AuthServer,
        client: &ClientInfo,
        assertion: &str,
        scope: Option<&str>,
        resource: Option<&str>,
    ) -> Result<Self, AuthError> {
        if assertion.trim().is_empty() {
            return Err(AuthError::InvalidConfig { field: "assertion", reason: "empty" });
        }
        let mut params = vec![("grant_type", JWT_BEARER_GRANT), ("assertion", assertion)];
        if let Some(scope) = scope.filter(|s| !s.trim().is_empty()) {
            params.push(("scope", scope));
        }
        if let Some(resource) = resource {
            params.push(("resource", resource));
        }
        Self::build(GrantKind::JwtBearer, server, client, params, &[assertion])
    }

    /// Asks the identity provider (`idp`, known by its token endpoint) to
    /// exchange `id_token` for an ID-JAG addressed to `audience` (the MCP
    /// server's authorization server issuer) for `resource` (the MCP server).
    /// Read the answer with [`TokenRequest::parse_id_jag`].
    pub fn id_jag_exchange(
        idp: &AuthServer,
        client: &ClientInfo,
        id_token: &str,
        audience: &str,
        resource: &str,
        scope: Option<&str>,
    ) -> Result<Self, AuthError> {
        if id_token.trim().is_empty() {
            return Err(AuthError::InvalidConfig { field: "id_token", reason: "empty" });
        }
        let mut params = vec![
            ("grant_type", TOKEN_EXCHANGE_GRANT),
            ("requested_token_type", ID_JAG_TOKEN_TYPE),
            ("audience", audience),
            ("resource", resource),
            ("subject_token", id_token),
            ("subject_token_type", ID_TOKEN_TYPE),
        ];
        if let Some(scope) = scope.filter(|s| !s.trim().is_empty()) {
            params.push(("scope", scope));
        }
        Self::build(GrantKind::TokenExchange, idp, client, params, &[id_token])
    }

    /// The ID-JAG from a token exchange answer (RFC 8693 §2.2.1: it comes
    /// in `access_token`, with `issued_token_type` saying what it is).
    pub fn parse_id_jag(&self, status: u16, body: &[u8], now_ms: u64) -> Result<String, AuthError> {
        let issued = self.parse_response(status, body, now_ms)?;
        let kind = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("issued_token_type").and_then(Value::as_str).map(str::to_owned));
        match kind.as_deref() {
            Some(ID_JAG_TOKEN_TYPE) => Ok(issued.access_token),
            _ => Err(AuthError::UnexpectedIssuedTokenType {
                expected: ID_JAG_TOKEN_TYPE,
                got: kind.map(|k| super::error::server_text(&k, &[&issued.access_token])),
            }),
        }
    }
}
