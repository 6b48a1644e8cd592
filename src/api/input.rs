//! Requests given as JSON text (by the JS bindings, or any caller holding
//! JSON): decoded into the typed request with a typed error that names the
//! field and says what was expected there in words, instead of serde's
//! parser-oriented message.

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Decodes argument `what` (e.g. `body`) from `json`. Errors name the
/// deepest field at fault (`inputs`, `tools[1].function.name`).
pub fn request_from_json<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, Error> {
    crate::json_path::decode(json).map_err(|(path, message)| {
        let at = match path.as_str() {
            "." => None,
            // An array where an object was expected: `body[0]`, not `[0]`.
            p if p.starts_with('[') => Some(format!("{what}{p}")),
            _ => Some(path),
        };
        let (field, expected) = describe(at.as_deref(), &message);
        Error::invalid(field.unwrap_or_else(|| what.to_owned()), expected)
    })
}

/// The field at fault and what it should have been.
fn describe(path: Option<&str>, message: &str) -> (Option<String>, String) {
    // Open enums decode their known variants from a buffered value and
    // prefix the inner error with the enum ("InputEntry: ...",
    // "ConversationTool `function`: ..."), and the buffered value's own
    // failing member with "at `content[0].text`: ".
    if let Some(inner) = strip_enum_prefix(message) {
        return describe(path, inner);
    }
    if let Some((sub, inner)) = message.strip_prefix("at `").and_then(|m| m.split_once("`: ")) {
        let joined = match path {
            Some(p) if sub.starts_with('[') => format!("{p}{sub}"),
            Some(p) => format!("{p}.{sub}"),
            None => sub.to_owned(),
        };
        return describe(Some(&joined), inner);
    }
    // The path ends at the unknown field itself, but at the parent of a
    // missing one.
    let join = |name: &str| match path {
        Some(p) if p == name || p.ends_with(&format!(".{name}")) => Some(p.to_owned()),
        Some(p) => Some(format!("{p}.{name}")),
        None => Some(name.to_owned()),
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((got, expected)) = message.strip_prefix(prefix).and_then(|m| m.split_once(", expected ")) {
            return (path.map(str::to_owned), format!("{expected} (got {got})"));
        }
    }
    if let Some(name) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        return (join(name), "a value (the field is required)".to_owned());
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((name, expected)) = rest.split_once("`, expected ") {
            return (join(name), format!("no field of this name; the known fields are {expected}"));
        }
        if let Some((name, _)) = rest.split_once('`') {
            return (join(name), "no field of this name".to_owned());
        }
    }
    if let Some((got, expected)) = message.strip_prefix("unknown variant ").and_then(|m| m.split_once(", expected ")) {
        return (path.map(str::to_owned), format!("{expected} (got {got})"));
    }
    (path.map(str::to_owned), message.to_owned())
}

/// The rest of `message` after an enum's "Name: " or "Name `tag`: " prefix.
fn strip_enum_prefix(message: &str) -> Option<&str> {
    let end = message.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let (name, rest) = message.split_at(end);
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    if let Some(inner) = rest.strip_prefix(": ") {
        return Some(inner);
    }
    rest.strip_prefix(" `").and_then(|r| r.split_once("`: ")).map(|(_, inner)| inner)
}
