//! Dynamic client registration (RFC 7591): the fallback when the client has
//! no id at this server and cannot use a Client ID Metadata Document.

use serde::Serialize;
use serde_json::Value;

use super::client::{ClientInfo, TokenEndpointAuth};
use super::metadata::AuthServer;
use super::{error::server_text, AuthError};
use crate::api::{HttpRequest, Method, ResponseKind};

/// The metadata registered (RFC 7591 §2); absent options are not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientMetadata {
    pub redirect_uris: Vec<String>,
    pub token_endpoint_auth_method: TokenEndpointAuth,
    pub grant_types: Vec<String>,
    pub response_types: Vec<String>,
    /// `web` or `native` (OpenID Connect Registration §2, which the MCP
    /// spec asks clients to send).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_version: Option<String>,
}

impl ClientMetadata {
    /// A public client using the authorization code flow with refresh
    /// tokens, as a browser or Node app is: it cannot keep a secret.
    pub fn public(client_name: &str, redirect_uri: &str) -> Self {
        ClientMetadata {
            redirect_uris: vec![redirect_uri.to_owned()],
            token_endpoint_auth_method: TokenEndpointAuth::None,
            grant_types: vec!["authorization_code".to_owned(), "refresh_token".to_owned()],
            response_types: vec!["code".to_owned()],
            application_type: Some(application_type(redirect_uri).to_owned()),
            client_name: Some(client_name.to_owned()),
            client_uri: None,
            scope: None,
            software_id: None,
            software_version: None,
        }
    }

    /// The client to register at `server`: public when it takes that
    /// (`none` advertised, or nothing advertised), else confidential with
    /// the first secret method it lists that this client can use, since a
    /// server that only takes Basic would refuse a public client's token
    /// request.
    pub fn for_server(server: &AuthServer, client_name: &str, redirect_uri: &str) -> Self {
        let mut metadata = Self::public(client_name, redirect_uri);
        if let Some(advertised) = &server.token_endpoint_auth_methods_supported {
            let usable = |m: TokenEndpointAuth| advertised.iter().any(|a| a == m.as_str());
            if !usable(TokenEndpointAuth::None) {
                if let Some(m) = [TokenEndpointAuth::ClientSecretBasic, TokenEndpointAuth::ClientSecretPost]
                    .into_iter()
                    .find(|m| usable(*m))
                {
                    metadata.token_endpoint_auth_method = m;
                }
            }
        }
        metadata
    }
}

/// `native` for a redirect to the device itself (loopback or a private
/// scheme), `web` for one to a web site.
pub fn application_type(redirect_uri: &str) -> &'static str {
    let Ok((origin, _)) = super::url::origin_and_path("redirect_uri", redirect_uri) else {
        return "native";
    };
    let host = origin.split_once("://").map_or("", |(_, h)| h);
    let host =
        host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
    if matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        "native"
    } else {
        "web"
    }
}

/// The registration POST to `server`'s `registration_endpoint`.
pub fn registration_request(server: &AuthServer, metadata: &ClientMetadata) -> Result<HttpRequest, AuthError> {
    let url = server.registration_endpoint.clone().ok_or(AuthError::RegistrationUnsupported)?;
    if metadata.redirect_uris.is_empty() && metadata.grant_types.iter().any(|g| g == "authorization_code") {
        return Err(AuthError::InvalidConfig { field: "redirect_uris", reason: "empty, and the code flow needs one" });
    }
    let body = serde_json::to_string(metadata)
        .map_err(|_| AuthError::InvalidConfig { field: "client_metadata", reason: "cannot be serialized" })?;
    Ok(HttpRequest {
        method: Method::Post,
        url,
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: Some(body),
        response: ResponseKind::Json,
    })
}

/// Reads the registration answer (RFC 7591 §3.2). Members the server left
/// out keep the values asked for in `requested`.
pub fn parse_registration(status: u16, body: &[u8], requested: &ClientMetadata) -> Result<ClientInfo, AuthError> {
    let json = serde_json::from_slice::<Value>(body).ok();
    let obj = json.as_ref().and_then(Value::as_object);
    if !(200..300).contains(&status) {
        let text = |k: &str| obj.and_then(|o| o.get(k)).and_then(Value::as_str).map(|s| server_text(s, &[]));
        return Err(AuthError::RegistrationRejected {
            status,
            error: text("error"),
            description: text("error_description"),
        });
    }
    let obj = obj.ok_or(AuthError::MalformedRegistration { field: "(body)", reason: "not a JSON object" })?;
    let client_id = match obj.get("client_id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        None | Some(Value::Null) => {
            return Err(AuthError::MalformedRegistration { field: "client_id", reason: "missing" })
        }
        Some(_) => {
            return Err(AuthError::MalformedRegistration { field: "client_id", reason: "not a non-empty string" })
        }
    };
    let client_secret = match obj.get("client_secret") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(AuthError::MalformedRegistration { field: "client_secret", reason: "not a string" }),
    };
    let client_secret_expires_at = match obj.get("client_secret_expires_at") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or(AuthError::MalformedRegistration {
            field: "client_secret_expires_at",
            reason: "not a non-negative integer",
        })?),
    };
    let auth_method = match obj.get("token_endpoint_auth_method") {
        None | Some(Value::Null) => requested.token_endpoint_auth_method,
        Some(Value::String(s)) => TokenEndpointAuth::from_name(s).ok_or(AuthError::MalformedRegistration {
            field: "token_endpoint_auth_method",
            reason: "a method this client does not support",
        })?,
        Some(_) => {
            return Err(AuthError::MalformedRegistration {
                field: "token_endpoint_auth_method",
                reason: "not a string",
            })
        }
    };
    if auth_method != TokenEndpointAuth::None && client_secret.is_none() {
        return Err(AuthError::MalformedRegistration {
            field: "client_secret",
            reason: "missing, though the registered method needs one",
        });
    }
    Ok(ClientInfo { client_id, client_secret, auth_method: Some(auth_method), client_secret_expires_at })
}
