//! DPoP (RFC 9449): sender-constrained tokens, as the MCP DPoP extension
//! (SEP-1932) uses them. A stolen bearer token works for anyone; a DPoP-bound
//! one only with the private key it was bound to, which never leaves the
//! client (a non-extractable WebCrypto key). Each request to the token
//! endpoint and to the MCP server carries a fresh proof: a JWT, signed with
//! that key, naming the method and URL (and, to the MCP server, the hash of
//! the token), so a captured proof cannot be replayed elsewhere.
//!
//! Servers may demand a nonce of their own in the proof (§8, §9): they
//! refuse with `use_dpop_nonce` and a `DPoP-Nonce` header, and the request
//! is sent once more with a proof that carries it. Nonces are kept per
//! origin, since the authorization server and the MCP server issue their own.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::jwt::{jti, Algorithm, UnsignedJwt};
use super::metadata::AuthServer;
use super::sha256::sha256;
use super::www_authenticate::parse_challenges;
use super::{base64, url, AuthError};

/// The proof's `typ` header.
pub const PROOF_TYPE: &str = "dpop+jwt";

/// The algorithm of the client's DPoP keys: ES256 is mandatory to
/// implement for servers in practice and cheap to generate in WebCrypto.
pub const ALGORITHM: Algorithm = Algorithm::Es256;

/// The public half of a P-256 key, as JWK members (RFC 7518 §6.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicJwk {
    pub crv: String,
    pub x: String,
    pub y: String,
}

impl PublicJwk {
    /// The members of an exported JWK (`crypto.subtle.exportKey("jwk")`),
    /// keeping only the public ones: a `d` would give the key away.
    pub fn from_jwk(jwk: &Value) -> Result<Self, AuthError> {
        let get = |name: &str| jwk.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
        if get("kty").as_deref() != Some("EC") {
            return Err(AuthError::Signing { what: "DPoP key", detail: "not an EC key".into() });
        }
        match (get("crv"), get("x"), get("y")) {
            (Some(crv), Some(x), Some(y)) => Ok(PublicJwk { crv, x, y }),
            _ => Err(AuthError::Signing { what: "DPoP key", detail: "the JWK lacks crv, x or y".into() }),
        }
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("kty".into(), "EC".into());
        m.insert("crv".into(), self.crv.as_str().into());
        m.insert("x".into(), self.x.as_str().into());
        m.insert("y".into(), self.y.as_str().into());
        Value::Object(m)
    }

    /// The JWK SHA-256 thumbprint (RFC 7638), which a DPoP-bound token
    /// carries as `cnf.jkt`.
    pub fn thumbprint(&self) -> String {
        // The required members in lexicographic order, no whitespace (RFC 7638 §3.2).
        let canonical = format!(
            r#"{{"crv":{},"kty":"EC","x":{},"y":{}}}"#,
            Value::from(self.crv.as_str()),
            Value::from(self.x.as_str()),
            Value::from(self.y.as_str())
        );
        base64::url_no_pad(&sha256(canonical.as_bytes()))
    }
}

/// `htu`: the request URL without query and fragment (RFC 9449 §4.2).
pub fn htu(request_url: &str) -> Result<String, AuthError> {
    url::endpoint("htu", request_url.split('#').next().unwrap_or(request_url))?;
    let end = request_url.find(['?', '#']).unwrap_or(request_url.len());
    Ok(request_url[..end].to_owned())
}

/// `ath`: the base64url SHA-256 of the access token (RFC 9449 §4.2).
pub fn ath(access_token: &str) -> String {
    base64::url_no_pad(&sha256(access_token.as_bytes()))
}

