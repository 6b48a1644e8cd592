//! An [`AuthError`] as data for a binding: a stable `reason` (the variant in
//! snake_case) and its fields by name, so that an app can branch on the
//! cause without matching message text. None of the fields is a secret
//! (the variants hold none).

use super::AuthError;

/// A field value of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Text(String),
    Number(u64),
    List(Vec<String>),
}

impl AuthError {
    /// The variant's name in snake_case, e.g. `state_mismatch`.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::MalformedChallenge { .. } => "malformed_challenge",
            Self::InvalidUrl { .. } => "invalid_url",
            Self::MetadataNotFound { .. } => "metadata_not_found",
            Self::MalformedMetadata { .. } => "malformed_metadata",
            Self::ResourceMismatch { .. } => "resource_mismatch",
            Self::IssuerMismatch { .. } => "issuer_mismatch",
            Self::MissingEndpoint { .. } => "missing_endpoint",
            Self::S256Unsupported { .. } => "s256_unsupported",
            Self::InvalidRandom { .. } => "invalid_random",
            Self::InvalidConfig { .. } => "invalid_config",
            Self::UnexpectedRedirect { .. } => "unexpected_redirect",
            Self::MalformedCallback { .. } => "malformed_callback",
            Self::StateMismatch => "state_mismatch",
            Self::IssMissing { .. } => "iss_missing",
            Self::IssMismatch { .. } => "iss_mismatch",
            Self::AuthorizationDenied { .. } => "authorization_denied",
            Self::MissingCode => "missing_code",
            Self::UnsupportedAuthMethod { .. } => "unsupported_auth_method",
            Self::TokenError { .. } => "token_error",
            Self::RefreshRejected { .. } => "refresh_rejected",
            Self::TokenStatus { .. } => "token_status",
            Self::MissingAccessToken => "missing_access_token",
            Self::MalformedTokenResponse { .. } => "malformed_token_response",
            Self::UnsupportedTokenType { .. } => "unsupported_token_type",
            Self::RegistrationUnsupported => "registration_unsupported",
            Self::RegistrationRejected { .. } => "registration_rejected",
            Self::MalformedRegistration { .. } => "malformed_registration",
            Self::AuthorizationPending { .. } => "authorization_pending",
            Self::NoPendingAuthorization => "no_pending_authorization",
            Self::RetryLimit { .. } => "retry_limit",
            Self::Storage { .. } => "storage",
        }
    }

    /// The variant's fields, camelCase as a JS object has them; absent
    /// optional ones are left out.
    pub fn details(&self) -> Vec<(&'static str, Detail)> {
        let text = |s: &str| Detail::Text(s.to_owned());
        let mut out = Vec::new();
        let opt = |out: &mut Vec<(&'static str, Detail)>, k: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                out.push((k, Detail::Text(v.clone())));
            }
        };
        match self {
            Self::MalformedChallenge { at, reason } => {
                out.push(("at", Detail::Number(*at as u64)));
                out.push(("detail", text(reason)));
            }
            Self::InvalidUrl { field, url } => {
                out.push(("field", text(field)));
                out.push(("url", text(url)));
            }
            Self::MetadataNotFound { kind, tried } => {
                out.push(("kind", text(kind)));
                out.push(("tried", Detail::List(tried.clone())));
            }
            Self::MalformedMetadata { url, field, reason } => {
                out.push(("url", text(url)));
                out.push(("field", text(field)));
                out.push(("detail", text(reason)));
            }
            Self::ResourceMismatch { expected, got }
            | Self::IssuerMismatch { expected, got }
            | Self::UnexpectedRedirect { expected, got }
            | Self::IssMismatch { expected, got } => {
                out.push(("expected", text(expected)));
                out.push(("got", text(got)));
            }
            Self::MissingEndpoint { field } => out.push(("field", text(field))),
            Self::S256Unsupported { advertised } | Self::UnsupportedAuthMethod { advertised } => {
                out.push(("advertised", Detail::List(advertised.clone())))
            }
            Self::InvalidRandom { what, len, .. } => {
                out.push(("what", text(what)));
                out.push(("length", Detail::Number(*len as u64)));
            }
            Self::InvalidConfig { field, reason } => {
                out.push(("field", text(field)));
                out.push(("detail", text(reason)));
            }
            Self::MalformedCallback { reason } => out.push(("detail", text(reason))),
            Self::IssMissing { expected } => out.push(("expected", text(expected))),
            Self::AuthorizationDenied { error, description } => {
                out.push(("error", text(error)));
                opt(&mut out, "description", description);
            }
            Self::TokenError { status, error, description } => {
                out.push(("status", Detail::Number(u64::from(*status))));
                out.push(("error", text(error)));
                opt(&mut out, "description", description);
            }
            Self::RefreshRejected { description } => opt(&mut out, "description", description),
            Self::TokenStatus { status } => out.push(("status", Detail::Number(u64::from(*status)))),
            Self::MalformedTokenResponse { field, reason } | Self::MalformedRegistration { field, reason } => {
                out.push(("field", text(field)));
                out.push(("detail", text(reason)));
            }
            Self::UnsupportedTokenType { token_type } => out.push(("tokenType", text(token_type))),
            Self::RegistrationRejected { status, error, description } => {
                out.push(("status", Detail::Number(u64::from(*status))));
                opt(&mut out, "error", error);
                opt(&mut out, "description", description);
            }
            Self::AuthorizationPending { issuer } => out.push(("issuer", text(issuer))),
            Self::RetryLimit { status, attempts, scope } => {
                out.push(("status", Detail::Number(u64::from(*status))));
                out.push(("attempts", Detail::Number(u64::from(*attempts))));
                opt(&mut out, "scope", scope);
            }
            Self::Storage { operation, message } => {
                out.push(("operation", text(operation)));
                out.push(("detail", text(message)));
            }
            Self::StateMismatch
            | Self::MissingCode
            | Self::MissingAccessToken
            | Self::RegistrationUnsupported
            | Self::NoPendingAuthorization => {}
        }
        out
    }
}
