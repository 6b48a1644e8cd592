//! How a connector authenticates: the methods it supports, the credentials
//! configured for it and their health, and OAuth 2.0 server metadata.
//!
//! Secrets (client secrets, secret header values) are write-only on the
//! server; their types hide them from `Debug` so that logging a request
//! never leaks one.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::connector::ConsumerType;
use crate::models::common::{is_none, string_enum};

string_enum! {
    /// `OutboundAuthenticationType`: how Mistral authenticates to the MCP server.
    pub enum OutboundAuthenticationType {
        OAuth2 = "oauth2",
        Bearer = "bearer",
        None = "none",
        GithubApp = "github_app",
        SlackApp = "slack_app",
    }
}

string_enum! {
    /// `InboundAuthenticationType`: how the connector's callers authenticate.
    pub enum InboundAuthenticationType {
        Webhook = "webhook",
    }
}

string_enum! {
    /// `AuthDirection`.
    pub enum AuthDirection {
        Inbound = "inbound",
        Outbound = "outbound",
    }
}

/// `AuthData`: OAuth client credentials given when creating a connector.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AuthData {
    pub client_id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub client_secret: Option<String>,
}

impl fmt::Debug for AuthData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthData")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// `Oauth2MetadataSecrets`: OAuth client credentials of an authentication
/// method (from dynamic client registration, or given at creation).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Oauth2MetadataSecrets {
    #[serde(default, skip_serializing_if = "is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub client_secret: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub client_id_issued_at: Option<i64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub client_secret_expires_at: Option<i64>,
}

impl fmt::Debug for Oauth2MetadataSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Oauth2MetadataSecrets")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<redacted>"))
            .field("client_id_issued_at", &self.client_id_issued_at)
            .field("client_secret_expires_at", &self.client_secret_expires_at)
            .finish()
    }
}

/// `GlobalHeaderValue`: a header sent with every credential of a connector.
/// The server redacts secret values in its answers; `Debug` redacts them here.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct GlobalHeaderValue {
    /// Defaults to `true` on the server.
    #[serde(default, skip_serializing_if = "is_none")]
    pub is_secret: Option<bool>,
    pub value: String,
}

impl GlobalHeaderValue {
    /// A header value stored encrypted and never returned in clear.
    pub fn secret(value: impl Into<String>) -> Self {
        Self { is_secret: Some(true), value: value.into() }
    }

    /// A header value that may be shown back.
    pub fn public(value: impl Into<String>) -> Self {
        Self { is_secret: Some(false), value: value.into() }
    }
}

impl fmt::Debug for GlobalHeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.is_secret == Some(false) { self.value.as_str() } else { "<redacted>" };
        f.debug_struct("GlobalHeaderValue").field("is_secret", &self.is_secret).field("value", &shown).finish()
    }
}

/// `global_headers`: connector-wide headers keyed by header name.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type GlobalHeaders = BTreeMap<String, GlobalHeaderValue>;

/// `ConnectorAuthenticationHeader`: a header a credential must provide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectorAuthenticationHeader {
    pub name: String,
    /// Defaults to `true`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub is_required: Option<bool>,
    /// Defaults to `true`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub is_secret: Option<bool>,
}

/// `PublicAuthenticationMethod`: an authentication method a connector
/// supports, without its secrets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PublicAuthenticationMethod {
    pub method_type: OutboundAuthenticationType,
    #[serde(default, skip_serializing_if = "is_none")]
    pub headers: Option<Vec<ConnectorAuthenticationHeader>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub global_headers: Option<GlobalHeaders>,
    pub has_default_credentials: bool,
    #[serde(default, skip_serializing_if = "is_none")]
    pub oauth2_server_metadata: Option<ExtendedOAuthServerMetadata>,
}

/// `AuthenticationMethodCreateOrUpdateRequest`: an authentication method to
/// add to a connector or change (in `UpdateConnectorRequest.auth_methods`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AuthenticationMethodCreateOrUpdateRequest {
    /// An [`OutboundAuthenticationType`] or an [`InboundAuthenticationType`];
    /// the two sets share no value, so one open string enum of each would
    /// only make the caller pick twice.
    pub method_type: AuthMethodType,
    /// Defaults to `outbound`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub auth_direction: Option<AuthDirection>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub headers: Option<Vec<ConnectorAuthenticationHeader>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub global_headers: Option<GlobalHeaders>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub oauth2_metadata_secrets: Option<Oauth2MetadataSecrets>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub oauth2_server_metadata: Option<ExtendedOAuthServerMetadata>,
}

