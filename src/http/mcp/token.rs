//! Tokens for clients without a user (machine to machine): client
//! credentials with a secret (the shape of Mistral's MCP guide, `{ type:
//! "oauth2", client_id, client_secret, token_url }`) or a private key
//! (`private_key_jwt`), a JWT bearer grant with a workload token, and the
//! enterprise ID-JAG exchange. Without a configured token URL the token
//! endpoint is discovered from the MCP server. The token is fetched before
//! the first request, renewed before it expires and after a 401, and sent
//! only as the `Authorization` header of this session's requests (with a
//! DPoP proof when it is DPoP-bound).

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::sign::{random_bytes, SigningKey};
use super::time::now_ms;
use super::{DriverError, McpSession};
use crate::error::{Error, Thrown};
use crate::mcp::auth::assertion::client_assertion;
use crate::mcp::auth::client::ClientInfo;
use crate::mcp::auth::jwt::{Algorithm, PrivateKey};
use crate::mcp::auth::metadata::AuthServer;
use crate::mcp::auth::token::TokenRequest;
use crate::mcp::auth::{dpop, AuthError};

/// Renew this long before the expiry, so a request never leaves with a
/// token that dies on the way.
const EXPIRY_MARGIN_MS: u64 = 30_000;

/// A JWT the client is handed rather than signs: fixed, or asked for anew
/// each time a token is needed (workload tokens rotate).
#[derive(Clone)]
pub enum Assertion {
    Fixed(String),
    /// Called with no arguments; returns (a promise of) the JWT.
    Callback(Function),
}

/// Which grant gets the token.
#[derive(Clone)]
pub enum MachineGrant {
    /// RFC 6749 §4.4: the client's own credentials are the grant.
    ClientCredentials,
    /// RFC 7523 §2.1: a JWT from a party the server trusts (workload identity).
    JwtBearer { assertion: Assertion },
    /// SEP-990: the user's ID token, exchanged at the identity provider for an
    /// ID-JAG (RFC 8693), which then is the JWT bearer grant.
    IdJag {
        id_token: Assertion,
        idp_token_url: String,
        idp_client_id: Option<String>,
        idp_client_secret: Option<String>,
    },
}

/// A private key for `private_key_jwt`, checked to fit its algorithm.
#[derive(Clone, Debug)]
pub struct ClientKey {
    pub key: PrivateKey,
    pub algorithm: Algorithm,
    pub key_id: Option<String>,
}

/// When to ask for DPoP-bound tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DpopMode {
    /// When the authorization server advertises DPoP with ES256.
    #[default]
    Auto,
    Always,
    Never,
}

/// A machine client: who it is, how it proves it, and which grant it uses.
#[derive(Clone)]
pub struct ClientCredentials {
    pub grant: MachineGrant,
    /// May be empty for a JWT bearer grant whose assertion names the client.
    pub client_id: String,
    pub client_secret: Option<String>,
    pub private_key: Option<ClientKey>,
    /// `None`: discovered from the MCP server's metadata.
    pub token_url: Option<String>,
    pub scope: Option<String>,
    pub dpop: DpopMode,
}

impl ClientCredentials {
    /// Client credentials with a secret at a known token URL.
    pub fn with_secret(client_id: String, client_secret: String, token_url: Option<String>) -> Self {
        ClientCredentials {
            grant: MachineGrant::ClientCredentials,
            client_id,
            client_secret: Some(client_secret),
            private_key: None,
            token_url,
            scope: None,
            dpop: DpopMode::Auto,
        }
    }
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

impl McpSession {
    /// Makes sure the session holds a token that is still good, when it
    /// uses machine credentials (its requests then carry it).
    pub(super) async fn authorization(&self) -> Result<(), DriverError> {
        let Some(creds) = self.cfg().client_credentials.clone() else { return Ok(()) };
        let fresh = self.with(|s| s.token.as_ref().is_some_and(|t| !t.expires_within(now_ms(), EXPIRY_MARGIN_MS)));
        if !fresh {
            self.fetch_token(&creds).await?;
        }
        Ok(())
    }

    /// Forgets the token (the server refused it).
    pub(super) fn drop_token(&self) -> bool {
        self.cfg().client_credentials.is_some() && self.with(|s| s.token.take().is_some())
    }

