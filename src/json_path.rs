//! Decoding JSON text into a type with the path of the failing field
//! (`tools[1].type`).
//!
//! Every type is decoded straight from text, in one pass and without a
//! path-tracking wrapper: serde_json stamps each error with the position
//! where it stopped, and scanning the text up to that position names the
//! value there. So each type's `Deserialize` code exists once in the wasm
//! binary (for serde_json's text deserializer), and the path costs nothing
//! until something fails. Tagged unions read their variant from the same
//! text ([`crate::tagged`]), so positions stay meaningful inside them.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// `T` from JSON text, or the failing path and serde's message.
///
/// A union that decodes a captured member's text on its own fails only
/// after serde_json has moved on from that member, and when the member is
/// the last of its container the failure would be placed at the container.
/// So a failed decode runs once more with [`locating`] on, in which those
/// unions fail while the member is still being read; the happy path pays
/// nothing for it.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    decode_with(text, |de| T::deserialize(de))
}

/// [`decode`] through `read` (which may wrap the text deserializer).
pub(crate) fn decode_with<T, F>(text: &str, read: F) -> Result<T, (String, String)>
where
    F: Fn(&mut serde_json::Deserializer<serde_json::de::StrRead<'_>>) -> Result<T, serde_json::Error>,
{
    let once = || {
        let mut de = serde_json::Deserializer::from_str(text);
        read(&mut de).and_then(|value| de.end().map(|()| value))
    };
    match once() {
        Ok(value) => Ok(value),
        Err(e) if locating() => Err(located(text, &e)),
        Err(e) => {
            LOCATING.with(|l| l.set(true));
            let again = once();
            LOCATING.with(|l| l.set(false));
            Err(located(text, again.as_ref().err().unwrap_or(&e)))
        }
    }
}

thread_local! {
    static LOCATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a decode is being repeated to locate its failure.
pub(crate) fn locating() -> bool {
    LOCATING.with(|l| l.get())
}

/// `T` from a value already parsed (a JSON-RPC message's params): decoded
/// from its text, so that `T` has one decoder and the error its path.
pub fn decode_value<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    decode(&value.to_string())
}

/// The path of the value where `error` stopped in `text`, and its message.
fn located(text: &str, error: &serde_json::Error) -> (String, String) {
    (error_path(text, error), strip_position(&error.to_string()).to_owned())
}

/// ``at `path`: message``, or the message alone at the root: the form in
/// which a union that decodes a member's text on its own passes the inner
/// failure up (its own error is located at the whole member).
pub(crate) fn nest((path, message): (String, String)) -> String {
    if path == "." {
        message
    } else {
        format!("at `{path}`: {message}")
    }
}

/// serde_json appends " at line L column C" to its messages; the path says
/// where, in terms a caller can use.
pub(crate) fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

enum Frame {
    Object { key: Option<String>, in_value: bool },
    Array { index: usize, started: bool },
}

/// The path of the value at the error position of `error` in `text`; `"."`
/// for the root.
fn error_path(text: &str, error: &serde_json::Error) -> String {
    path_at(text, offset(text, error.line(), error.column()))
}

/// Byte offset of 1-based `line` and `column` (serde_json counts bytes).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len().saturating_sub(1))
}

fn render(stack: &[Frame], with_last_key: bool) -> String {
    let mut out = String::new();
    for (i, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Object { key: Some(k), in_value } if *in_value || (with_last_key && i + 1 == stack.len()) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Array { index, started: true } => out.push_str(&format!("[{index}]")),
            _ => {}
        }
    }
    if out.is_empty() {
        ".".to_owned()
    } else {
        out
    }
}

/// The path of the innermost value that contains byte `at`.
fn path_at(text: &str, at: usize) -> String {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'{' | b'[' => {
                start_value(&mut stack);
                if i >= at {
                    return render(&stack, false);
                }
                stack.push(if c == b'{' {
                    Frame::Object { key: None, in_value: false }
                } else {
                    Frame::Array { index: 0, started: false }
                });
            }
            b'}' | b']' => {
                if i >= at {
                    stack.pop();
                    return render(&stack, false);
                }
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { in_value, .. }) if i < at => *in_value = false,
                Some(Frame::Array { index, started }) if i < at && *started => {
                    *index += 1;
                    *started = false;
                }
                _ => {}
            },
            b'"' => {
                let end = string_end(bytes, i);
                let is_key = matches!(stack.last(), Some(Frame::Object { in_value: false, .. }));
                if is_key {
                    if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                        *key = Some(unescape(&text[i + 1..end.min(text.len()).max(i + 1)]));
                    }
                    if at <= end {
                        return render(&stack, true);
                    }
                } else {
                    start_value(&mut stack);
                    if at <= end {
                        return render(&stack, false);
                    }
                }
                i = end;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                // A number or a literal.
                start_value(&mut stack);
                let mut end = i;
                while end + 1 < bytes.len() && !matches!(bytes[end + 1], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    end += 1;
                }
                if at <= end {
                    return render(&stack, false);
                }
                i = end;
            }
        }
        if i >= at {
            return render(&stack, false);
        }
        i += 1;
    }
    render(&stack, false)
}

/// A value starts in the innermost container: an array counts it.
fn start_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

/// Index of the closing quote of the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn unescape(raw: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        decode::<T>(text).unwrap_err().0
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        a: u32,
        b: Option<Vec<u32>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
    }

    #[test]
    fn paths_match_the_failing_value() {
        assert_eq!(path_of::<Outer>(r#"{"name": 5, "items": []}"#), "name");
        assert_eq!(path_of::<Outer>(r#"{"name": "x", "items": [{"a": 1}, {"a": "no"}]}"#), "items[1].a");
        assert_eq!(path_of::<Outer>(r#"{"name": "x", "items": [{"a": 1, "b": [1, 2, "3"]}]}"#), "items[0].b[2]");
        assert_eq!(path_of::<Outer>(r#"{"name": "x", "items": [{"a": 1, "c": 2}]}"#), "items[0].c");
        assert_eq!(path_of::<Outer>(r#"{"name": "x", "items": [{"b": null}]}"#), "items[0]");
        assert_eq!(path_of::<Outer>(r#"{"name": "x"}"#), ".");
        assert_eq!(path_of::<Outer>(r#"{"name": {"deep": [1]}, "items": []}"#), "name");
        assert_eq!(path_of::<Outer>("{\n  \"name\": \"x\",\n  \"items\": [\n    {\"a\": true}\n  ]\n}"), "items[0].a");
        assert_eq!(path_of::<Vec<u32>>("[1, 2, \"x\"]"), "[2]");
        assert_eq!(path_of::<Outer>(r#"{"na\"me": 1, "name": 2}"#), "name");
    }

    #[test]
    fn syntax_errors_are_located_by_scanning() {
        assert_eq!(decode::<Outer>(r#"{"name": "x", "items": [{"a": 1, "b": [1, 2}]}"#).unwrap_err().0, "items[0].b");
        let (path, message) = decode::<Outer>(r#"{"name": "x", "items": [{"a": 1"#).unwrap_err();
        assert_eq!(path, "items[0].a");
        assert!(!message.contains("line"), "{message}");
    }

    #[test]
    fn any_position_in_any_text_is_safe() {
        for text in ["", "{", "\"", "[1,", "{\"a\":", "\\", "{\"a\" 1}", "]]]", "{}}"] {
            for at in 0..text.len() + 2 {
                let _ = path_at(text, at);
            }
            let _ = offset(text, 9, 9);
        }
    }
}
