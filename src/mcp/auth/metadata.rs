//! The two metadata documents a client reads before it can authorize:
//! protected resource metadata (RFC 9728) from the MCP server, and
//! authorization server metadata (RFC 8414, or OpenID Connect Discovery,
//! which carries the same members). Only the members the flow acts on are
//! kept; unknown members are ignored since both documents are extensible.
//! A member the flow needs that has the wrong type is an error naming it,
//! rather than being treated as absent, so a broken server is reported as
//! such instead of as a missing feature.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{url, AuthError};

/// What the MCP server says about itself (RFC 9728 §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectedResource {
    /// The resource identifier, sent as `resource` (RFC 8707).
    pub resource: String,
    /// Issuers of the authorization servers that accept this resource.
    pub authorization_servers: Vec<String>,
    pub scopes_supported: Option<Vec<String>>,
    pub bearer_methods_supported: Option<Vec<String>>,
}

impl ProtectedResource {
    /// The document fetched from `url`.
    pub fn parse(url: &str, body: &[u8]) -> Result<Self, AuthError> {
        let doc = Doc::new(url, body)?;
        let resource = doc.string("resource")?.ok_or(doc.missing("resource"))?;
        url::origin_and_path("resource", &resource).map_err(|_| doc.bad("resource", "not an http(s) URL"))?;
        let authorization_servers = doc.strings("authorization_servers")?.unwrap_or_default();
        if authorization_servers.is_empty() {
            // MCP requires at least one; without it there is nowhere to go.
            return Err(doc.bad("authorization_servers", "missing or empty"));
        }
        for issuer in &authorization_servers {
            url::endpoint("authorization_servers", issuer)
                .map_err(|_| doc.bad("authorization_servers", "holds a value that is not an http(s) URL"))?;
            if issuer.contains('?') {
                return Err(doc.bad("authorization_servers", "holds an issuer with a query (RFC 8414 §2)"));
            }
        }
        Ok(ProtectedResource {
            resource,
            authorization_servers,
            scopes_supported: doc.strings("scopes_supported")?,
            bearer_methods_supported: doc.strings("bearer_methods_supported")?,
        })
    }
}

/// Where an [`AuthServer`] description came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetadataSource {
    /// A metadata document at this URL.
    Document { url: String },
    /// No document: the default endpoints of the 2025-03-26 spec.
    Defaults,
    /// No document: a token endpoint given in the configuration.
    Configured,
}

/// What the client knows of an authorization server (RFC 8414 §2, with the
/// members of OAuth Client ID Metadata Documents and RFC 9207).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthServer {
    pub issuer: String,
    /// Absent on servers that only issue tokens machine to machine.
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: String,
    pub registration_endpoint: Option<String>,
    pub scopes_supported: Option<Vec<String>>,
    pub response_types_supported: Option<Vec<String>>,
    pub grant_types_supported: Option<Vec<String>>,
    /// Empty when the member is absent: then PKCE support is unknown.
    pub code_challenge_methods_supported: Vec<String>,
    /// `None` when absent, which RFC 8414 defines as `client_secret_basic`.
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    pub client_id_metadata_document_supported: bool,
    pub authorization_response_iss_parameter_supported: bool,
    /// JWS algorithms accepted for `private_key_jwt` assertions; `None`
    /// when not advertised.
    #[serde(default)]
    pub token_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    /// JWS algorithms accepted in DPoP proofs (RFC 9449 §5.1); its presence
    /// is how a server says it issues DPoP-bound tokens.
    #[serde(default)]
    pub dpop_signing_alg_values_supported: Option<Vec<String>>,
    pub source: MetadataSource,
}

impl AuthServer {
    /// The document fetched from `url`. The `issuer` check is the caller's
    /// (it knows which issuer the URL was built for).
    pub fn parse(url: &str, body: &[u8]) -> Result<Self, AuthError> {
        let doc = Doc::new(url, body)?;
        let issuer = doc.string("issuer")?.ok_or(doc.missing("issuer"))?;
        url::endpoint("issuer", &issuer).map_err(|_| doc.bad("issuer", "not an http(s) URL without fragment"))?;
        let token_endpoint = doc.endpoint("token_endpoint")?.ok_or(doc.missing("token_endpoint"))?;
        Ok(AuthServer {
            issuer,
            authorization_endpoint: doc.endpoint("authorization_endpoint")?,
            token_endpoint,
            registration_endpoint: doc.endpoint("registration_endpoint")?,
            scopes_supported: doc.strings("scopes_supported")?,
            response_types_supported: doc.strings("response_types_supported")?,
            grant_types_supported: doc.strings("grant_types_supported")?,
            code_challenge_methods_supported: doc.strings("code_challenge_methods_supported")?.unwrap_or_default(),
            token_endpoint_auth_methods_supported: doc.strings("token_endpoint_auth_methods_supported")?,
            client_id_metadata_document_supported: doc.flag("client_id_metadata_document_supported")?,
            authorization_response_iss_parameter_supported: doc
                .flag("authorization_response_iss_parameter_supported")?,
            token_endpoint_auth_signing_alg_values_supported: doc
                .strings("token_endpoint_auth_signing_alg_values_supported")?,
            dpop_signing_alg_values_supported: doc.strings("dpop_signing_alg_values_supported")?,
            source: MetadataSource::Document { url: url.to_owned() },
        })
    }

