//! Requests given as JSON text (by the JS bindings, or any caller holding
//! JSON): decoded into the typed request with a typed error that names the
//! field and says what was expected there in words, instead of serde's
//! parser-oriented message.

use serde::de::DeserializeOwned;

use crate::error::Error;

/// Decodes argument `what` (e.g. `body`) from `json`. Errors name the
/// deepest field at fault (`inputs`, `tools[1].function.name`).
pub fn request_from_json<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = match path.as_str() {
            "." => None,
            // An array where an object was expected: `body[0]`, not `[0]`.
            p if p.starts_with('[') => Some(format!("{what}{p}")),
            _ => Some(path),
        };
        let message = e.into_inner().to_string();
        let (field, expected) = describe(at.as_deref(), strip_position(&message));
        Error::invalid(field.unwrap_or_else(|| what.to_owned()), expected)
    })
}

/// serde_json appends " at line L column C", which means nothing to a caller
/// who passed an object rather than text.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

/// The field at fault and what it should have been.
fn describe(path: Option<&str>, message: &str) -> (Option<String>, String) {
    // Open enums decode their known variants from a buffered value and
    // prefix the inner error with the variant: "ConversationTool `function`: ...".
    if let Some((head, inner)) = message.split_once("`: ") {
        if head.split_once(" `").is_some_and(|(name, _)| !name.is_empty() && !name.contains(' ')) {
            return describe(path, inner);
        }
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
