//! Who the client is to an authorization server, and how it proves it at the
//! token endpoint. The MCP spec orders the ways to get a client id:
//! pre-registered, then a Client ID Metadata Document (an HTTPS URL used as
//! the id) where the server supports them, then dynamic registration.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::metadata::AuthServer;
use super::{url, AuthError};

/// Client authentication at the token endpoint (RFC 7591 §2 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenEndpointAuth {
    /// A public client: `client_id` in the body, no secret.
    None,
    /// HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1).
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the body.
    ClientSecretPost,
    /// A JWT signed with the client's private key (RFC 7523 §2.2) in the body.
    PrivateKeyJwt,
}

impl TokenEndpointAuth {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ClientSecretBasic => "client_secret_basic",
            Self::ClientSecretPost => "client_secret_post",
            Self::PrivateKeyJwt => "private_key_jwt",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "none" => Some(Self::None),
            "client_secret_basic" => Some(Self::ClientSecretBasic),
            "client_secret_post" => Some(Self::ClientSecretPost),
            "private_key_jwt" => Some(Self::PrivateKeyJwt),
            _ => None,
        }
    }
}

/// A client id (and secret) at one authorization server. `Debug` hides the
/// secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInfo {
    pub client_id: String,
    pub client_secret: Option<String>,
    /// The method fixed at registration, if any; else chosen from what the
    /// server advertises.
    pub auth_method: Option<TokenEndpointAuth>,
    /// Seconds since the epoch when the secret expires; `None` or 0: never.
    pub client_secret_expires_at: Option<u64>,
    /// A signed `private_key_jwt` assertion for one token request. Never
    /// stored: it is made afresh for each request (see [`super::assertion`]).
    #[serde(skip)]
    pub client_assertion: Option<String>,
}

impl ClientInfo {
    /// A client known by id alone (public, or a metadata document URL).
    pub fn public(client_id: &str) -> Self {
        ClientInfo {
            client_id: client_id.to_owned(),
            client_secret: None,
            auth_method: None,
            client_secret_expires_at: None,
            client_assertion: None,
        }
    }

    /// A confidential client with a secret.
    pub fn confidential(client_id: &str, client_secret: &str) -> Self {
        ClientInfo { client_secret: Some(client_secret.to_owned()), ..Self::public(client_id) }
    }

    /// A client that authenticates with a signed assertion (`private_key_jwt`).
    pub fn with_assertion(client_id: &str, assertion: String) -> Self {
        ClientInfo {
            auth_method: Some(TokenEndpointAuth::PrivateKeyJwt),
            client_assertion: Some(assertion),
            ..Self::public(client_id)
        }
    }
}

impl fmt::Debug for ClientInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientInfo")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "[redacted]"))
            .field("auth_method", &self.auth_method)
            .field("client_secret_expires_at", &self.client_secret_expires_at)
            .field("client_assertion", &self.client_assertion.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// How to obtain a client id at a given server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientChoice {
    /// Use this client (pre-registered, or a metadata document URL as id).
    Use(ClientInfo),
    /// Register dynamically (RFC 7591) at the server's `registration_endpoint`.
    Register,
}

/// Picks the client identity in the MCP spec's order. `metadata_document`
/// is the HTTPS URL of this client's metadata document, if it has one.
pub fn choose_client(
    server: &AuthServer,
    preregistered: Option<&ClientInfo>,
    metadata_document: Option<&str>,
) -> Result<ClientChoice, AuthError> {
    if let Some(client) = preregistered {
        if client.client_id.is_empty() {
            return Err(AuthError::InvalidConfig { field: "client_id", reason: "empty" });
        }
        return Ok(ClientChoice::Use(client.clone()));
    }
    if let (Some(doc), true) = (metadata_document, server.client_id_metadata_document_supported) {
        // The id must be an https URL with a path (the draft's rule), since
        // the server fetches it to learn who the client is.
        let (origin, path) = url::origin_and_path("client_id", doc)?;
        if !origin.starts_with("https://") || path.is_empty() {
            return Err(AuthError::InvalidConfig {
                field: "client_id",
                reason: "a metadata document URL must be https with a path",
            });
        }
        return Ok(ClientChoice::Use(ClientInfo::public(doc)));
    }
    if server.registration_endpoint.is_some() {
        return Ok(ClientChoice::Register);
    }
    Err(AuthError::RegistrationUnsupported)
}

/// The token endpoint authentication for `client` at `server`: the
/// registered one, `none` without a secret, else Basic or post as the server
/// advertises (Basic when it says nothing, RFC 8414's default).
pub fn choose_auth(server: &AuthServer, client: &ClientInfo) -> Result<TokenEndpointAuth, AuthError> {
    if client.client_assertion.is_some() || client.auth_method == Some(TokenEndpointAuth::PrivateKeyJwt) {
        if client.client_assertion.is_none() {
            return Err(AuthError::InvalidConfig { field: "private_key", reason: "required for private_key_jwt" });
        }
        // A server that lists its methods and not this one would refuse it.
        if let Some(advertised) = &server.token_endpoint_auth_methods_supported {
            if !advertised.iter().any(|m| m == TokenEndpointAuth::PrivateKeyJwt.as_str()) {
                return Err(AuthError::UnsupportedAuthMethod { advertised: advertised.clone() });
            }
        }
        return Ok(TokenEndpointAuth::PrivateKeyJwt);
    }
    if let Some(method) = client.auth_method {
        if method != TokenEndpointAuth::None && client.client_secret.is_none() {
            return Err(AuthError::InvalidConfig {
                field: "client_secret",
                reason: "missing, and the client was registered with one",
            });
        }
        return Ok(method);
    }
    if client.client_secret.is_none() {
        return Ok(TokenEndpointAuth::None);
    }
    let Some(advertised) = &server.token_endpoint_auth_methods_supported else {
        return Ok(TokenEndpointAuth::ClientSecretBasic);
    };
    for method in [TokenEndpointAuth::ClientSecretBasic, TokenEndpointAuth::ClientSecretPost] {
        if advertised.iter().any(|m| m == method.as_str()) {
            return Ok(method);
        }
    }
    Err(AuthError::UnsupportedAuthMethod { advertised: advertised.clone() })
}
