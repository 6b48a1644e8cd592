//! `auth` options of machine clients (no user to ask), each field checked,
//! a bad one a `ValidationError` naming it; a secret or key is never echoed:
//!
//! - `{ type: "oauth2", client_id, client_secret, token_url, scope? }`, the
//!   shape of Mistral's MCP guide;
//! - `{ type: "client_credentials", clientId, clientSecret | privateKey,
//!   algorithm?, keyId?, tokenUrl?, scope?, dpop? }`;
//! - `{ type: "jwt_bearer", assertion, clientId?, clientSecret?, tokenUrl?,
//!   scope?, dpop? }` (workload identity: `assertion` is the JWT, or a
//!   function returning it, called for every new token);
//! - `{ type: "enterprise", idToken, idpTokenUrl, idpClientId?,
//!   idpClientSecret?, clientId, clientSecret | privateKey, tokenUrl?, scope?,
//!   dpop? }` (SEP-990: the ID token becomes an ID-JAG at the identity
//!   provider, then an access token at the MCP server's authorization server).
//!
//! Without `tokenUrl` the token endpoint is discovered from the MCP server.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::http::mcp::{Assertion, ClientCredentials, ClientKey, DpopMode, MachineGrant};
use crate::mcp::auth::jwt::{Algorithm, KeyKind, PrivateKey};

/// The `type`s this module reads.
pub const MACHINE_TYPES: [&str; 4] = ["oauth2", "client_credentials", "jwt_bearer", "enterprise"];

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn field(key: &str) -> String {
    format!("options.auth.{key}")
}

fn required(auth: &JsValue, key: &str) -> Result<String, Error> {
    optional(auth, key)?.ok_or_else(|| Error::invalid(field(key), "a non-empty string"))
}

fn optional(auth: &JsValue, key: &str) -> Result<Option<String>, Error> {
    match get(auth, key) {
        v if absent(&v) => Ok(None),
        v => match v.as_string() {
            Some(s) if !s.trim().is_empty() => Ok(Some(s)),
            _ => Err(Error::invalid(field(key), "a non-empty string")),
        },
    }
}

fn url(auth: &JsValue, key: &str) -> Result<Option<String>, Error> {
    match optional(auth, key)? {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => Ok(Some(u)),
        Some(_) => Err(Error::invalid(field(key), "an http(s) URL")),
        None => Ok(None),
    }
}

/// A JWT given as a string or as a function returning one.
fn assertion(auth: &JsValue, key: &str) -> Result<Assertion, Error> {
    match get(auth, key) {
        v if v.is_function() => Ok(Assertion::Callback(v.unchecked_into::<Function>())),
        v => match v.as_string() {
            Some(jwt) if jwt.split('.').count() == 3 && !jwt.contains(char::is_whitespace) => Ok(Assertion::Fixed(jwt)),
            _ => Err(Error::invalid(field(key), "a JWT (header.payload.signature) or a function returning one")),
        },
    }
}

/// `privateKey` (PKCS#8 PEM) with `algorithm` (default: the key's own) and `keyId`.
fn private_key(auth: &JsValue) -> Result<Option<ClientKey>, Error> {
    let Some(pem) = optional(auth, "privateKey")? else {
        if !absent(&get(auth, "algorithm")) {
            return Err(Error::invalid(field("algorithm"), "given only with `privateKey`"));
        }
        return Ok(None);
    };
    let key = PrivateKey::from_pem(&pem).map_err(|e| Error::invalid(field("privateKey"), e.to_string()))?;
    let names = Algorithm::ALL.map(Algorithm::as_str).join(", ");
    let algorithm = match optional(auth, "algorithm")? {
        Some(name) => {
            Algorithm::from_name(&name).ok_or_else(|| Error::invalid(field("algorithm"), format!("one of {names}")))?
        }
        None => match key.kind {
            KeyKind::EcP256 => Algorithm::Es256,
            KeyKind::EcP384 => Algorithm::Es384,
            KeyKind::Rsa => Algorithm::Rs256,
            KeyKind::RsaPss => Algorithm::Ps256,
            KeyKind::Ed25519 => Algorithm::EdDsa,
            KeyKind::EcP521 | KeyKind::Other => {
                return Err(Error::invalid(field("privateKey"), format!("a key for one of {names}")))
            }
        },
    };
    let key = key.for_algorithm(algorithm).map_err(|e| Error::invalid(field("algorithm"), e.to_string()))?;
    Ok(Some(ClientKey { key, algorithm, key_id: optional(auth, "keyId")? }))
}

/// `dpop`: absent (when the server offers it), `true` or `false`.
pub fn dpop_mode(auth: &JsValue) -> Result<DpopMode, Error> {
    match get(auth, "dpop") {
        v if absent(&v) => Ok(DpopMode::Auto),
        v => match v.as_bool() {
            Some(true) => Ok(DpopMode::Always),
            Some(false) => Ok(DpopMode::Never),
            None => Err(Error::invalid(field("dpop"), "a boolean")),
        },
    }
}

/// The client's own credentials: a secret or a key, not both.
fn credentials(auth: &JsValue, needed: bool) -> Result<(Option<String>, Option<ClientKey>), Error> {
    let secret = optional(auth, "clientSecret")?;
    let key = private_key(auth)?;
    match (&secret, &key) {
        (Some(_), Some(_)) => {
            Err(Error::invalid(field("privateKey"), "absent when `clientSecret` is given (one or the other)"))
        }
        (None, None) if needed => {
            Err(Error::invalid(field("clientSecret"), "a non-empty string, or `privateKey` instead"))
        }
        _ => Ok((secret, key)),
    }
}

/// The machine credentials of `auth`, whose `type` is one of [`MACHINE_TYPES`].
pub fn machine_credentials(auth: &JsValue, kind: &str) -> Result<ClientCredentials, Error> {
    if kind == "oauth2" {
        let mut creds = ClientCredentials::with_secret(
            required(auth, "client_id")?,
            required(auth, "client_secret")?,
            Some(url(auth, "token_url")?.ok_or_else(|| Error::invalid(field("token_url"), "an http(s) URL"))?),
        );
        creds.scope = optional(auth, "scope")?;
        return Ok(creds);
    }
    let (grant, client_id, (client_secret, private_key)) = match kind {
        "client_credentials" => {
            (MachineGrant::ClientCredentials, required(auth, "clientId")?, credentials(auth, true)?)
        }
        "jwt_bearer" => (
            MachineGrant::JwtBearer { assertion: assertion(auth, "assertion")? },
            optional(auth, "clientId")?.unwrap_or_default(),
            credentials(auth, false)?,
        ),
        _ => (
            MachineGrant::IdJag {
                id_token: assertion(auth, "idToken")?,
                idp_token_url: url(auth, "idpTokenUrl")?
                    .ok_or_else(|| Error::invalid(field("idpTokenUrl"), "an http(s) URL"))?,
                idp_client_id: optional(auth, "idpClientId")?,
                idp_client_secret: optional(auth, "idpClientSecret")?,
            },
            required(auth, "clientId")?,
            credentials(auth, false)?,
        ),
    };
    if (client_secret.is_some() || private_key.is_some()) && client_id.is_empty() {
        return Err(Error::invalid(field("clientId"), "a non-empty string (with `clientSecret` or `privateKey`)"));
    }
    Ok(ClientCredentials {
        grant,
        client_id,
        client_secret,
        private_key,
        token_url: url(auth, "tokenUrl")?,
        scope: optional(auth, "scope")?,
        dpop: dpop_mode(auth)?,
    })
}
