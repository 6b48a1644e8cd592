//! Finding the authorization server of an MCP server, as a state machine:
//! it hands out the metadata URLs to fetch, in the order the MCP spec
//! (2025-06-18 onwards, and 2026-07-28) gives, and takes each answer.
//!
//! 1. Protected resource metadata (RFC 9728): the `resource_metadata` URL of
//!    the 401's `WWW-Authenticate` when there is one (and only that one: the
//!    server said where it is); else
//!    `/.well-known/oauth-protected-resource{path}` then
//!    `/.well-known/oauth-protected-resource` at the server's origin.
//! 2. Authorization server metadata for the first issuer it lists: for an
//!    issuer with a path, `/.well-known/oauth-authorization-server{path}`,
//!    `/.well-known/openid-configuration{path}`,
//!    `{path}/.well-known/openid-configuration`; without a path, the first
//!    two. The document's `issuer` must be the issuer, character for
//!    character (RFC 8414 §3.3), or a server could redirect the flow.
//! 3. When no protected resource metadata exists at the well-known URLs, the
//!    server is of the 2025-03-26 era: its origin is the authorization server,
//!    and without metadata there, the default `/authorize`, `/token` and
//!    `/register` endpoints are used.
//!
//! Any answer other than 2xx, including a network or CORS failure (reported
//! as status 0, which is what a browser's refused cross-origin `fetch`
//! amounts to), means "not here" and moves to the next URL. A 2xx answer
//! that is not usable metadata ends discovery with the error: a server that
//! publishes a broken document should be told so.

use std::collections::VecDeque;

use super::metadata::{AuthServer, ProtectedResource};
use super::www_authenticate::BearerChallenge;
use super::{url, AuthError};
use crate::api::{HttpRequest, Method, ResponseKind};
use crate::mcp::transport::url::resolve;

const PROTECTED_RESOURCE: &str = "/.well-known/oauth-protected-resource";
const OAUTH_SERVER: &str = "/.well-known/oauth-authorization-server";
const OPENID: &str = "/.well-known/openid-configuration";

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// GET this request and hand its answer to [`Discovery::handle`].
    Fetch(HttpRequest),
    /// Discovery is over (boxed: it is much larger than a request).
    Done(Box<Discovered>),
}

/// The outcome of discovery: whom to ask for a token, and for what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub auth_server: AuthServer,
    /// `None` for a 2025-03-26 server, which publishes none.
    pub protected_resource: Option<ProtectedResource>,
    /// The `resource` parameter (RFC 8707) for the authorization and token
    /// requests: the protected resource's identifier. `None` for a
    /// 2025-03-26 server, whose authorization server may predate RFC 8707.
    pub resource: Option<String>,
    /// The `scope` to request, chosen as the MCP spec orders it: the
    /// challenge's `scope`, else the protected resource's
    /// `scopes_supported`, else none.
    pub scope: Option<String>,
}

impl Discovered {
    /// Whether the server is of the 2025-03-26 era (no protected resource metadata).
    pub fn is_legacy(&self) -> bool {
        self.protected_resource.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    ProtectedResource { from_header: bool },
    AuthServer { issuer: String, legacy: bool },
    Done,
}

/// The discovery state machine; see the module documentation for the order.
#[derive(Debug, Clone)]
pub struct Discovery {
    server_url: String,
    challenge_scope: Option<String>,
    protocol_version: Option<String>,
    phase: Phase,
    candidates: VecDeque<String>,
    current: Option<String>,
    tried: Vec<String>,
    protected_resource: Option<ProtectedResource>,
    result: Option<Discovered>,
}

impl Discovery {
    /// Discovery for the MCP server at `server_url`, with the `Bearer`
    /// challenge of its 401 answer if it sent one.
    pub fn new(server_url: &str, challenge: Option<&BearerChallenge>) -> Result<Self, AuthError> {
        let server_url = url::canonical_resource(server_url)?;
        let (origin, path) = url::origin_and_path("server_url", &server_url)?;
        let header_url = challenge.and_then(|c| c.resource_metadata.as_deref());
        let candidates: VecDeque<String> = match header_url {
            Some(u) => {
                let resolved = resolve(&server_url, u)
                    .map_err(|_| AuthError::InvalidUrl { field: "resource_metadata", url: u.to_owned() })?;
                VecDeque::from([url::endpoint("resource_metadata", &resolved)?])
            }
            None if path.is_empty() => VecDeque::from([format!("{origin}{PROTECTED_RESOURCE}")]),
            None => {
                VecDeque::from([format!("{origin}{PROTECTED_RESOURCE}{path}"), format!("{origin}{PROTECTED_RESOURCE}")])
            }
        };
        Ok(Discovery {
            server_url,
            challenge_scope: challenge.and_then(|c| c.scope.clone()).filter(|s| !s.trim().is_empty()),
            protocol_version: None,
            phase: Phase::ProtectedResource { from_header: header_url.is_some() },
            candidates,
            current: None,
            tried: Vec::new(),
            protected_resource: None,
            result: None,
        })
    }

    /// Sends `MCP-Protocol-Version` with every metadata request, which the
    /// 2025-03-26 spec asks for so that servers can answer per revision.
    pub fn with_protocol_version(mut self, version: &str) -> Self {
        self.protocol_version = Some(version.to_owned());
        self
    }

