//! The steps of one authorization: discovery, the client id, the browser
//! leg through the app's `onAuthorize`, the token request, and storing the
//! outcome, which happens only once everything succeeded, so a failed flow
//! leaves the store as it was.

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::storage::settle;
use super::{Grant, McpSession};
use crate::error::{Error, Thrown};
use crate::http::mcp::connect::send_whole;
use crate::http::mcp::{DpopMode, DriverError};
use crate::mcp::auth::authorize::{begin, AuthorizationParams};
use crate::mcp::auth::client::{choose_client, ClientChoice, ClientInfo};
use crate::mcp::auth::discovery::{Discovered, Discovery, Step};
use crate::mcp::auth::metadata::AuthServer;
use crate::mcp::auth::record::{encode, Credentials, PendingRecord, ServerRecord};
use crate::mcp::auth::register::{parse_registration, registration_request, ClientMetadata};
use crate::mcp::auth::scope::request_scope;
use crate::mcp::auth::token::{TokenRequest, TokenSet};
use crate::mcp::auth::www_authenticate::BearerChallenge;
use crate::mcp::auth::AuthError;

fn auth(e: AuthError) -> DriverError {
    DriverError::Auth(e)
}

impl McpSession {
    /// Runs a whole authorization after a 401 or 403 with `challenge`;
    /// `previous` is the scope asked for before (kept on a step-up).
    pub(super) async fn authorize(
        &self,
        challenge: Option<&BearerChallenge>,
        previous: Option<String>,
    ) -> Result<(), DriverError> {
        let Some(oauth) = self.oauth() else { return Ok(()) };
        let discovered = self.discover(challenge).await?;
        let server = discovered.auth_server.clone();
        let canonical = self.keys()?.server().to_owned();
        let resource = discovered.resource.clone().unwrap_or(canonical);
        let wanted = oauth.scope.clone().or(discovered.scope.clone());
        match &oauth.grant {
            Grant::ClientCredentials { client_id, client_secret } => {
                let scope = request_scope(previous.as_deref(), wanted.as_deref(), None, false);
                let client = ClientInfo::confidential(client_id, client_secret);
                let request = TokenRequest::client_credentials(&server, &client, scope.as_deref(), Some(&resource))
                    .map_err(auth)?;
                let tokens = self.token_call(&server, &request).await?;
                self.save(Credentials { auth_server: server, client, tokens, resource: Some(resource), scope }).await
            }
            Grant::Code { redirect_uri, on_authorize, .. } => {
                let offered = server.scopes_supported.as_deref();
                let scope = request_scope(previous.as_deref(), wanted.as_deref(), offered, true);
                let client = self.client_for(&server).await?;
                let params = AuthorizationParams {
                    client_id: &client.client_id,
                    redirect_uri,
                    scope: scope.as_deref(),
                    resource: Some(&resource),
                };
                let start = begin(&server, &params, &random(32)?, &random(32)?).map_err(auth)?;
                let record = PendingRecord { pending: start.pending, auth_server: server, client };
                // Saved before the app is called: a full-page redirect may
                // leave the page before `onAuthorize` returns, and the page it
                // comes back to needs the flow for `finishAuth`.
                let key = self.keys()?.pending();
                oauth.storage.set(&key, &encode(&record)).await.map_err(auth)?;
                let outcome = match call_on_authorize(on_authorize, &start.url).await {
                    Ok(Some(callback)) => self.redeem(record, &callback).await,
                    Ok(None) => return Err(auth(AuthError::AuthorizationPending { issuer: record.auth_server.issuer })),
                    Err(e) => Err(e),
                };
                if outcome.is_err() {
                    // A flow that failed here leaves the store as it was
                    // (the error that matters is the flow's, not this one's).
                    let _ = oauth.storage.delete(&key).await;
                }
                outcome
            }
        }
    }

