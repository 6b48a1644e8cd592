//! OAuth for an MCP session (the MCP authorization chapter): on a 401 the
//! session discovers the server's authorization server, gets a client id,
//! runs the authorization code flow through the app's `onAuthorize` (or
//! client credentials, machine to machine), keeps the tokens in the app's
//! storage, refreshes them, and steps up on a 403 `insufficient_scope`.
//! The protocol steps are the sans-IO machines of [`crate::mcp::auth`];
//! this module fetches, draws random bytes, calls the app and stores.
//!
//! Tokens only ever leave as the `authorization` header of requests to the
//! MCP server's own origin ([`McpSession::authorization_for`]), and a
//! refresh token only in the body of a token request to the issuer that
//! gave it.

mod flow;
mod storage;

use js_sys::Function;

pub use storage::Storage;

use super::time::now_ms;
use super::{DriverError, McpSession};
use crate::error::Error;
use crate::mcp::auth::record::{decode, Credentials, Keys, ServerRecord};
use crate::mcp::auth::www_authenticate::parse_bearer;
use crate::mcp::auth::AuthError;
use crate::mcp::transport::url::split_origin;

/// Refresh this long before the expiry, so a request never leaves with a
/// token that dies on the way.
const EXPIRY_MARGIN_MS: u64 = 30_000;

/// Most authorizations one call runs before it gives up: a server that
/// refuses every new token (or asks for a scope it never grants) must not
/// send the user through consent screens forever. Three, as the MCP
/// conformance suite expects.
const MAX_AUTHORIZATIONS: u32 = 3;

/// How the session obtains tokens.
pub enum Grant {
    /// The authorization code flow with PKCE, for a user.
    Code {
        /// A pre-registered client; else a metadata document or registration.
        client_id: Option<String>,
        client_secret: Option<String>,
        /// This client's Client ID Metadata Document (an https URL).
        client_metadata_url: Option<String>,
        /// Sent when registering dynamically.
        client_name: String,
        redirect_uri: String,
        /// Gets the authorization URL; returns the callback URL, or nothing
        /// when the page navigates away (then `finishAuth` completes it).
        on_authorize: Function,
    },
    /// Client credentials with the token endpoint found by discovery.
    ClientCredentials { client_id: String, client_secret: String },
}

/// OAuth settings of a session. `Debug`-free: it holds a secret.
pub struct OAuthConfig {
    pub grant: Grant,
    /// Replaces the scope discovery would choose.
    pub scope: Option<String>,
    pub storage: Storage,
}

/// What the session knows of its OAuth credentials.
#[derive(Default)]
pub(crate) struct OAuthState {
    /// The storage was read once.
    loaded: bool,
    credentials: Option<Credentials>,
    /// Bumped when the token changes: a caller that failed with an older
    /// one just retries instead of authorizing again.
    generation: u64,
}

/// What one call has tried so far to get past 401/403.
#[derive(Default)]
pub(super) struct AuthGuard {
    attempts: u32,
    refreshed: bool,
}

impl McpSession {
    fn oauth(&self) -> Option<&OAuthConfig> {
        self.cfg().oauth.as_ref()
    }

    fn keys(&self) -> Result<Keys, DriverError> {
        Keys::new(&self.cfg().url).map_err(DriverError::Auth)
    }

    /// The generation of the token requests go with now.
    pub(super) fn auth_generation(&self) -> u64 {
        self.with(|s| s.oauth.generation)
    }

    /// The `authorization` header for a request to `url`: the session's
    /// token, but only for the MCP server's origin (a 2024-11-05 server
    /// could name an endpoint elsewhere).
    pub(super) fn authorization_for(&self, url: &str) -> Vec<(String, String)> {
        let same = match (split_origin(url), split_origin(&self.cfg().url)) {
            (Ok((a, _)), Ok((b, _))) => a == b,
            _ => false,
        };
        if same {
            self.current_authorization()
        } else {
            Vec::new()
        }
    }

    /// The tokens and client secret in hand, to scrub from an error body
    /// that echoes the request.
    pub(super) fn token_secrets(&self) -> Vec<String> {
        let mut out: Vec<String> = self.with(|s| {
            let tokens = s.token.iter().chain(s.oauth.credentials.as_ref().map(|c| &c.tokens));
            let mut out: Vec<String> = Vec::new();
            for t in tokens {
                out.push(t.access_token.clone());
                out.extend(t.refresh_token.clone());
            }
            out.extend(s.oauth.credentials.as_ref().and_then(|c| c.client.client_secret.clone()));
            out
        });
        if let Some(OAuthConfig { grant: Grant::ClientCredentials { client_secret, .. }, .. })
        | Some(OAuthConfig { grant: Grant::Code { client_secret: Some(client_secret), .. }, .. }) = self.oauth()
        {
            out.push(client_secret.clone());
        }
        out.retain(|s| s.len() >= 4);
        out
    }

