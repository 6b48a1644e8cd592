//! `private_key_jwt` client authentication (RFC 7523 §2.2, OpenID Connect
//! Core §9): instead of a shared secret the client proves itself with a
//! short-lived JWT signed by its own key, which the authorization server
//! checks against the public key it was registered with. The MCP
//! client-credentials extension (SEP-1046) uses it for machine clients that
//! must not hold a secret the server also knows.

use serde_json::{Map, Value};

use super::jwt::{jti, Algorithm, UnsignedJwt};
use super::metadata::{AuthServer, MetadataSource};
use super::AuthError;

/// The `client_assertion_type` of a JWT assertion.
pub const JWT_BEARER_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is good for. The server only needs it for the one
/// request; a minute allows for clock skew without making a leaked one
/// useful for long.
pub const ASSERTION_LIFETIME_S: u64 = 60;

/// Who the assertion is addressed to: the issuer identifier, which is what
/// RFC 7523's update (and the MCP extension's conformance test) ask for; a
/// server known only by a configured token URL has no known issuer, so the
/// token endpoint URL, which RFC 7523 §3 also allows, is used instead.
pub fn audience(server: &AuthServer) -> &str {
    match server.source {
        MetadataSource::Configured => &server.token_endpoint,
        MetadataSource::Document { .. } | MetadataSource::Defaults => &server.issuer,
    }
}

/// The assertion to sign: `iss` and `sub` are the client id, `aud` the
/// server, `exp` a minute after `now_s` (seconds since the epoch), `jti`
/// from `random` (16 to 64 bytes), and `kid` in the header when the server
/// knows the client by several keys.
pub fn client_assertion(
    server: &AuthServer,
    client_id: &str,
    algorithm: Algorithm,
    key_id: Option<&str>,
    now_s: u64,
    random: &[u8],
) -> Result<UnsignedJwt, AuthError> {
    if client_id.is_empty() {
        return Err(AuthError::InvalidConfig { field: "client_id", reason: "empty" });
    }
    let mut header = Map::new();
    header.insert("alg".into(), algorithm.as_str().into());
    header.insert("typ".into(), "JWT".into());
    if let Some(kid) = key_id {
        header.insert("kid".into(), kid.into());
    }
    let mut claims = Map::new();
    claims.insert("iss".into(), client_id.into());
    claims.insert("sub".into(), client_id.into());
    claims.insert("aud".into(), audience(server).into());
    claims.insert("iat".into(), Value::from(now_s));
    claims.insert("exp".into(), Value::from(now_s.saturating_add(ASSERTION_LIFETIME_S)));
    claims.insert("jti".into(), jti(random)?.into());
    Ok(UnsignedJwt::new(header, claims))
}