    /// The 2025-03-26 defaults for a server without metadata: the endpoints
    /// at fixed paths of `origin`. That revision made PKCE mandatory for
    /// every server, so S256 is assumed rather than refused.
    pub fn defaults(origin: &str) -> Result<Self, AuthError> {
        let (origin, _) = url::origin_and_path("server_url", origin)?;
        Ok(AuthServer {
            issuer: origin.clone(),
            authorization_endpoint: Some(format!("{origin}/authorize")),
            token_endpoint: format!("{origin}/token"),
            registration_endpoint: Some(format!("{origin}/register")),
            scopes_supported: None,
            response_types_supported: None,
            grant_types_supported: None,
            code_challenge_methods_supported: vec!["S256".to_owned()],
            token_endpoint_auth_methods_supported: None,
            client_id_metadata_document_supported: false,
            authorization_response_iss_parameter_supported: false,
            token_endpoint_auth_signing_alg_values_supported: None,
            dpop_signing_alg_values_supported: None,
            source: MetadataSource::Defaults,
        })
    }

    /// A server known only by its token endpoint, as in the client
    /// credentials configuration `{ client_id, client_secret, token_url }`;
    /// nothing is advertised, so client authentication defaults to Basic.
    pub fn from_token_url(token_url: &str) -> Result<Self, AuthError> {
        let token_endpoint = url::endpoint("token_url", token_url)?;
        let (origin, _) = url::origin_and_path("token_url", token_url)?;
        Ok(AuthServer {
            issuer: origin,
            authorization_endpoint: None,
            token_endpoint,
            registration_endpoint: None,
            scopes_supported: None,
            response_types_supported: None,
            grant_types_supported: None,
            code_challenge_methods_supported: Vec::new(),
            token_endpoint_auth_methods_supported: None,
            client_id_metadata_document_supported: false,
            authorization_response_iss_parameter_supported: false,
            token_endpoint_auth_signing_alg_values_supported: None,
            dpop_signing_alg_values_supported: None,
            source: MetadataSource::Configured,
        })
    }

    /// Whether PKCE with S256 is advertised.
    pub fn supports_s256(&self) -> bool {
        self.code_challenge_methods_supported.iter().any(|m| m == "S256")
    }
}

/// A metadata document being read, to name the URL and field in errors.
struct Doc<'a> {
    url: &'a str,
    obj: Map<String, Value>,
}

impl<'a> Doc<'a> {
    fn new(url: &'a str, body: &[u8]) -> Result<Self, AuthError> {
        match serde_json::from_slice(body) {
            Ok(Value::Object(obj)) => Ok(Doc { url, obj }),
            Ok(_) => Err(AuthError::MalformedMetadata {
                url: url.to_owned(),
                field: "(document)",
                reason: "not a JSON object",
            }),
            Err(_) => {
                Err(AuthError::MalformedMetadata { url: url.to_owned(), field: "(document)", reason: "not JSON" })
            }
        }
    }

    fn bad(&self, field: &'static str, reason: &'static str) -> AuthError {
        AuthError::MalformedMetadata { url: self.url.to_owned(), field, reason }
    }

    fn missing(&self, field: &'static str) -> AuthError {
        self.bad(field, "missing")
    }

    fn string(&self, field: &'static str) -> Result<Option<String>, AuthError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.bad(field, "not a string")),
        }
    }

    fn endpoint(&self, field: &'static str) -> Result<Option<String>, AuthError> {
        match self.string(field)? {
            None => Ok(None),
            Some(s) => {
                url::endpoint(field, &s).map(Some).map_err(|_| self.bad(field, "not an http(s) URL without fragment"))
            }
        }
    }

    fn strings(&self, field: &'static str) -> Result<Option<Vec<String>>, AuthError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned).ok_or(self.bad(field, "holds a value that is not a string")))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(self.bad(field, "not an array of strings")),
        }
    }

    fn flag(&self, field: &'static str) -> Result<bool, AuthError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.bad(field, "not a boolean")),
        }
    }
}
