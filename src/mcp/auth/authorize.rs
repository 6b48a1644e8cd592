//! The authorization code flow's browser leg: the URL to open, and the check
//! of the redirect that comes back. [`PendingAuthorization`] is everything
//! the second half needs; it serializes so that a driver can keep it across
//! a full-page redirect (e.g. in `sessionStorage`) and finish in a new page.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::metadata::AuthServer;
use super::pkce::{require_s256, Pkce, S256};
use super::{base64, error::server_text, form, url, AuthError};

/// What the authorization request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationParams<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    /// Space-separated; from the challenge, else `scopes_supported`
    /// ([`Discovered::scope`](super::discovery::Discovered::scope)).
    pub scope: Option<&'a str>,
    /// The RFC 8707 resource ([`Discovered::resource`](super::discovery::Discovered::resource)).
    pub resource: Option<&'a str>,
}

/// A started flow: open `url`, keep `pending`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationStart {
    pub url: String,
    pub pending: PendingAuthorization,
}

/// A flow waiting for its callback. `Debug` hides the state and verifier.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingAuthorization {
    pub issuer: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Option<String>,
    pub resource: Option<String>,
    /// Whether the server promised `iss` on the callback (RFC 9207).
    pub iss_required: bool,
    state: String,
    pkce: Pkce,
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .field("scope", &self.scope)
            .field("resource", &self.resource)
            .field("iss_required", &self.iss_required)
            .finish_non_exhaustive()
    }
}

/// The code from a checked callback. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationCode(String);

impl AuthorizationCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationCode([redacted])")
    }
}

/// Starts a flow at `server`: refuses one without S256, then builds the
/// authorization URL. `verifier_random` (32–96 bytes) makes the PKCE
/// verifier, `state_random` (16–64 bytes) the `state`.
pub fn begin(
    server: &AuthServer,
    params: &AuthorizationParams<'_>,
    verifier_random: &[u8],
    state_random: &[u8],
) -> Result<AuthorizationStart, AuthError> {
    require_s256(server)?;
    let endpoint = server
        .authorization_endpoint
        .as_deref()
        .ok_or(AuthError::MissingEndpoint { field: "authorization_endpoint" })?;
    if params.client_id.is_empty() {
        return Err(AuthError::InvalidConfig { field: "client_id", reason: "empty" });
    }
    url::endpoint("redirect_uri", params.redirect_uri)?;
    if !(16..=64).contains(&state_random.len()) {
        return Err(AuthError::InvalidRandom { what: "the state", len: state_random.len(), min: 16, max: 64 });
    }
    let pkce = Pkce::from_random(verifier_random)?;
    let state = base64::url_no_pad(state_random);
    let scope = params.scope.map(str::trim).filter(|s| !s.is_empty());
    let mut query = vec![
        ("response_type", "code"),
        ("client_id", params.client_id),
        ("redirect_uri", params.redirect_uri),
        ("code_challenge", pkce.challenge()),
        ("code_challenge_method", S256),
        ("state", &state),
    ];
    if let Some(scope) = scope {
        query.push(("scope", scope));
    }
    if let Some(resource) = params.resource {
        query.push(("resource", resource));
    }
    let url = url::with_query(endpoint, &form::encode(&query));
    let pending = PendingAuthorization {
        issuer: server.issuer.clone(),
        client_id: params.client_id.to_owned(),
        redirect_uri: params.redirect_uri.to_owned(),
        scope: scope.map(str::to_owned),
        resource: params.resource.map(str::to_owned),
        iss_required: server.authorization_response_iss_parameter_supported,
        state,
        pkce,
    };
    Ok(AuthorizationStart { url, pending })
}

impl PendingAuthorization {
    /// The `code_verifier` to redeem the code with.
    pub fn code_verifier(&self) -> &str {
        self.pkce.verifier()
    }

    /// The `state` sent, which a driver may use to find this flow again when
    /// a callback arrives (several can be pending, one per server).
    pub fn state(&self) -> &str {
        &self.state
    }

    /// Checks the URL the authorization server redirected to and takes the
    /// code from it. In order: the URL is the redirect URI; `iss` is this
    /// issuer's (RFC 9207 §2.4 wants that settled before anything else in
    /// the answer is believed, error included); `state` is this flow's;
    /// then the error or the code.
    pub fn finish(&self, callback_url: &str) -> Result<AuthorizationCode, AuthError> {
        // The query holds the code: an error quotes the URL without it.
        let (origin, path) = url::origin_and_path("callback_url", callback_url).map_err(|_| AuthError::InvalidUrl {
            field: "callback_url",
            url: callback_url[..callback_url.find(['?', '#']).unwrap_or(callback_url.len())].to_owned(),
        })?;
        let (want_origin, want_path) = url::origin_and_path("redirect_uri", &self.redirect_uri)?;
        if origin != want_origin || path != want_path {
            return Err(AuthError::UnexpectedRedirect {
                expected: self.redirect_uri.clone(),
                got: format!("{origin}{path}"),
            });
        }
        let query = callback_url.split_once('?').map_or("", |(_, q)| q);
        let query = &query[..query.find('#').unwrap_or(query.len())];
        let pairs =
            form::decode(query).ok_or(AuthError::MalformedCallback { reason: "a query that cannot be decoded" })?;
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in &pairs {
            if seen.contains(&k.as_str()) {
                // RFC 6749 §3.1: no parameter twice; two `code`s or `state`s is an injection attempt.
                return Err(AuthError::MalformedCallback { reason: "a parameter given twice" });
            }
            seen.push(k);
        }
        let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        match get("iss") {
            Some(iss) if iss != self.issuer => {
                return Err(AuthError::IssMismatch { expected: self.issuer.clone(), got: server_text(iss, &[]) })
            }
            None if self.iss_required => return Err(AuthError::IssMissing { expected: self.issuer.clone() }),
            _ => {}
        }
        if get("state") != Some(self.state.as_str()) {
            return Err(AuthError::StateMismatch);
        }
        if let Some(error) = get("error") {
            let secrets = [self.state.as_str()];
            return Err(AuthError::AuthorizationDenied {
                error: server_text(error, &secrets),
                description: get("error_description").map(|d| server_text(d, &secrets)),
            });
        }
        match get("code") {
            Some(code) if !code.is_empty() => Ok(AuthorizationCode(code.to_owned())),
            _ => Err(AuthError::MissingCode),
        }
    }
}
