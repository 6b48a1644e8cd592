//! Runs [`Discovery`] over the session's `fetch`, for the grants that need
//! no user (client credentials, JWT bearer, ID-JAG): without a configured
//! token URL, the token endpoint is found the way the MCP spec says, from
//! the MCP server's protected resource metadata at its well-known URL. The
//! result is kept for the session, so a renewed token costs no lookups.

use super::{DriverError, McpSession};
use crate::mcp::auth::discovery::{Discovered, Discovery, Step};

/// Metadata documents are small; more URLs than this means a loop.
const MAX_FETCHES: usize = 12;

impl McpSession {
    pub(super) async fn discovered(&self) -> Result<Discovered, DriverError> {
        if let Some(found) = self.with(|s| s.discovered.clone()) {
            return Ok(found);
        }
        let mut discovery = Discovery::new(&self.cfg().url, None).map_err(DriverError::Auth)?;
        if let Some(version) = self.cfg().version.as_deref() {
            discovery = discovery.with_protocol_version(version);
        }
        let mut step = discovery.poll().map_err(DriverError::Auth)?;
        for _ in 0..MAX_FETCHES {
            let request = match step {
                Step::Done(found) => {
                    self.with(|s| s.discovered = Some((*found).clone()));
                    return Ok(*found);
                }
                Step::Fetch(request) => request,
            };
            // A network failure is "not here" (status 0), as the machine expects.
            let (status, body) = match super::connect::send_whole(self, &request, false).await {
                Ok((status, _, body)) => (status, body),
                Err(DriverError::Http(crate::error::Error::Connection(_))) => (0, Vec::new()),
                Err(e) => return Err(e),
            };
            step = discovery.handle(status, &body).map_err(DriverError::Auth)?;
        }
        Err(DriverError::Auth(crate::mcp::auth::AuthError::MetadataNotFound {
            kind: "authorization server metadata",
            tried: vec![format!("more than {MAX_FETCHES} URLs")],
        }))
    }
}