/// A proof for one request, to be signed with the key of `jwk`: `method`
/// and `url` of the request, `now_s` (seconds since the epoch), `random`
/// for the `jti` (16 to 64 bytes, never reused), the access token it
/// presents (to the MCP server; none at the token endpoint) and the
/// server's nonce, if it gave one.
pub fn proof(
    jwk: &PublicJwk,
    method: &str,
    url: &str,
    now_s: u64,
    random: &[u8],
    access_token: Option<&str>,
    nonce: Option<&str>,
) -> Result<UnsignedJwt, AuthError> {
    let mut header = Map::new();
    header.insert("typ".into(), PROOF_TYPE.into());
    header.insert("alg".into(), ALGORITHM.as_str().into());
    header.insert("jwk".into(), jwk.to_json());
    let mut claims = Map::new();
    claims.insert("jti".into(), jti(random)?.into());
    claims.insert("htm".into(), method.to_ascii_uppercase().into());
    claims.insert("htu".into(), htu(url)?.into());
    claims.insert("iat".into(), Value::from(now_s));
    if let Some(token) = access_token {
        claims.insert("ath".into(), ath(token).into());
    }
    if let Some(nonce) = nonce {
        claims.insert("nonce".into(), nonce.into());
    }
    Ok(UnsignedJwt::new(header, claims))
}

/// Whether `server` issues DPoP-bound tokens with proofs this client can
/// make (it lists ES256 in `dpop_signing_alg_values_supported`).
pub fn server_supports(server: &AuthServer) -> bool {
    server.dpop_signing_alg_values_supported.as_ref().is_some_and(|algs| algs.iter().any(|a| a == ALGORITHM.as_str()))
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The `DPoP-Nonce` header, if it holds a nonce (RFC 9449 §8.1: printable
/// ASCII without `"` and `\`); a malformed one is ignored rather than
/// echoed into a proof.
pub fn nonce_header(headers: &[(String, String)]) -> Option<String> {
    let value = header(headers, "dpop-nonce")?.trim();
    let valid = !value.is_empty() && value.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'"' && b != b'\\');
    valid.then(|| value.to_owned())
}

/// The nonce to retry a token request with: a 400 `use_dpop_nonce` error
/// (RFC 9449 §8) that came with a `DPoP-Nonce`.
pub fn token_endpoint_nonce(status: u16, headers: &[(String, String)], body: &[u8]) -> Option<String> {
    if status != 400 {
        return None;
    }
    let error = serde_json::from_slice::<Value>(body).ok()?.get("error")?.as_str()?.to_owned();
    (error == "use_dpop_nonce").then(|| nonce_header(headers)).flatten()
}

/// The nonce to retry an MCP request with: a 401 whose `DPoP` challenge
/// says `use_dpop_nonce` (RFC 9449 §9) and that came with a `DPoP-Nonce`.
pub fn resource_nonce(status: u16, headers: &[(String, String)]) -> Option<String> {
    if status != 401 {
        return None;
    }
    let challenges = parse_challenges(header(headers, "www-authenticate")?).ok()?;
    let asks = challenges.iter().any(|c| c.is("dpop") && c.param("error") == Some("use_dpop_nonce"));
    asks.then(|| nonce_header(headers)).flatten()
}

/// The latest nonce of each origin.
#[derive(Debug, Clone, Default)]
pub struct Nonces {
    by_origin: BTreeMap<String, String>,
}

impl Nonces {
    fn origin(url: &str) -> Option<String> {
        url::origin_and_path("url", url).ok().map(|(origin, _)| origin)
    }

    /// The nonce to put in a proof for `url`.
    pub fn get(&self, url: &str) -> Option<&str> {
        self.by_origin.get(&Self::origin(url)?).map(String::as_str)
    }

    /// Keeps `nonce` for `url`'s origin.
    pub fn set(&mut self, url: &str, nonce: String) {
        if let Some(origin) = Self::origin(url) {
            self.by_origin.insert(origin, nonce);
        }
    }

    /// Keeps the nonce of any answer from `url` that carries one: servers
    /// may hand out the next nonce on a success too (§8.2).
    pub fn learn(&mut self, url: &str, headers: &[(String, String)]) {
        if let Some(nonce) = nonce_header(headers) {
            self.set(url, nonce);
        }
    }
}
