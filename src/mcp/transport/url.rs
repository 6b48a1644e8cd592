//! Just enough URL handling for the transports: resolving the 2024-11-05
//! `endpoint` event against the server URL and comparing origins. A full
//! URL parser would cost wasm size for two operations.

use super::TransportError;

/// `scheme://authority`, lower-cased, and the rest (path, query) of `url`.
pub fn split_origin(url: &str) -> Result<(String, &str), TransportError> {
    let bad = || TransportError::InvalidUrl { url: url.to_owned() };
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad());
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() || authority.contains('@') || authority.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(bad());
    }
    let authority = authority.to_ascii_lowercase();
    let scheme = scheme.to_ascii_lowercase();
    // The default port names the same origin as no port.
    let authority = match (scheme.as_str(), authority.strip_suffix(":80"), authority.strip_suffix(":443")) {
        ("http", Some(a), _) | ("https", _, Some(a)) => a.to_owned(),
        _ => authority,
    };
    Ok((format!("{scheme}://{authority}"), &rest[end..]))
}

/// `reference` resolved against `base` (RFC 3986 §5.2, without dot-segment
/// removal, which the servers' endpoints never need).
pub fn resolve(base: &str, reference: &str) -> Result<String, TransportError> {
    let reference = reference.trim();
    if reference.contains("://") {
        split_origin(reference)?;
        return Ok(reference.to_owned());
    }
    let (origin, base_rest) = split_origin(base)?;
    if let Some(rest) = reference.strip_prefix("//") {
        let scheme = &origin[..origin.find(':').unwrap_or(0)];
        let url = format!("{scheme}://{rest}");
        split_origin(&url)?;
        return Ok(url);
    }
    if reference.starts_with('/') {
        return Ok(format!("{origin}{reference}"));
    }
    let base_path = &base_rest[..base_rest.find(['?', '#']).unwrap_or(base_rest.len())];
    if reference.starts_with('?') {
        return Ok(format!("{origin}{base_path}{reference}"));
    }
    let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    Ok(format!("{origin}{dir}{reference}"))
}

/// Whether two URLs share scheme, host and port.
pub fn same_origin(a: &str, b: &str) -> Result<bool, TransportError> {
    Ok(split_origin(a)?.0 == split_origin(b)?.0)
}
