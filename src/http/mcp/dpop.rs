//! DPoP in the session: one key per session (generated on first use, never
//! extractable), a fresh proof on every token request and on every request
//! that presents a DPoP-bound token, and the servers' nonces (§8, §9): a
//! `use_dpop_nonce` refusal is answered by sending the request once more
//! with the nonce. The server acted on nothing it refused, so the repeat is
//! safe even for a POST.

use std::rc::Rc;

use super::sign::{random_bytes, SigningKey};
use super::time::now_ms;
use super::{DriverError, McpSession};
use crate::api::HttpRequest;
use crate::error::Error;
use crate::http::{ByteStream, CallOptions};
use crate::mcp::auth::dpop::{self, PublicJwk};
use crate::mcp::auth::token::{TokenRequest, TokenSet};

/// The session's DPoP key pair.
pub(crate) struct DpopKey {
    key: SigningKey,
    jwk: PublicJwk,
}

impl McpSession {
    async fn dpop_key(&self) -> Result<Rc<DpopKey>, DriverError> {
        if let Some(key) = self.with(|s| s.dpop_key.clone()) {
            return Ok(key);
        }
        let (key, jwk) = SigningKey::generate_dpop().await.map_err(DriverError::Auth)?;
        // Two first callers may both have generated one: the first stored wins.
        Ok(self.with(|s| s.dpop_key.get_or_insert_with(|| Rc::new(DpopKey { key, jwk })).clone()))
    }

    /// A signed proof for `method` `url`, presenting `token` if given, with
    /// the nonce last seen from that origin.
    async fn dpop_proof(&self, method: &str, url: &str, token: Option<&str>) -> Result<String, DriverError> {
        let key = self.dpop_key().await?;
        let nonce = self.with(|s| s.dpop_nonces.get(url).map(str::to_owned));
        let random = random_bytes(16).map_err(DriverError::Auth)?;
        let proof = dpop::proof(&key.jwk, method, url, now_ms() / 1000, &random, token, nonce.as_deref())
            .map_err(DriverError::Auth)?;
        key.key.sign(&proof, "DPoP proof").await.map_err(DriverError::Auth)
    }

    /// The credential headers of one request to the MCP server: the token
    /// in hand (nothing when there is none, or for another origin), with a
    /// proof for `req` when it is DPoP-bound.
    pub(super) async fn auth_headers(&self, req: &HttpRequest) -> Result<Vec<(String, String)>, DriverError> {
        if !self.is_server_origin(&req.url) {
            return Ok(Vec::new());
        }
        let Some(token) = self.with(|s| s.token.clone()) else { return Ok(Vec::new()) };
        let mut headers = vec![("authorization".to_owned(), token.authorization())];
        if token.is_dpop() {
            let proof = self.dpop_proof(req.method.as_str(), &req.url, Some(&token.access_token)).await?;
            headers.push(("dpop".to_owned(), proof));
        }
        Ok(headers)
    }

    /// Opens `req` with the session's credentials. A DPoP-bound request
    /// refused for want of a nonce goes once more, with it.
    pub(super) async fn open_authorized(
        &self,
        req: &HttpRequest,
        opts: CallOptions,
    ) -> Result<ByteStream, DriverError> {
        let mut first = opts.clone();
        first.headers.extend(self.auth_headers(req).await?);
        let answer = self.shared.http.open_stream(req, first).await;
        let uses_dpop = self.with(|s| s.token.as_ref().is_some_and(TokenSet::is_dpop));
        if !uses_dpop {
            return answer.map_err(DriverError::Http);
        }
        match answer {
            Ok(body) => {
                self.with(|s| s.dpop_nonces.learn(&req.url, &body.headers));
                Ok(body)
            }
            Err(Error::Api(api)) => match dpop::resource_nonce(api.status, &api.headers) {
                Some(nonce) => {
                    self.with(|s| s.dpop_nonces.set(&req.url, nonce));
                    let mut again = opts;
                    again.headers.extend(self.auth_headers(req).await?);
                    self.shared.http.open_stream(req, again).await.map_err(DriverError::Http)
                }
                None => Err(DriverError::Http(Error::Api(api))),
            },
            Err(e) => Err(DriverError::Http(e)),
        }
    }

    /// Sends a token request, with a DPoP proof when `dpop` (and once more
    /// with the server's nonce if it asks for one), and reads the tokens.
    pub(super) async fn send_token_request(
        &self,
        request: &mut TokenRequest,
        dpop: bool,
    ) -> Result<TokenSet, DriverError> {
        let mut retried = false;
        loop {
            if dpop {
                let proof = self.dpop_proof("POST", request.url(), None).await?;
                request.set_dpop_proof(proof);
            }
            let (status, headers, body) = super::connect::send_whole(self, &request.http(), false).await?;
            if dpop {
                if let Some(nonce) = dpop::token_endpoint_nonce(status, &headers, &body).filter(|_| !retried) {
                    self.with(|s| s.dpop_nonces.set(request.url(), nonce));
                    retried = true;
                    continue;
                }
                self.with(|s| s.dpop_nonces.learn(request.url(), &headers));
            }
            return request.parse_response(status, &body, now_ms()).map_err(DriverError::Auth);
        }
    }
}