    /// Checks the callback, redeems its code and stores the tokens.
    pub(super) async fn redeem(&self, record: PendingRecord, callback_url: &str) -> Result<(), DriverError> {
        let PendingRecord { pending, auth_server, client } = record;
        let code = pending.finish(callback_url).map_err(auth)?;
        let request = TokenRequest::authorization_code(&auth_server, &client, &pending, &code).map_err(auth)?;
        let tokens = self.token_call(&auth_server, &request).await?;
        let creds = Credentials {
            auth_server,
            client,
            tokens,
            resource: pending.resource.clone(),
            scope: pending.scope.clone(),
        };
        self.save(creds).await?;
        if let Some(oauth) = self.oauth() {
            oauth.storage.delete(&self.keys()?.pending()).await.map_err(auth)?;
        }
        Ok(())
    }

    /// A new token without the user: the refresh token, or (machine to
    /// machine) client credentials again. `false` when neither can be used,
    /// or the refresh token was refused; then the stored credentials are
    /// forgotten and a full authorization follows.
    pub(super) async fn renew(&self) -> Result<bool, DriverError> {
        let Some(oauth) = self.oauth() else { return Ok(false) };
        let Some(creds) = self.with(|s| s.oauth.credentials.clone()) else { return Ok(false) };
        let request = match (&creds.tokens.refresh_token, &oauth.grant) {
            (Some(refresh), _) => {
                TokenRequest::refresh(&creds.auth_server, &creds.client, refresh, None, creds.resource.as_deref())
            }
            (None, Grant::ClientCredentials { .. }) => TokenRequest::client_credentials(
                &creds.auth_server,
                &creds.client,
                creds.scope.as_deref(),
                creds.resource.as_deref(),
            ),
            (None, Grant::Code { .. }) => return Ok(false),
        }
        .map_err(auth)?;
        match self.token_call(&creds.auth_server, &request).await {
            Ok(tokens) => {
                let tokens = tokens.keep_refresh_token(&creds.tokens);
                self.save(Credentials { tokens, ..creds }).await?;
                Ok(true)
            }
            Err(DriverError::Auth(AuthError::RefreshRejected { .. })) => {
                self.forget(&creds.auth_server.issuer).await?;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Discovery, each metadata document fetched without the token (it goes
    /// to the MCP server only). A document that cannot be fetched at all
    /// (network, CORS) counts as absent, as the machine expects.
    async fn discover(&self, challenge: Option<&BearerChallenge>) -> Result<Discovered, DriverError> {
        let mut discovery = Discovery::new(&self.cfg().url, challenge).map_err(auth)?;
        if let Some(summary) = self.summary() {
            discovery = discovery.with_protocol_version(&summary.protocol_version);
        }
        let mut step = discovery.poll().map_err(auth)?;
        loop {
            let request = match step {
                Step::Done(found) => return Ok(*found),
                Step::Fetch(request) => request,
            };
            let (status, body) = match send_whole(self, &request, false).await {
                Ok((status, _, body)) => (status, body),
                Err(DriverError::Http(Error::Thrown(t))) => return Err(DriverError::Http(Error::Thrown(t))),
                Err(_) => (0, Vec::new()),
            };
            step = discovery.handle(status, &body).map_err(auth)?;
        }
    }

    /// The client id at `server`, in the MCP spec's order: configured, the
    /// metadata document, the one registered there before, a new
    /// registration. A registered client is kept with the credentials,
    /// i.e. only once the flow succeeds.
    async fn client_for(&self, server: &AuthServer) -> Result<ClientInfo, DriverError> {
        let Some(super::OAuthConfig {
            grant: Grant::Code { client_id, client_secret, client_metadata_url, client_name, redirect_uri, .. },
            ..
        }) = self.oauth()
        else {
            return Err(auth(AuthError::InvalidConfig { field: "auth", reason: "not the authorization code flow" }));
        };
        let preregistered = client_id.as_ref().map(|id| match client_secret {
            Some(secret) => ClientInfo::confidential(id, secret),
            None => ClientInfo::public(id),
        });
        match choose_client(server, preregistered.as_ref(), client_metadata_url.as_deref()).map_err(auth)? {
            ClientChoice::Use(client) => return Ok(client),
            ClientChoice::Register => {}
        }
        let known = self.with(|s| {
            s.oauth.credentials.as_ref().filter(|c| c.auth_server.issuer == server.issuer).map(|c| c.client.clone())
        });
        if let Some(client) = known {
            return Ok(client);
        }
        if let Some(oauth) = self.oauth() {
            let key = self.keys()?.credentials(&server.issuer);
            let stored = oauth.storage.get(&key).await.map_err(auth)?;
            if let Some(creds) =
                stored.and_then(|t| crate::mcp::auth::record::decode::<Credentials>("credentials", &t).ok())
            {
                return Ok(creds.client);
            }
        }
        let metadata = ClientMetadata::for_server(server, client_name, redirect_uri);
        let request = registration_request(server, &metadata).map_err(auth)?;
        let (status, _, body) = send_whole(self, &request, false).await?;
        parse_registration(status, &body, &metadata).map_err(auth)
    }

    /// A token request to `server`, with a DPoP proof when the session
    /// asks for DPoP-bound tokens there (see [`DpopMode`]).
    async fn token_call(&self, server: &AuthServer, request: &TokenRequest) -> Result<TokenSet, DriverError> {
        let dpop = match self.oauth().map(|o| o.dpop).unwrap_or_default() {
            DpopMode::Always => true,
            DpopMode::Never => false,
            DpopMode::Auto => crate::mcp::auth::dpop::server_supports(server),
        };
        self.send_token_request(&mut request.clone(), dpop).await
    }

    /// Stores `creds` as this server's, then uses them.
    async fn save(&self, creds: Credentials) -> Result<(), DriverError> {
        let Some(oauth) = self.oauth() else { return Ok(()) };
        let keys = self.keys()?;
        let issuer = creds.auth_server.issuer.clone();
        oauth.storage.set(&keys.credentials(&issuer), &encode(&creds)).await.map_err(auth)?;
        oauth.storage.set(&keys.server_record(), &encode(&ServerRecord { issuer })).await.map_err(auth)?;
        self.with(|s| {
            s.token = Some(creds.tokens.clone());
            s.oauth.credentials = Some(creds);
            s.oauth.loaded = true;
            s.oauth.generation += 1;
        });
        Ok(())
    }

    /// Forgets the credentials got at `issuer` for this server.
    async fn forget(&self, issuer: &str) -> Result<(), DriverError> {
        self.with(|s| {
            s.token = None;
            s.oauth.credentials = None;
            s.oauth.generation += 1;
        });
        let Some(oauth) = self.oauth() else { return Ok(()) };
        let keys = self.keys()?;
        oauth.storage.delete(&keys.credentials(issuer)).await.map_err(auth)?;
        oauth.storage.delete(&keys.server_record()).await.map_err(auth)
    }
}

/// Calls the app's `onAuthorize(url)`: the callback URL it returns (or
/// resolves to), `None` when it returns nothing. What it throws reaches the
/// caller as is.
async fn call_on_authorize(on_authorize: &Function, url: &str) -> Result<Option<String>, DriverError> {
    let thrown = |e: JsValue| DriverError::Http(Error::Thrown(Thrown(e)));
    let value = on_authorize.call1(&JsValue::UNDEFINED, &url.into()).map_err(thrown)?;
    let value = settle(value).await.map_err(thrown)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or(auth(AuthError::InvalidConfig {
        field: "onAuthorize",
        reason: "must return (or resolve to) the callback URL as a string, or nothing after a redirect",
    }))
}

/// `len` bytes from `globalThis.crypto.getRandomValues` (browsers, Workers,
/// Node 19+).
fn random(len: u32) -> Result<Vec<u8>, DriverError> {
    let missing = || {
        auth(AuthError::InvalidConfig {
            field: "globalThis.crypto",
            reason: "missing `getRandomValues`, which PKCE and `state` need",
        })
    };
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).map_err(|_| missing())?;
    let get = Reflect::get(&crypto, &"getRandomValues".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(missing)?;
    let array = Uint8Array::new_with_length(len);
    get.call1(&crypto, &array).map_err(|_| missing())?;
    Ok(array.to_vec())
}
