//! Compact JWS (RFC 7515) without the signing: the extensions of MCP
//! authorization send three kinds of JWT (a `private_key_jwt` client
//! assertion, a DPoP proof, and, passed through, an ID-JAG or workload
//! token), and the client signs the first two. Signing needs a key and a
//! platform crypto API, so it is the driver's (WebCrypto there): this module
//! builds the signing input, checks that a configured key fits the chosen
//! algorithm, and joins input and signature.
//!
//! A private key is configured as PEM; it is read here as far as needed to
//! reject a wrong one with a clear error (not PKCS#8, an RSA key for ES256)
//! before it reaches WebCrypto, whose errors name no cause.

use std::fmt;

use serde_json::{Map, Value};

use super::{base64, AuthError};

/// JWS algorithms (RFC 7518 §3.1, RFC 8037) that WebCrypto can sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Es256,
    Es384,
    Rs256,
    Ps256,
    EdDsa,
}

impl Algorithm {
    pub const ALL: [Algorithm; 5] = [Self::Es256, Self::Es384, Self::Rs256, Self::Ps256, Self::EdDsa];

    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::Es384 => "ES384",
            Self::Rs256 => "RS256",
            Self::Ps256 => "PS256",
            Self::EdDsa => "EdDSA",
        }
    }

    /// From an `alg` name, exactly as JOSE spells it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Whether a key of `kind` can sign with this algorithm.
    pub fn fits(self, kind: KeyKind) -> bool {
        matches!(
            (self, kind),
            (Self::Es256, KeyKind::EcP256)
                | (Self::Es384, KeyKind::EcP384)
                | (Self::Rs256, KeyKind::Rsa)
                | (Self::Ps256, KeyKind::Rsa | KeyKind::RsaPss)
                | (Self::EdDsa, KeyKind::Ed25519)
        )
    }
}

/// What a PKCS#8 key is, from its algorithm identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    EcP256,
    EcP384,
    EcP521,
    Rsa,
    RsaPss,
    Ed25519,
    /// A key type this client has no algorithm for.
    Other,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EcP256 => "an EC P-256 key",
            Self::EcP384 => "an EC P-384 key",
            Self::EcP521 => "an EC P-521 key",
            Self::Rsa => "an RSA key",
            Self::RsaPss => "an RSA-PSS key",
            Self::Ed25519 => "an Ed25519 key",
            Self::Other => "a key of an unsupported type",
        }
    }
}

/// A PKCS#8 private key, DER-encoded, as WebCrypto's `importKey("pkcs8")`
/// takes it. `Debug` shows only its kind.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey {
    der: Vec<u8>,
    pub kind: KeyKind,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey").field("kind", &self.kind).finish_non_exhaustive()
    }
}

const PKCS8_LABEL: &str = "PRIVATE KEY";

impl PrivateKey {
    /// Reads a `-----BEGIN PRIVATE KEY-----` block (RFC 7468 §10). Other
    /// labels get an error saying what the key is and that PKCS#8 is needed
    /// (`openssl pkcs8 -topk8 -nocrypt` converts them).
    pub fn from_pem(pem: &str) -> Result<Self, AuthError> {
        let text = pem.trim();
        let label = pem_label(text).ok_or(AuthError::InvalidKey { reason: "not a PEM block (-----BEGIN ...-----)" })?;
        if label != PKCS8_LABEL {
            return Err(AuthError::InvalidKey {
                reason: match label {
                    "EC PRIVATE KEY" | "RSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
                        "a private key in a legacy format: convert it to PKCS#8 (BEGIN PRIVATE KEY)"
                    }
                    "ENCRYPTED PRIVATE KEY" => "an encrypted private key: decrypt it to PKCS#8 (BEGIN PRIVATE KEY)",
                    "PUBLIC KEY" | "CERTIFICATE" => "a public key or certificate, not a private key",
                    _ => "a PEM block that is not a PKCS#8 private key (BEGIN PRIVATE KEY)",
                },
            });
        }
        let begin = format!("-----BEGIN {PKCS8_LABEL}-----");
        let end = format!("-----END {PKCS8_LABEL}-----");
        let body = text
            .strip_prefix(begin.as_str())
            .and_then(|rest| rest.split_once(end.as_str()))
            .map(|(body, _)| body)
            .ok_or(AuthError::InvalidKey { reason: "the PEM block has no matching END line" })?;
        let der = base64::decode_standard(body)
            .ok_or(AuthError::InvalidKey { reason: "the PEM body is not valid base64" })?;
        Self::from_der(der)
    }

    /// A PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) in DER.
    pub fn from_der(der: Vec<u8>) -> Result<Self, AuthError> {
        let kind = pkcs8_kind(&der).ok_or(AuthError::InvalidKey { reason: "not a DER PKCS#8 PrivateKeyInfo" })?;
        Ok(PrivateKey { der, kind })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The key, checked to fit `algorithm`.
    pub fn for_algorithm(self, algorithm: Algorithm) -> Result<Self, AuthError> {
        if !algorithm.fits(self.kind) {
            return Err(AuthError::KeyAlgorithmMismatch { algorithm: algorithm.as_str(), key: self.kind.as_str() });
        }
        Ok(self)
    }
}

