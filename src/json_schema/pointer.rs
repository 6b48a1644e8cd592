//! JSON pointers both ways: resolving a local `$ref` in the root schema, and
//! writing the instance path of a violation.

use std::borrow::Cow;
use std::fmt::Write;

use serde_json::Value;

/// The schema `reference` points to in `root`, for a fragment-only reference
/// (`#`, `#/$defs/a`, `#/definitions/a%20b`); `None` for anything else.
pub(crate) fn resolve<'s>(root: &'s Value, reference: &str) -> Option<&'s Value> {
    let fragment = percent_decode(reference.strip_prefix('#')?)?;
    if fragment.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for token in fragment.strip_prefix('/')?.split('/') {
        let token = unescape(token);
        node = match node {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(items) => items.get(index(&token)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A reference token with `~1` and `~0` read back as `/` and `~` (a loop
/// rather than `str::replace`, whose substring search costs wasm size).
fn unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('~', Some('1')) => {
                out.push('/');
                chars.next();
            }
            ('~', Some('0')) => {
                out.push('~');
                chars.next();
            }
            (c, _) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An array index token: digits without a leading zero (RFC 6901).
fn index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// A URI fragment's `%XX` escapes decoded; `None` when malformed or not UTF-8.
fn percent_decode(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('%') {
        return Some(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Appends `/key` to a pointer, escaped.
pub(crate) fn push_token(path: &mut String, key: &str) {
    path.push('/');
    for c in key.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

/// Appends `/index` to a pointer.
pub(crate) fn push_index(path: &mut String, index: usize) {
    let _ = write!(path, "/{index}");
}
