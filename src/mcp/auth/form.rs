//! `application/x-www-form-urlencoded`, both ways: the token and
//! authorization requests are built from it, the redirect back from the
//! authorization server is read with it. The same rules serve query strings,
//! so one pair of functions covers both.

/// `pairs` as `k=v&k=v`, every byte outside the unreserved set (RFC 3986
/// §2.3) percent-encoded. Encoding spaces as `%20` rather than `+` keeps the
/// output valid in both a form body and a URL query.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(&mut out, k);
        out.push('=');
        push_encoded(&mut out, v);
    }
    out
}

/// One value percent-encoded like [`encode`] does (also what RFC 6749 §2.3.1
/// asks for the client id and secret of `client_secret_basic`).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

fn push_encoded(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// The pairs of a query string or form body, decoded (`+` is a space). A
/// broken escape or bytes that are not UTF-8 after decoding give `None` for
/// the whole input: a redirect that cannot be read must not be half-read.
pub fn decode(input: &str) -> Option<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for part in input.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((decode_component(k)?, decode_component(v)?));
    }
    Some(pairs)
}

fn decode_component(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| char::from(*b).to_digit(16))?;
                let lo = bytes.get(i + 2).and_then(|b| char::from(*b).to_digit(16))?;
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}