    async fn fetch_token(&self, creds: &ClientCredentials) -> Result<(), DriverError> {
        let auth = |e: AuthError| DriverError::Auth(e);
        let (server, resource, found_scope) = match &creds.token_url {
            Some(url) => (AuthServer::from_token_url(url).map_err(auth)?, Some(self.cfg().url.clone()), None),
            None => {
                let found = self.discovered().await?;
                (found.auth_server, found.resource, found.scope)
            }
        };
        let scope = creds.scope.clone().or(found_scope);
        let (scope, resource) = (scope.as_deref(), resource.as_deref());
        let client = self.machine_client(creds, &server).await?;
        let mut request = match &creds.grant {
            MachineGrant::ClientCredentials => TokenRequest::client_credentials(&server, &client, scope, resource),
            MachineGrant::JwtBearer { assertion } => {
                let jwt = self.assertion(assertion, "assertion").await?;
                TokenRequest::jwt_bearer(&server, &client, &jwt, scope, resource)
            }
            MachineGrant::IdJag { id_token, idp_token_url, idp_client_id, idp_client_secret } => {
                let id_token = self.assertion(id_token, "id_token").await?;
                let idp = AuthServer::from_token_url(idp_token_url).map_err(auth)?;
                let idp_client = match (idp_client_id, idp_client_secret) {
                    (Some(id), Some(secret)) => ClientInfo::confidential(id, secret),
                    (Some(id), None) => ClientInfo::public(id),
                    (None, _) => ClientInfo::public(""),
                };
                let target = resource.unwrap_or(&self.cfg().url);
                let exchange =
                    TokenRequest::id_jag_exchange(&idp, &idp_client, &id_token, &server.issuer, target, scope)
                        .map_err(auth)?;
                let (status, _, body) = super::connect::send_whole(self, &exchange.http(), false).await?;
                let jag = exchange.parse_id_jag(status, &body, now_ms()).map_err(auth)?;
                TokenRequest::jwt_bearer(&server, &client, &jag, scope, resource)
            }
        }
        .map_err(auth)?;
        let dpop = match creds.dpop {
            DpopMode::Always => true,
            DpopMode::Never => false,
            DpopMode::Auto => dpop::server_supports(&server),
        };
        let token = self.send_token_request(&mut request, dpop).await?;
        self.with(|s| s.token = Some(token));
        Ok(())
    }

    /// The client as the token endpoint sees it: a fresh signed assertion
    /// with a private key, else the secret, else the id alone.
    async fn machine_client(&self, creds: &ClientCredentials, server: &AuthServer) -> Result<ClientInfo, DriverError> {
        let Some(key) = &creds.private_key else {
            return Ok(match &creds.client_secret {
                Some(secret) => ClientInfo::confidential(&creds.client_id, secret),
                None => ClientInfo::public(&creds.client_id),
            });
        };
        let signer = match self.with(|s| s.client_key.clone()) {
            Some(signer) => signer,
            None => {
                let signer =
                    SigningKey::import(&key.key, key.algorithm, "client assertion").await.map_err(DriverError::Auth)?;
                self.with(|s| s.client_key = Some(signer.clone()));
                signer
            }
        };
        let random = random_bytes(16).map_err(DriverError::Auth)?;
        let jwt =
            client_assertion(server, &creds.client_id, key.algorithm, key.key_id.as_deref(), now_ms() / 1000, &random)
                .map_err(DriverError::Auth)?;
        let signed = signer.sign(&jwt, "client assertion").await.map_err(DriverError::Auth)?;
        Ok(ClientInfo::with_assertion(&creds.client_id, signed))
    }

    /// The JWT of `assertion`; a callback's throw reaches the caller as is.
    async fn assertion(&self, assertion: &Assertion, field: &'static str) -> Result<String, DriverError> {
        let function = match assertion {
            Assertion::Fixed(jwt) => return Ok(jwt.clone()),
            Assertion::Callback(function) => function,
        };
        let thrown = |e: JsValue| DriverError::Http(Error::Thrown(Thrown(e)));
        let value = function.call0(&JsValue::UNDEFINED).map_err(thrown)?;
        let value = JsFuture::from(Promise::resolve(&value)).await.map_err(thrown)?;
        match value.as_string() {
            Some(jwt) if !jwt.trim().is_empty() => Ok(jwt),
            _ => Err(DriverError::Auth(AuthError::InvalidConfig {
                field,
                reason: "the function must return (a promise of) a non-empty string",
            })),
        }
    }
}
