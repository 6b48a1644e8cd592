//! The 2026-07-28 routing headers: `Mcp-Name` and the `Mcp-Param-*` headers
//! a tool asks for with `x-mcp-header` in its input schema, so gateways can
//! route and authorize without parsing bodies. A tool whose annotations
//! break the rules is invalid: the client must not call it over HTTP, since
//! the server would reject the headers (or worse, route on a wrong one).

use serde_json::Value;

use crate::models::common::JsonObject;

/// The prefix of the headers that mirror tool arguments.
pub const PARAM_HEADER_PREFIX: &str = "Mcp-Param-";
const KEY: &str = "x-mcp-header";
const SENTINEL_PREFIX: &str = "=?base64?";
const SENTINEL_SUFFIX: &str = "?=";

/// One argument mirrored into a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamHeader {
    /// The property names from the schema root down to the argument.
    pub path: Vec<String>,
    /// The name after `Mcp-Param-`, as the tool spelled it.
    pub name: String,
}

/// Subschema keywords the `properties` chain may not pass through: an
/// annotation below one of them is not statically reachable.
const UNREACHABLE: [&str; 18] = [
    "items",
    "prefixItems",
    "contains",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "patternProperties",
    "dependentSchemas",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "$defs",
    "definitions",
];

/// Keywords whose value maps names to subschemas.
const BY_NAME: [&str; 4] = ["patternProperties", "dependentSchemas", "$defs", "definitions"];

/// RFC 9110 `tchar`.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The annotations of an input schema, or why they make the tool invalid:
/// each must be a non-empty token, on a `string`/`integer`/`boolean`
/// property reached only through `properties`, and unique ignoring case.
pub fn scan(schema: &JsonObject) -> Result<Vec<ParamHeader>, String> {
    let mut found = Vec::new();
    visit(schema, &mut Vec::new(), true, &mut found)?;
    Ok(found)
}

fn visit(
    schema: &JsonObject,
    path: &mut Vec<String>,
    reachable: bool,
    found: &mut Vec<ParamHeader>,
) -> Result<(), String> {
    let at = || {
        if path.is_empty() {
            "<root>".to_owned()
        } else {
            path.join(".")
        }
    };
    if let Some(raw) = schema.get(KEY) {
        if !reachable || path.is_empty() {
            return Err(format!("{}: only allowed on properties reached through `properties`", at()));
        }
        let Some(name) = raw.as_str().filter(|s| !s.is_empty()) else {
            return Err(format!("{}: must be a non-empty string", at()));
        };
        if !is_token(name) {
            return Err(format!("{}: `{name}` is not an HTTP token", at()));
        }
        let ty = schema.get("type").and_then(Value::as_str);
        if !matches!(ty, Some("string" | "integer" | "boolean")) {
            return Err(format!("{}: only string, integer and boolean properties may be mirrored, not {:?}", at(), ty));
        }
        if let Some(prior) = found.iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
            return Err(format!("`{name}` is declared twice (also as `{}`)", prior.name));
        }
        found.push(ParamHeader { path: path.clone(), name: name.to_owned() });
    }
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (key, child) in props {
            if let Value::Object(child) = child {
                path.push(key.clone());
                let r = visit(child, path, reachable, found);
                path.pop();
                r?;
            }
        }
    }
    for keyword in UNREACHABLE {
        let Some(sub) = schema.get(keyword) else {
            continue;
        };
        let branches: Vec<&Value> = match sub {
            Value::Array(items) => items.iter().collect(),
            Value::Object(map) if BY_NAME.contains(&keyword) => map.values().collect(),
            other => vec![other],
        };
        for branch in branches {
            if let Value::Object(branch) = branch {
                path.push(format!("<{keyword}>"));
                let r = visit(branch, path, false, found);
                path.pop();
                r?;
            }
        }
    }
    Ok(())
}

/// The `Mcp-Param-*` headers of one call. Absent, `null` and non-primitive
/// arguments get no header (the server checks against the body anyway).
pub fn param_headers(decls: &[ParamHeader], arguments: Option<&JsonObject>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(arguments) = arguments else {
        return out;
    };
    for decl in decls {
        let mut node: Option<&Value> = None;
        let mut map = Some(arguments);
        for key in &decl.path {
            node = map.and_then(|m| m.get(key));
            map = node.and_then(Value::as_object);
        }
        let text = match node {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                    format!("{}", f as i64)
                }
                _ => continue,
            },
            _ => continue,
        };
        out.push((format!("{PARAM_HEADER_PREFIX}{}", decl.name), encode_value(&text)));
    }
    out
}

/// A header value as sent: plain when it is safe visible ASCII, otherwise
/// `=?base64?…?=` of its UTF-8 (also when it merely looks like that form).
pub fn encode_value(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !(s.starts_with(SENTINEL_PREFIX) && s.ends_with(SENTINEL_SUFFIX))
        && s.bytes().all(|b| b == b'\t' || (0x20..=0x7e).contains(&b));
    if plain {
        s.to_owned()
    } else {
        format!("{SENTINEL_PREFIX}{}{SENTINEL_SUFFIX}", base64(s.as_bytes()))
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
