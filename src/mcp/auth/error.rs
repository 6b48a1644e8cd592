//! What can stop an OAuth flow, by cause. Kept apart from
//! [`TransportError`](crate::mcp::transport::TransportError): a transport
//! failure may be retried, an authorization failure needs the user or a fix
//! of configuration.
//!
//! No variant holds an access token, refresh token, authorization code,
//! client secret, PKCE verifier or `state`, so neither `Display` nor `Debug`
//! can leak one into a log. Texts that come from a server
//! (`error_description`) are cut short, and the token request scrubs the
//! secrets it sent from them, since some servers echo what they received.

use std::fmt;

/// An authorization failure; the field, header or parameter at fault is named.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// A `WWW-Authenticate` header that is not a list of challenges
    /// (RFC 9110 §11.6.1); `at` is the byte offset where reading stopped.
    MalformedChallenge { at: usize, reason: &'static str },
    /// A URL that cannot be used where `field` needs one (not http(s), has a
    /// fragment, cannot be resolved).
    InvalidUrl { field: &'static str, url: String },
    /// No metadata document of this `kind` at any of the URLs tried.
    MetadataNotFound { kind: &'static str, tried: Vec<String> },
    /// A metadata document (at `url`) whose `field` is missing or wrong.
    MalformedMetadata { url: String, field: &'static str, reason: &'static str },
    /// The protected resource metadata names a `resource` that the MCP server
    /// URL is not part of (RFC 9728 §3.3 / §7.3): its authorization servers
    /// could be anyone's.
    ResourceMismatch { expected: String, got: String },
    /// The authorization server metadata's `issuer` is not the issuer it
    /// was fetched for (RFC 8414 §3.3).
    IssuerMismatch { expected: String, got: String },
    /// The authorization server does not advertise an endpoint the flow needs.
    MissingEndpoint { field: &'static str },
    /// The authorization server does not list `S256` in
    /// `code_challenge_methods_supported`; without it PKCE cannot be
    /// verified to work, so the MCP spec says not to proceed.
    S256Unsupported { advertised: Vec<String> },
    /// Random input of the wrong size was handed in.
    InvalidRandom { what: &'static str, len: usize, min: usize, max: usize },
    /// A required setting is empty or unusable.
    InvalidConfig { field: &'static str, reason: &'static str },
    /// The callback URL is not the `redirect_uri` the flow started with. Only
    /// its origin and path are kept: the query carries the code.
    UnexpectedRedirect { expected: String, got: String },
    /// The callback's query cannot be decoded.
    MalformedCallback { reason: &'static str },
    /// The callback's `state` is missing or not the one this flow sent: the
    /// answer belongs to another flow (or to an attacker).
    StateMismatch,
    /// The server promised an `iss` parameter on the callback (RFC 9207)
    /// and it is absent.
    IssMissing { expected: String },
    /// The callback's `iss` is another issuer's: a mix-up attack (RFC 9207).
    IssMismatch { expected: String, got: String },
    /// The authorization server redirected back with an `error`.
    AuthorizationDenied { error: String, description: Option<String> },
    /// A callback with neither `code` nor `error`.
    MissingCode,
    /// The client has a secret but the token endpoint advertises no method
    /// this client can use to send it.
    UnsupportedAuthMethod { advertised: Vec<String> },
    /// The token endpoint answered with an OAuth error (RFC 6749 §5.2).
    TokenError { status: u16, error: String, description: Option<String> },
    /// The refresh token was refused (`invalid_grant`): expired or revoked;
    /// the user must authorize again.
    RefreshRejected { description: Option<String> },
    /// The token endpoint answered with a non-2xx status and no OAuth error.
    TokenStatus { status: u16 },
    /// A token response without `access_token`.
    MissingAccessToken,
    /// A token response whose `field` is wrong (never quotes the value).
    MalformedTokenResponse { field: &'static str, reason: &'static str },
    /// A token type other than Bearer, which MCP cannot send.
    UnsupportedTokenType { token_type: String },
    /// The server has no `registration_endpoint` and no other way to get a
    /// client id was configured.
    RegistrationUnsupported,
    /// The registration endpoint refused (RFC 7591 §3.2.2).
    RegistrationRejected { status: u16, error: Option<String>, description: Option<String> },
    /// A registration response whose `field` is missing or wrong.
    MalformedRegistration { field: &'static str, reason: &'static str },
    /// The app's `onAuthorize` opened the authorization URL without
    /// returning the callback (a full-page redirect): the flow is saved and
    /// `finishAuth(callbackUrl)` completes it.
    AuthorizationPending { issuer: String },
    /// `finishAuth` was called with no authorization waiting for a callback.
    NoPendingAuthorization,
    /// The server kept refusing after `attempts` authorizations in a row
    /// (a 403 `insufficient_scope` that new scopes do not cure, or a fresh
    /// token refused with 401): stopped rather than loop.
    RetryLimit { status: u16, attempts: u32, scope: Option<String> },
    /// The credentials store failed (`operation` is get, set or delete).
    Storage { operation: &'static str, message: String },
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedChallenge { at, reason } => {
                write!(f, "malformed `WWW-Authenticate` header at byte {at}: {reason}")
            }
            Self::InvalidUrl { field, url } => write!(f, "invalid URL in `{field}`: `{url}`"),
            Self::MetadataNotFound { kind, tried } => {
                write!(f, "no {kind} found (tried {})", tried.join(", "))
            }
            Self::MalformedMetadata { url, field, reason } => {
                write!(f, "invalid `{field}` in the metadata at {url}: {reason}")
            }
            Self::ResourceMismatch { expected, got } => write!(
                f,
                "the protected resource metadata is for `{got}`, which does not cover the MCP server `{expected}`"
            ),
            Self::IssuerMismatch { expected, got } => write!(
                f,
                "the authorization server metadata names issuer `{got}` but was fetched for issuer `{expected}`"
            ),
            Self::MissingEndpoint { field } => write!(f, "the authorization server metadata has no `{field}`"),
            Self::S256Unsupported { advertised } => write!(
                f,
                "the authorization server does not support PKCE S256 (`code_challenge_methods_supported`: {advertised:?})"
            ),
            Self::InvalidRandom { what, len, min, max } => {
                write!(f, "{what} needs {min} to {max} random bytes, got {len}")
            }
            Self::InvalidConfig { field, reason } => write!(f, "invalid `{field}`: {reason}"),
            Self::UnexpectedRedirect { expected, got } => {
                write!(f, "the authorization callback went to `{got}`, not the redirect URI `{expected}`")
            }
            Self::MalformedCallback { reason } => write!(f, "malformed authorization callback: {reason}"),
            Self::StateMismatch => {
                f.write_str("the authorization callback's `state` does not match this flow; it was not started here")
            }
            Self::IssMissing { expected } => write!(
                f,
                "the authorization callback has no `iss`, which issuer `{expected}` promises (RFC 9207)"
            ),
            Self::IssMismatch { expected, got } => {
                write!(f, "the authorization callback comes from issuer `{got}`, not `{expected}` (RFC 9207)")
            }
            Self::AuthorizationDenied { error, description } => {
                write!(f, "authorization failed: {error}")?;
                write_description(f, description)
            }
            Self::MissingCode => f.write_str("the authorization callback has neither `code` nor `error`"),
            Self::UnsupportedAuthMethod { advertised } => write!(
                f,
                "no supported client authentication in `token_endpoint_auth_methods_supported` {advertised:?}"
            ),
            Self::TokenError { status, error, description } => {
                write!(f, "the token endpoint refused (HTTP {status}): {error}")?;
                write_description(f, description)
            }
            Self::RefreshRejected { description } => {
                f.write_str("the refresh token was rejected (invalid_grant); authorization is needed again")?;
                write_description(f, description)
            }
            Self::TokenStatus { status } => write!(f, "the token endpoint answered HTTP {status}"),
            Self::MissingAccessToken => f.write_str("the token response has no `access_token`"),
            Self::MalformedTokenResponse { field, reason } => write!(f, "invalid `{field}` in the token response: {reason}"),
            Self::UnsupportedTokenType { token_type } => {
                write!(f, "the token type `{token_type}` is not supported (only Bearer)")
            }
            Self::RegistrationUnsupported => f.write_str(
                "the authorization server has no `registration_endpoint`; configure a client id",
            ),
            Self::RegistrationRejected { status, error, description } => {
                write!(f, "client registration refused (HTTP {status})")?;
                if let Some(error) = error {
                    write!(f, ": {error}")?;
                }
                write_description(f, description)
            }
            Self::MalformedRegistration { field, reason } => {
                write!(f, "invalid `{field}` in the registration response: {reason}")
            }
            Self::AuthorizationPending { issuer } => write!(
                f,
                "authorization at `{issuer}` is pending: call finishAuth(callbackUrl) with the URL the browser came back to"
            ),
            Self::NoPendingAuthorization => {
                f.write_str("no authorization is pending for this server; finishAuth() has nothing to complete")
            }
            Self::RetryLimit { status, attempts, scope } => {
                write!(f, "the MCP server still answers HTTP {status} after {attempts} authorizations")?;
                match scope {
                    Some(scope) => write!(f, " (scope `{scope}`)"),
                    None => Ok(()),
                }
            }
            Self::Storage { operation, message } => write!(f, "the OAuth storage failed on {operation}: {message}"),
        }
    }
}

fn write_description(f: &mut fmt::Formatter<'_>, description: &Option<String>) -> fmt::Result {
    match description {
        Some(d) => write!(f, " ({d})"),
        None => Ok(()),
    }
}

impl std::error::Error for AuthError {}

/// A server-supplied text, cut to a length fit for a message, with any of
/// `secrets` replaced: servers sometimes echo the code or token they got.
pub(crate) fn server_text(text: &str, secrets: &[&str]) -> String {
    let mut text = text.trim().to_owned();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        text = text.replace(secret, "[redacted]");
    }
    let cut = text.char_indices().nth(200).map_or(text.len(), |(i, _)| i);
    text.truncate(cut);
    text
}
