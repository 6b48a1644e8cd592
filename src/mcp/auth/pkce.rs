//! PKCE (RFC 7636) with the S256 method only: `plain` would hand the
//! verifier to anyone who sees the authorization URL, and the MCP spec
//! requires S256 where the server supports it and refusal where it does not.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::metadata::AuthServer;
use super::{base64, sha256::sha256, AuthError};

/// The `code_challenge_method` this client uses.
pub const S256: &str = "S256";

/// A verifier and its challenge. `Debug` hides the verifier: it is what
/// turns a stolen code into a token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pkce {
    verifier: String,
    challenge: String,
}

impl Pkce {
    /// A verifier made of `random` bytes (32 to 96 of them, which encode to
    /// the 43 to 128 characters RFC 7636 §4.1 allows). The bytes come from
    /// the caller (`crypto.getRandomValues`) so the core stays deterministic.
    pub fn from_random(random: &[u8]) -> Result<Self, AuthError> {
        if !(32..=96).contains(&random.len()) {
            return Err(AuthError::InvalidRandom { what: "the PKCE verifier", len: random.len(), min: 32, max: 96 });
        }
        let verifier = base64::url_no_pad(random);
        let challenge = challenge_s256(&verifier);
        Ok(Pkce { verifier, challenge })
    }

    /// The `code_verifier` for the token request.
    pub fn verifier(&self) -> &str {
        &self.verifier
    }

    /// The `code_challenge` for the authorization URL.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce").field("verifier", &"[redacted]").field("challenge", &self.challenge).finish()
    }
}

/// `BASE64URL(SHA256(ASCII(verifier)))` (RFC 7636 §4.2).
pub fn challenge_s256(verifier: &str) -> String {
    base64::url_no_pad(&sha256(verifier.as_bytes()))
}

/// Refuses a server that does not list S256 in
/// `code_challenge_methods_supported`.
pub fn require_s256(server: &AuthServer) -> Result<(), AuthError> {
    if server.supports_s256() {
        Ok(())
    } else {
        Err(AuthError::S256Unsupported { advertised: server.code_challenge_methods_supported.clone() })
    }
}