fn pem_label(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("-----BEGIN ")?;
    let (label, _) = rest.split_once("-----")?;
    Some(label)
}

/// One DER TLV at the start of `input`: (tag, contents, rest).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 3 || rest.len() < n {
            return None;
        }
        let (bytes, rest) = rest.split_at(n);
        (bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b)), rest)
    };
    if rest.len() < len {
        return None;
    }
    let (contents, rest) = rest.split_at(len);
    Some((tag, contents, rest))
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OID: u8 = 0x06;
const OCTET_STRING: u8 = 0x04;

const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// The key type of a `PrivateKeyInfo`: SEQUENCE { version INTEGER,
/// AlgorithmIdentifier SEQUENCE { OID, parameters }, privateKey OCTET STRING, ... }.
fn pkcs8_kind(der: &[u8]) -> Option<KeyKind> {
    let (tag, info, trailing) = tlv(der)?;
    if tag != SEQUENCE || !trailing.is_empty() {
        return None;
    }
    let (tag, _version, rest) = tlv(info)?;
    if tag != INTEGER {
        return None;
    }
    let (tag, algorithm, rest) = tlv(rest)?;
    if tag != SEQUENCE {
        return None;
    }
    let (tag, _key, _) = tlv(rest)?;
    if tag != OCTET_STRING {
        return None;
    }
    let (tag, oid, params) = tlv(algorithm)?;
    if tag != OID {
        return None;
    }
    Some(match oid {
        OID_EC => match tlv(params) {
            Some((OID, OID_P256, _)) => KeyKind::EcP256,
            Some((OID, OID_P384, _)) => KeyKind::EcP384,
            Some((OID, OID_P521, _)) => KeyKind::EcP521,
            _ => KeyKind::Other,
        },
        OID_RSA => KeyKind::Rsa,
        OID_RSA_PSS => KeyKind::RsaPss,
        OID_ED25519 => KeyKind::Ed25519,
        _ => KeyKind::Other,
    })
}

/// A JWT before its signature: header and claims, fixed. `Debug` shows
/// the header only (claims of an assertion identify the client, of a DPoP
/// proof the token hash: not secret, but not log material either).
#[derive(Clone, PartialEq)]
pub struct UnsignedJwt {
    header: Map<String, Value>,
    claims: Map<String, Value>,
    input: String,
}

impl fmt::Debug for UnsignedJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnsignedJwt").field("header", &self.header).finish_non_exhaustive()
    }
}

impl UnsignedJwt {
    pub fn new(header: Map<String, Value>, claims: Map<String, Value>) -> Self {
        let encode = |m: &Map<String, Value>| base64::url_no_pad(Value::Object(m.clone()).to_string().as_bytes());
        let input = format!("{}.{}", encode(&header), encode(&claims));
        UnsignedJwt { header, claims, input }
    }

    pub fn header(&self) -> &Map<String, Value> {
        &self.header
    }

    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// The bytes to sign (RFC 7515 §5.1 step 5): `b64(header).b64(claims)`.
    pub fn signing_input(&self) -> &str {
        &self.input
    }

    /// The compact JWS, given the signature over [`signing_input`](Self::signing_input)
    /// in JWS form (ECDSA as raw `r || s`, which is what WebCrypto returns).
    pub fn sign(&self, signature: &[u8]) -> String {
        format!("{}.{}", self.input, base64::url_no_pad(signature))
    }
}

/// `jti` (RFC 7519 §4.1.7) from random bytes: at least 16 of them, so that
/// two proofs or assertions never share one.
pub fn jti(random: &[u8]) -> Result<String, AuthError> {
    if !(16..=64).contains(&random.len()) {
        return Err(AuthError::InvalidRandom { what: "jti", len: random.len(), min: 16, max: 64 });
    }
    Ok(base64::url_no_pad(random))
}
