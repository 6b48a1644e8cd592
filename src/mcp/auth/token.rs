//! Token endpoint requests (RFC 6749 §4.1.3, §6, §4.4) and their answers.
//! Every request carries `resource` (RFC 8707) when there is one, so the
//! token is bound to the MCP server it is for. A [`TokenRequest`] remembers
//! the secrets it carries so that an error message the server echoes them
//! into is scrubbed before it reaches a log.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::authorize::{AuthorizationCode, PendingAuthorization};
use super::client::{choose_auth, ClientInfo, TokenEndpointAuth};
use super::metadata::AuthServer;
use super::{base64, error::server_text, form, AuthError};
use crate::api::{HttpRequest, Method, ResponseKind};

/// Which grant a request uses; decides how its errors read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
    /// RFC 7523 §2.1: an assertion (a workload token, an ID-JAG) for a token.
    JwtBearer,
    /// RFC 8693: a token of one kind for another (here an ID token for an ID-JAG).
    TokenExchange,
}

/// A token request ready to send. `Debug` shows neither body nor headers.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub grant: GrantKind,
    url: String,
    headers: Vec<(String, String)>,
    body: String,
    secrets: Vec<String>,
    /// A DPoP proof rides in the `DPoP` header, so a DPoP-bound token is
    /// what the server may answer with.
    dpop: bool,
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest").field("grant", &self.grant).field("url", &self.url).finish_non_exhaustive()
    }
}

impl TokenRequest {
    /// Redeems the code of a checked callback. The server must be the one
    /// the flow started at: a code is only good at its issuer.
    pub fn authorization_code(
        server: &AuthServer,
        client: &ClientInfo,
        pending: &PendingAuthorization,
        code: &AuthorizationCode,
    ) -> Result<Self, AuthError> {
        if pending.issuer != server.issuer {
            return Err(AuthError::IssuerMismatch { expected: pending.issuer.clone(), got: server.issuer.clone() });
        }
        let mut params = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", pending.redirect_uri.as_str()),
            ("code_verifier", pending.code_verifier()),
        ];
        if let Some(resource) = &pending.resource {
            params.push(("resource", resource));
        }
        let secrets = [code.as_str(), pending.code_verifier()];
        Self::build(GrantKind::AuthorizationCode, server, client, params, &secrets)
    }

    /// Trades a refresh token for a new access token. `scope` may only
    /// narrow what was granted (RFC 6749 §6); `None` keeps it.
    pub fn refresh(
        server: &AuthServer,
        client: &ClientInfo,
        refresh_token: &str,
        scope: Option<&str>,
        resource: Option<&str>,
    ) -> Result<Self, AuthError> {
        let mut params = vec![("grant_type", "refresh_token"), ("refresh_token", refresh_token)];
        if let Some(scope) = scope.filter(|s| !s.trim().is_empty()) {
            params.push(("scope", scope));
        }
        if let Some(resource) = resource {
            params.push(("resource", resource));
        }
        Self::build(GrantKind::RefreshToken, server, client, params, &[refresh_token])
    }

    /// A token for the client itself (machine to machine), which needs a
    /// client that can authenticate: a secret or a signed assertion.
    pub fn client_credentials(
        server: &AuthServer,
        client: &ClientInfo,
        scope: Option<&str>,
        resource: Option<&str>,
    ) -> Result<Self, AuthError> {
        if client.client_secret.is_none() && client.client_assertion.is_none() {
            return Err(AuthError::InvalidConfig { field: "client_secret", reason: "required for client credentials" });
        }
        let mut params = vec![("grant_type", "client_credentials")];
        if let Some(scope) = scope.filter(|s| !s.trim().is_empty()) {
            params.push(("scope", scope));
        }
        if let Some(resource) = resource {
            params.push(("resource", resource));
        }
        Self::build(GrantKind::ClientCredentials, server, client, params, &[])
    }

    pub(super) fn build<'a>(
        grant: GrantKind,
        server: &AuthServer,
        client: &'a ClientInfo,
        mut params: Vec<(&'a str, &'a str)>,
        secrets: &[&str],
    ) -> Result<Self, AuthError> {
        let method = choose_auth(server, client)?;
        let mut headers = vec![
            ("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
        ];
        let secret = client.client_secret.as_deref().unwrap_or("");
        let assertion = client.client_assertion.as_deref().unwrap_or("");
        match method {
            // No client id at all: a grant whose assertion names the client (RFC 7523 §3.1).
            TokenEndpointAuth::None if client.client_id.is_empty() => {}
            TokenEndpointAuth::None => params.push(("client_id", &client.client_id)),
            TokenEndpointAuth::PrivateKeyJwt => {
                params.push(("client_id", &client.client_id));
                params.push(("client_assertion_type", super::assertion::JWT_BEARER_ASSERTION));
                params.push(("client_assertion", assertion));
            }
            TokenEndpointAuth::ClientSecretPost => {
                params.push(("client_id", &client.client_id));
                params.push(("client_secret", secret));
            }
            TokenEndpointAuth::ClientSecretBasic => {
                let pair = format!("{}:{}", form::encode_component(&client.client_id), form::encode_component(secret));
                headers.push(("Authorization".to_owned(), format!("Basic {}", base64::standard(pair.as_bytes()))));
            }
        }
        let mut kept: Vec<String> = secrets.iter().map(|s| (*s).to_owned()).collect();
        kept.extend([secret, assertion].into_iter().filter(|s| !s.is_empty()).map(str::to_owned));
        Ok(TokenRequest {
            grant,
            url: server.token_endpoint.clone(),
            headers,
            body: form::encode(&params),
            secrets: kept,
            dpop: false,
        })
    }

    /// The token endpoint's URL (a DPoP proof names it in `htu`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Attaches a DPoP proof (RFC 9449 §5), replacing an earlier one: a
    /// retry with the server's nonce needs a new proof.
    pub fn set_dpop_proof(&mut self, proof: String) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("dpop"));
        self.headers.push(("DPoP".to_owned(), proof));
        self.dpop = true;
    }

    /// The POST to send. Its `Debug` prints the body, so do not log it.
    pub fn http(&self) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            url: self.url.clone(),
            headers: self.headers.clone(),
            body: Some(self.body.clone()),
            response: ResponseKind::Json,
        }
    }

    /// Reads the token endpoint's answer; `now_ms` (milliseconds since the
    /// epoch) turns `expires_in` into an absolute expiry.
    pub fn parse_response(&self, status: u16, body: &[u8], now_ms: u64) -> Result<TokenSet, AuthError> {
        let json = serde_json::from_slice::<Value>(body).ok();
        let obj = json.as_ref().and_then(Value::as_object);
        // The answer's own tokens are secrets too, should another member echo them.
        let mut secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        for field in ["access_token", "refresh_token", "id_token"] {
            secrets.extend(obj.and_then(|o| o.get(field)).and_then(Value::as_str));
        }
        // Some servers answer errors with 200; an `error` without a token is one.
        let error = obj.and_then(|o| o.get("error")).and_then(Value::as_str);
        let has_token = obj.is_some_and(|o| o.contains_key("access_token"));
        if !(200..300).contains(&status) || (error.is_some() && !has_token) {
            let Some(error) = error else {
                return Err(AuthError::TokenStatus { status });
            };
            let description =
                obj.and_then(|o| o.get("error_description")).and_then(Value::as_str).map(|d| server_text(d, &secrets));
            if self.grant == GrantKind::RefreshToken && error == "invalid_grant" {
                return Err(AuthError::RefreshRejected { description });
            }
            return Err(AuthError::TokenError { status, error: server_text(error, &secrets), description });
        }
        let obj = obj.ok_or(AuthError::MalformedTokenResponse { field: "(body)", reason: "not a JSON object" })?;
        let access_token = match obj.get("access_token") {
            None | Some(Value::Null) => return Err(AuthError::MissingAccessToken),
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(_) => {
                return Err(AuthError::MalformedTokenResponse {
                    field: "access_token",
                    reason: "not a non-empty string",
                })
            }
        };
        let token_type = match obj.get("token_type") {
            // Lenient: a few servers omit it; Bearer is the only type MCP uses anyway.
            None | Some(Value::Null) => "Bearer".to_owned(),
            Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => "Bearer".to_owned(),
            // Only after a DPoP proof: a DPoP-bound token is useless without the key.
            Some(Value::String(t)) if self.dpop && t.eq_ignore_ascii_case("dpop") => "DPoP".to_owned(),
            // An exchanged token is not for presenting (RFC 8693 §2.2.1: `N_A`).
            Some(Value::String(t)) if self.grant == GrantKind::TokenExchange => t.clone(),
            Some(Value::String(t)) => {
                return Err(AuthError::UnsupportedTokenType { token_type: server_text(t, &secrets) })
            }
            Some(_) => return Err(AuthError::MalformedTokenResponse { field: "token_type", reason: "not a string" }),
        };
        let expires_in = match obj.get("expires_in") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))),
            // Lenient: some servers send the number as a string.
            Some(Value::String(s)) => Some(s.trim().parse::<u64>().ok()),
            Some(_) => Some(None),
        };
        let expires_at_ms = match expires_in {
            None => None,
            Some(Some(secs)) => Some(now_ms.saturating_add(secs.saturating_mul(1000))),
            Some(None) => {
                return Err(AuthError::MalformedTokenResponse {
                    field: "expires_in",
                    reason: "not a non-negative number",
                })
            }
        };
        let optional = |field: &'static str| match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(AuthError::MalformedTokenResponse { field, reason: "not a string" }),
        };
        Ok(TokenSet {
            access_token,
            token_type,
            expires_at_ms,
            refresh_token: optional("refresh_token")?,
            scope: optional("scope")?,
        })
    }
}