    /// Before a request: the stored credentials loaded (once), an expiring
    /// token refreshed. Without a token the request goes without one, and
    /// the server's 401 starts the flow ([`Self::recover`]): its challenge
    /// says where to authorize and for which scope.
    pub(super) async fn oauth_prepare(&self) -> Result<(), DriverError> {
        if self.oauth().is_none() {
            return Ok(());
        }
        if !self.with(|s| s.oauth.loaded) {
            let loaded = self.load().await?;
            self.with(|s| {
                if !s.oauth.loaded {
                    s.oauth.loaded = true;
                    if let Some(creds) = loaded {
                        s.token = Some(creds.tokens.clone());
                        s.oauth.credentials = Some(creds);
                        s.oauth.generation += 1;
                    }
                }
            });
        }
        let expiring = self.with(|s| s.token.as_ref().is_some_and(|t| t.expires_within(now_ms(), EXPIRY_MARGIN_MS)));
        if expiring {
            let _lock = self.shared.authorizing.lock().await;
            let still = self.with(|s| s.token.as_ref().is_some_and(|t| t.expires_within(now_ms(), EXPIRY_MARGIN_MS)));
            if still && !self.renew().await? {
                self.with(|s| s.token = None);
            }
        }
        Ok(())
    }

    /// The credentials stored for this server, if readable.
    async fn load(&self) -> Result<Option<Credentials>, DriverError> {
        let Some(oauth) = self.oauth() else { return Ok(None) };
        let keys = self.keys()?;
        let storage = &oauth.storage;
        let Some(pointer) = storage.get(&keys.server_record()).await.map_err(DriverError::Auth)? else {
            return Ok(None);
        };
        // An unreadable record (another version's, a damaged one) is as good
        // as none: the next authorization overwrites it.
        let Ok(record) = decode::<ServerRecord>("server", &pointer) else { return Ok(None) };
        let Some(text) = storage.get(&keys.credentials(&record.issuer)).await.map_err(DriverError::Auth)? else {
            return Ok(None);
        };
        Ok(decode::<Credentials>("credentials", &text).ok())
    }

    /// After a call failed with `error` (sent with the token of
    /// `generation`): whether to send it again, having refreshed or
    /// authorized; `false` when the error is not OAuth's to fix.
    pub(super) async fn recover(
        &self,
        error: &DriverError,
        generation: u64,
        guard: &mut AuthGuard,
    ) -> Result<bool, DriverError> {
        if self.oauth().is_none() {
            return Ok(false);
        }
        let DriverError::Http(Error::Api(api)) = error else { return Ok(false) };
        let status = api.status;
        if status != 401 && status != 403 {
            return Ok(false);
        }
        let header: Vec<&str> = api
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("www-authenticate"))
            .map(|(_, v)| v.as_str())
            .collect();
        let challenge = match header.is_empty() {
            true => None,
            false => parse_bearer(&header.join(", ")).map_err(DriverError::Auth)?,
        };
        let step_up = challenge.as_ref().is_some_and(|c| c.is_insufficient_scope());
        if status == 403 && !step_up {
            return Ok(false);
        }
        let _lock = self.shared.authorizing.lock().await;
        if self.auth_generation() != generation {
            return Ok(true);
        }
        if guard.attempts >= MAX_AUTHORIZATIONS {
            return Err(DriverError::Auth(AuthError::RetryLimit {
                status,
                attempts: guard.attempts,
                scope: challenge.and_then(|c| c.scope),
            }));
        }
        if status == 401 && !guard.refreshed {
            guard.refreshed = true;
            if self.renew().await? {
                return Ok(true);
            }
        }
        guard.attempts += 1;
        let previous =
            if step_up { self.with(|s| s.oauth.credentials.as_ref().and_then(|c| c.scope.clone())) } else { None };
        self.authorize(challenge.as_ref(), previous).await?;
        Ok(true)
    }

    /// Completes a flow whose `onAuthorize` returned nothing (a full-page
    /// redirect): `callback_url` is the URL the browser came back to.
    pub async fn finish_auth(&self, callback_url: &str) -> Result<(), DriverError> {
        let Some(oauth) = self.oauth() else {
            return Err(DriverError::Auth(AuthError::InvalidConfig {
                field: "auth",
                reason: "finishAuth needs `auth: { type: \"oauth\", ... }`",
            }));
        };
        let _lock = self.shared.authorizing.lock().await;
        let keys = self.keys()?;
        let text = oauth.storage.get(&keys.pending()).await.map_err(DriverError::Auth)?;
        let record = text
            .and_then(|t| decode("pending authorization", &t).ok())
            .ok_or(DriverError::Auth(AuthError::NoPendingAuthorization))?;
        self.redeem(record, callback_url).await
    }
}
