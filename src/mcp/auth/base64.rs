//! Base64 encoding (RFC 4648): the URL-safe alphabet without padding for PKCE
//! and `state` (they travel in URLs), the standard one with padding for the
//! `client_secret_basic` header. Encoding only: nothing in the flow decodes.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without `=` padding (RFC 7636 §3's `BASE64URL-ENCODE`).
pub fn url_no_pad(data: &[u8]) -> String {
    encode(data, URL_SAFE, false)
}

/// Standard base64 with padding, as HTTP Basic authentication expects.
pub fn standard(data: &[u8]) -> String {
    encode(data, STANDARD, true)
}

fn encode(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let b = [chunk[0], if n > 1 { chunk[1] } else { 0 }, if n > 2 { chunk[2] } else { 0 }];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= n {
                out.push(char::from(alphabet[((v >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}
