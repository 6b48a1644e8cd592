//! The few URL operations the flow needs, on top of the transport's origin
//! splitting: building well-known URLs (RFC 8615) and checking that a URL
//! from a server or the user can serve as an endpoint.

use super::AuthError;
use crate::mcp::transport::url::split_origin;

/// Origin and path of an http(s) URL without query or fragment; the path is
/// empty for the root, so that `{origin}{path}` rebuilds the URL.
pub fn origin_and_path(field: &'static str, url: &str) -> Result<(String, String), AuthError> {
    let (origin, rest) = split_origin(url).map_err(|_| AuthError::InvalidUrl { field, url: url.to_owned() })?;
    let path = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    let path = if path == "/" { "" } else { path };
    Ok((origin, path.to_owned()))
}

/// `url` if it is an absolute http(s) URL without a fragment, which OAuth
/// forbids on endpoints and redirect URIs (RFC 6749 §3.1, §3.1.2).
pub fn endpoint(field: &'static str, url: &str) -> Result<String, AuthError> {
    if url.contains('#') {
        return Err(AuthError::InvalidUrl { field, url: url.to_owned() });
    }
    origin_and_path(field, url)?;
    Ok(url.to_owned())
}

/// `url` with `query` appended, keeping a query it already has.
pub fn with_query(url: &str, query: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    if url.ends_with('?') || url.ends_with('&') {
        format!("{url}{query}")
    } else {
        format!("{url}{sep}{query}")
    }
}

/// The canonical form of an MCP server URL used as the RFC 8707 resource:
/// scheme and host lower-cased, default port dropped, no fragment.
pub fn canonical_resource(url: &str) -> Result<String, AuthError> {
    let (origin, rest) =
        split_origin(url).map_err(|_| AuthError::InvalidUrl { field: "server_url", url: url.to_owned() })?;
    let rest = &rest[..rest.find('#').unwrap_or(rest.len())];
    let rest = if rest == "/" { "" } else { rest };
    Ok(format!("{origin}{rest}"))
}