impl AuthenticationMethodCreateOrUpdateRequest {
    pub fn new(method_type: impl Into<AuthMethodType>) -> Self {
        Self {
            method_type: method_type.into(),
            auth_direction: None,
            headers: None,
            global_headers: None,
            oauth2_metadata_secrets: None,
            oauth2_server_metadata: None,
        }
    }
}

string_enum! {
    /// `method_type` of [`AuthenticationMethodCreateOrUpdateRequest`]: the
    /// union of `OutboundAuthenticationType` and `InboundAuthenticationType`.
    pub enum AuthMethodType {
        OAuth2 = "oauth2",
        Bearer = "bearer",
        None = "none",
        GithubApp = "github_app",
        SlackApp = "slack_app",
        Webhook = "webhook",
    }
}

impl From<OutboundAuthenticationType> for AuthMethodType {
    fn from(t: OutboundAuthenticationType) -> Self {
        Self::from(t.as_str())
    }
}

impl From<InboundAuthenticationType> for AuthMethodType {
    fn from(t: InboundAuthenticationType) -> Self {
        Self::from(t.as_str())
    }
}

/// `AuthenticationConfiguration`: one set of credentials configured for a
/// connector (`Connector.connection_credentials`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AuthenticationConfiguration {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    pub authentication_type: OutboundAuthenticationType,
    pub scope: ConsumerType,
    #[serde(default, skip_serializing_if = "is_none")]
    pub status: Option<CredentialsStatus>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub is_default: Option<bool>,
}

/// `CredentialsStatus`: the result of the server's last check of a credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CredentialsStatus {
    pub status_type: AuthStatus,
    #[serde(default, skip_serializing_if = "is_none")]
    pub last_checked_at: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub error_http_code: Option<HTTPStatus>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub error_message: Option<CredentialsStatusErrorReason>,
}

string_enum! {
    /// `AuthStatus`.
    pub enum AuthStatus {
        Valid = "valid",
        Invalid = "invalid",
        Error = "error",
    }
}

string_enum! {
    /// `CredentialsStatusErrorReason`: why a credential check failed.
    pub enum CredentialsStatusErrorReason {
        OAuthExpired = "oauth expired",
        OAuthNearExpiry = "oauth near expiry",
        EmptyCredentials = "empty credentials",
        UnparsableCredentials = "unparsable credentials",
        YouNeedToReconnect = "you need to reconnect",
        OAuthRefreshError = "oauth refresh error",
        McpServerUnreachable = "MCP server unreachable",
        McpServerTimedOut = "MCP server timed out",
        McpServerError = "MCP server error",
        UnknownError = "unknown error",
    }
}

/// `HTTPStatus`: an HTTP status code. A number rather than an enum of the
/// spec's list, so that a code outside it still decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(transparent)]
pub struct HTTPStatus(pub u16);

/// `ExtendedOAuthServerMetadata`: RFC 8414 authorization server metadata,
/// plus Mistral's `x_*` members.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ExtendedOAuthServerMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub registration_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub scopes_supported: Option<Vec<String>>,
    /// Defaults to `["code"]`.
    #[serde(default, skip_serializing_if = "is_none")]
    pub response_types_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub response_modes_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub grant_types_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub token_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub service_documentation: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub ui_locales_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub op_policy_uri: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub op_tos_uri: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub revocation_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub revocation_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub revocation_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub introspection_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub introspection_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub introspection_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub code_challenge_methods_supported: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub client_id_metadata_document_supported: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub x_source: Option<OAuthMetadataSource>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub x_resource_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub x_scope: Option<String>,
}

impl ExtendedOAuthServerMetadata {
    pub fn new(
        issuer: impl Into<String>,
        authorization_endpoint: impl Into<String>,
        token_endpoint: impl Into<String>,
    ) -> Self {
        Self {
            issuer: issuer.into(),
            authorization_endpoint: authorization_endpoint.into(),
            token_endpoint: token_endpoint.into(),
            ..Self::default()
        }
    }
}

string_enum! {
    /// `OAuthMetadataSource`: how the OAuth server metadata was obtained.
    pub enum OAuthMetadataSource {
        Autodiscovery = "autodiscovery",
        Provided = "provided",
    }
}

/// `AuthUrlResponse`: where to send the user to authorize a connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AuthUrlResponse {
    pub auth_url: String,
    /// Seconds the URL stays valid.
    pub ttl: i64,
}
