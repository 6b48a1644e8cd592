//! Signing and randomness for the authorization extensions, from WebCrypto
//! (`globalThis.crypto`), which browsers, Workers and Node 18+ all have: no
//! crypto crate in the wasm (it would cost more than the rest of the auth
//! code), and private keys that stay inside the platform. A DPoP key is
//! generated non-extractable, so not even this code can read it back.
//!
//! ECDSA signatures come out of WebCrypto as raw `r || s`, which is exactly
//! the JWS form (RFC 7518 §3.4); no DER conversion is needed.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::http::cancel::js_message;
use crate::mcp::auth::dpop::PublicJwk;
use crate::mcp::auth::jwt::{Algorithm, PrivateKey, UnsignedJwt};
use crate::mcp::auth::AuthError;

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn failed(what: &'static str) -> impl Fn(JsValue) -> AuthError {
    move |e| AuthError::Signing { what, detail: js_message(&e) }
}

fn crypto(what: &'static str) -> Result<JsValue, AuthError> {
    Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(|c| c.is_object())
        .ok_or_else(|| AuthError::Signing { what, detail: "no globalThis.crypto (WebCrypto) here".into() })
}

fn subtle(what: &'static str) -> Result<JsValue, AuthError> {
    Reflect::get(&crypto(what)?, &"subtle".into())
        .ok()
        .filter(|s| s.is_object())
        .ok_or_else(|| AuthError::Signing { what, detail: "no crypto.subtle here (an insecure context?)".into() })
}

/// Calls `crypto.subtle[method](...args)` and awaits it.
async fn call_subtle(what: &'static str, method: &str, args: &[JsValue]) -> Result<JsValue, AuthError> {
    let subtle = subtle(what)?;
    let function: Function = Reflect::get(&subtle, &method.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| AuthError::Signing { what, detail: format!("no crypto.subtle.{method} here") })?;
    let promise = function.apply(&subtle, &args.iter().collect::<Array>()).map_err(failed(what))?;
    JsFuture::from(Promise::resolve(&promise)).await.map_err(failed(what))
}

/// `len` bytes from `crypto.getRandomValues`.
pub fn random_bytes(len: usize) -> Result<Vec<u8>, AuthError> {
    let what = "random bytes";
    let crypto = crypto(what)?;
    let function: Function = Reflect::get(&crypto, &"getRandomValues".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| AuthError::Signing { what, detail: "no crypto.getRandomValues here".into() })?;
    let buffer = Uint8Array::new_with_length(len as u32);
    function.call1(&crypto, &buffer).map_err(failed(what))?;
    Ok(buffer.to_vec())
}

/// The WebCrypto `importKey` and `sign` parameters of a JWS algorithm.
fn params(algorithm: Algorithm) -> (JsValue, JsValue) {
    let s = JsValue::from_str;
    match algorithm {
        Algorithm::Es256 => (
            object(&[("name", s("ECDSA")), ("namedCurve", s("P-256"))]),
            object(&[("name", s("ECDSA")), ("hash", s("SHA-256"))]),
        ),
        Algorithm::Es384 => (
            object(&[("name", s("ECDSA")), ("namedCurve", s("P-384"))]),
            object(&[("name", s("ECDSA")), ("hash", s("SHA-384"))]),
        ),
        Algorithm::Rs256 => (
            object(&[("name", s("RSASSA-PKCS1-v1_5")), ("hash", s("SHA-256"))]),
            object(&[("name", s("RSASSA-PKCS1-v1_5"))]),
        ),
        // RFC 7518 §3.5: the salt is as long as the hash.
        Algorithm::Ps256 => (
            object(&[("name", s("RSA-PSS")), ("hash", s("SHA-256"))]),
            object(&[("name", s("RSA-PSS")), ("saltLength", JsValue::from(32))]),
        ),
        Algorithm::EdDsa => (object(&[("name", s("Ed25519"))]), object(&[("name", s("Ed25519"))])),
    }
}

/// A private key inside WebCrypto, for one JWS algorithm.
#[derive(Clone)]
pub struct SigningKey {
    key: JsValue,
    pub algorithm: Algorithm,
}

impl SigningKey {
    /// Imports a PKCS#8 key (not extractable once imported).
    pub async fn import(key: &PrivateKey, algorithm: Algorithm, what: &'static str) -> Result<Self, AuthError> {
        let (import, _) = params(algorithm);
        let der = Uint8Array::from(key.der());
        let usages: Array = [JsValue::from_str("sign")].into_iter().collect();
        let key =
            call_subtle(what, "importKey", &["pkcs8".into(), der.into(), import, false.into(), usages.into()]).await?;
        Ok(SigningKey { key, algorithm })
    }

    /// A fresh P-256 key pair for DPoP: the private key non-extractable,
    /// the public one as the JWK a proof carries.
    pub async fn generate_dpop() -> Result<(Self, PublicJwk), AuthError> {
        let what = "DPoP key";
        let (generate, _) = params(Algorithm::Es256);
        let usages: Array = [JsValue::from_str("sign"), JsValue::from_str("verify")].into_iter().collect();
        let pair = call_subtle(what, "generateKey", &[generate, false.into(), usages.into()]).await?;
        let private = Reflect::get(&pair, &"privateKey".into()).map_err(failed(what))?;
        let public = Reflect::get(&pair, &"publicKey".into()).map_err(failed(what))?;
        let jwk = call_subtle(what, "exportKey", &["jwk".into(), public]).await?;
        let jwk: serde_json::Value = to_json(&jwk, what)?;
        Ok((SigningKey { key: private, algorithm: Algorithm::Es256 }, PublicJwk::from_jwk(&jwk)?))
    }

    /// The compact JWS of `jwt`.
    pub async fn sign(&self, jwt: &UnsignedJwt, what: &'static str) -> Result<String, AuthError> {
        let (_, sign) = params(self.algorithm);
        let data = Uint8Array::from(jwt.signing_input().as_bytes());
        let signature = call_subtle(what, "sign", &[sign, self.key.clone(), data.into()]).await?;
        Ok(jwt.sign(&Uint8Array::new(&signature).to_vec()))
    }
}

/// A plain JS object as JSON, through `JSON.stringify` (the exported JWK
/// holds only strings and booleans).
fn to_json(value: &JsValue, what: &'static str) -> Result<serde_json::Value, AuthError> {
    let text = js_sys::JSON::stringify(value).map_err(failed(what))?;
    let text = text.as_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|_| AuthError::Signing { what, detail: "the exported JWK is not JSON".into() })
}