/// Tokens from the token endpoint. `Debug` hides both tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: String,
    /// `Bearer`, or `DPoP` for a token bound to the session's DPoP key.
    pub token_type: String,
    /// Milliseconds since the epoch; `None` when the server did not say.
    pub expires_at_ms: Option<u64>,
    pub refresh_token: Option<String>,
    /// The granted scope, when the server said.
    pub scope: Option<String>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_at_ms", &self.expires_at_ms)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]"))
            .field("scope", &self.scope)
            .finish()
    }
}

impl TokenSet {
    /// Whether the token has expired, or will within `margin_ms` (so that it
    /// is refreshed before a request fails with it).
    pub fn expires_within(&self, now_ms: u64, margin_ms: u64) -> bool {
        self.expires_at_ms.is_some_and(|at| now_ms.saturating_add(margin_ms) >= at)
    }

    /// A refresh answer may omit the refresh token, which then stays valid
    /// (RFC 6749 §6); this keeps the previous one in that case.
    pub fn keep_refresh_token(mut self, previous: &TokenSet) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = previous.refresh_token.clone();
        }
        self
    }

    /// The `Authorization` header value for the MCP server (RFC 9449 §7.1
    /// for a DPoP-bound token, which also needs a proof per request).
    pub fn authorization(&self) -> String {
        format!("{} {}", if self.is_dpop() { "DPoP" } else { "Bearer" }, self.access_token)
    }

    /// Whether the token is DPoP-bound.
    pub fn is_dpop(&self) -> bool {
        self.token_type == "DPoP"
    }
}