    /// The request awaiting an answer, or the result. Calling it again
    /// before [`handle`](Self::handle) gives the same request.
    pub fn poll(&mut self) -> Result<Step, AuthError> {
        loop {
            if let Some(done) = &self.result {
                return Ok(Step::Done(Box::new(done.clone())));
            }
            if let Some(url) = &self.current {
                return Ok(Step::Fetch(self.request(url)));
            }
            match self.candidates.pop_front() {
                Some(url) => self.current = Some(url),
                None => self.exhausted()?,
            }
        }
    }

    /// The answer to the request [`poll`](Self::poll) gave: its status (0
    /// when it could not be fetched at all) and body. Gives the next step.
    pub fn handle(&mut self, status: u16, body: &[u8]) -> Result<Step, AuthError> {
        let Some(url) = self.current.take() else {
            return self.poll();
        };
        if !(200..300).contains(&status) {
            self.tried.push(format!("{url} (HTTP {status})"));
            return self.poll();
        }
        match self.phase.clone() {
            Phase::ProtectedResource { .. } => {
                let prm = ProtectedResource::parse(&url, body)?;
                if !covers(&prm.resource, &self.server_url) {
                    return Err(AuthError::ResourceMismatch { expected: self.server_url.clone(), got: prm.resource });
                }
                let issuer = prm.authorization_servers[0].clone();
                self.protected_resource = Some(prm);
                self.enter_auth_server(issuer, false)?;
            }
            Phase::AuthServer { issuer, legacy } => {
                let server = AuthServer::parse(&url, body)?;
                // The 2025-03-26 issuer is the origin this client derived and
                // the document comes from that origin, which is the trust
                // root of that era: any issuer on the same origin is its own
                // (servers name `{origin}/`, or the path their endpoints
                // live under).
                let same = server.issuer == issuer
                    || (legacy && url::origin_and_path("issuer", &server.issuer).is_ok_and(|(o, _)| o == issuer));
                if !same {
                    return Err(AuthError::IssuerMismatch { expected: issuer, got: server.issuer });
                }
                self.finish(server);
            }
            Phase::Done => {}
        }
        self.poll()
    }

    /// The current phase ran out of URLs.
    fn exhausted(&mut self) -> Result<(), AuthError> {
        let tried = std::mem::take(&mut self.tried);
        match self.phase.clone() {
            Phase::ProtectedResource { from_header: true } => {
                Err(AuthError::MetadataNotFound { kind: "protected resource metadata", tried })
            }
            Phase::ProtectedResource { from_header: false } => {
                let (origin, _) = url::origin_and_path("server_url", &self.server_url)?;
                self.enter_auth_server(origin, true)
            }
            Phase::AuthServer { issuer, legacy: true } => {
                self.finish(AuthServer::defaults(&issuer)?);
                Ok(())
            }
            Phase::AuthServer { legacy: false, .. } | Phase::Done => {
                Err(AuthError::MetadataNotFound { kind: "authorization server metadata", tried })
            }
        }
    }

    fn enter_auth_server(&mut self, issuer: String, legacy: bool) -> Result<(), AuthError> {
        self.candidates = auth_server_urls(&issuer)?.into();
        self.tried.clear();
        self.phase = Phase::AuthServer { issuer, legacy };
        Ok(())
    }

    fn finish(&mut self, auth_server: AuthServer) {
        let prm = self.protected_resource.take();
        let scope = self.challenge_scope.clone().or_else(|| {
            prm.as_ref().and_then(|p| p.scopes_supported.as_ref()).filter(|s| !s.is_empty()).map(|s| s.join(" "))
        });
        let resource = prm.as_ref().map(|p| p.resource.clone());
        self.phase = Phase::Done;
        self.result = Some(Discovered { auth_server, protected_resource: prm, resource, scope });
    }

    fn request(&self, url: &str) -> HttpRequest {
        let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
        if let Some(v) = &self.protocol_version {
            headers.push(("MCP-Protocol-Version".to_owned(), v.clone()));
        }
        HttpRequest { method: Method::Get, url: url.to_owned(), headers, body: None, response: ResponseKind::Json }
    }
}

/// The metadata URLs of `issuer`, in the MCP spec's order.
pub fn auth_server_urls(issuer: &str) -> Result<Vec<String>, AuthError> {
    let (origin, path) = url::origin_and_path("issuer", issuer)?;
    let path = path.trim_end_matches('/');
    Ok(if path.is_empty() {
        vec![format!("{origin}{OAUTH_SERVER}"), format!("{origin}{OPENID}")]
    } else {
        vec![
            format!("{origin}{OAUTH_SERVER}{path}"),
            format!("{origin}{OPENID}{path}"),
            format!("{origin}{path}{OPENID}"),
        ]
    })
}

/// Whether the protected resource `resource` covers the MCP server at
/// `server_url`: same origin, and its path is the server's or a parent of it
/// on a segment boundary (a metadata document may describe a whole API).
fn covers(resource: &str, server_url: &str) -> bool {
    let (Ok((r_origin, r_path)), Ok((s_origin, s_path))) =
        (url::origin_and_path("resource", resource), url::origin_and_path("server_url", server_url))
    else {
        return false;
    };
    let r_path = r_path.trim_end_matches('/');
    let s_path = s_path.trim_end_matches('/');
    r_origin == s_origin
        && (r_path.is_empty()
            || s_path == r_path
            || s_path.strip_prefix(r_path).is_some_and(|rest| rest.starts_with('/')))
}
