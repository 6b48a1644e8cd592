//! Client credentials (machine to machine): the configuration shape of
//! Mistral's MCP guide, `{ type: "oauth2", client_id, client_secret,
//! token_url }`. The token is fetched before the first request, renewed
//! before it expires and after a 401, and sent only as the `Authorization`
//! header of this session's requests.

use super::time::now_ms;
use super::{DriverError, McpSession};
use crate::mcp::auth::client::ClientInfo;
use crate::mcp::auth::metadata::AuthServer;
use crate::mcp::auth::token::TokenRequest;

/// Renew this long before the expiry, so a request never leaves with a
/// token that dies on the way.
const EXPIRY_MARGIN_MS: u64 = 30_000;

/// The client of a client-credentials grant.
#[derive(Clone)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
    pub token_url: String,
    pub scope: Option<String>,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials").field("client_id", &self.client_id).field("token_url", &self.token_url).finish_non_exhaustive()
    }
}

impl McpSession {
    /// The `Authorization` header to send, fetching a token first when the
    /// session uses client credentials and has none that is still good.
    pub(super) async fn authorization(&self) -> Result<Vec<(String, String)>, DriverError> {
        let Some(creds) = self.cfg().client_credentials.clone() else { return Ok(Vec::new()) };
        let fresh = self.with(|s| {
            s.token.as_ref().filter(|t| !t.expires_within(now_ms(), EXPIRY_MARGIN_MS)).map(|t| t.authorization())
        });
        let header = match fresh {
            Some(h) => h,
            None => self.fetch_token(&creds).await?,
        };
        Ok(vec![("authorization".to_owned(), header)])
    }

    /// The header of the token in hand, without fetching (for requests
    /// sent from inside the session, after `authorization` ran).
    pub(super) fn current_authorization(&self) -> Vec<(String, String)> {
        self.with(|s| s.token.as_ref().map(|t| vec![("authorization".to_owned(), t.authorization())]))
            .unwrap_or_default()
    }

    /// Forgets the token (the server refused it).
    pub(super) fn drop_token(&self) -> bool {
        self.cfg().client_credentials.is_some() && self.with(|s| s.token.take().is_some())
    }

    async fn fetch_token(&self, creds: &ClientCredentials) -> Result<String, DriverError> {
        let server = AuthServer::from_token_url(&creds.token_url).map_err(DriverError::Auth)?;
        let client = ClientInfo::confidential(&creds.client_id, &creds.client_secret);
        let request = TokenRequest::client_credentials(&server, &client, creds.scope.as_deref(), Some(&self.cfg().url))
            .map_err(DriverError::Auth)?;
        let (status, _, body) = super::connect::send_whole(self, &request.http(), false).await?;
        let token = request.parse_response(status, &body, now_ms()).map_err(DriverError::Auth)?;
        let header = token.authorization();
        self.with(|s| s.token = Some(token));
        Ok(header)
    }
}
