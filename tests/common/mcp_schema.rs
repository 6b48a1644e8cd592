//! The official MCP JSON Schemas and examples as a test oracle
//! (`../shared/spec/mcp/`): validators for a revision's `$defs`, the
//! example files by definition name, and a JSON comparison for round trips.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

include!("shared.rs");

use serde_json::{json, Value};

/// The revisions the client core is checked against.
pub const V2025_11_25: &str = "2025-11-25";
pub const V2026_07_28: &str = "2026-07-28";

pub fn dir() -> PathBuf {
    shared_path("spec/mcp")
}

fn base(version: &str) -> String {
    format!("https://spec.invalid/mcp/schema-{version}.json")
}

fn read_json(path: &PathBuf) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Every revision whose schema is in the spec directory.
pub const VERSIONS: [&str; 5] = ["2024-11-05", "2025-03-26", "2025-06-18", V2025_11_25, V2026_07_28];

fn slot(version: &str) -> usize {
    VERSIONS.iter().position(|v| *v == version).unwrap_or_else(|| panic!("no schema for {version}"))
}

/// The schema document of `version`, parsed once per test binary.
pub fn load(version: &str) -> &'static Value {
    static DOCS: [OnceLock<Value>; 5] = [const { OnceLock::new() }; 5];
    DOCS[slot(version)].get_or_init(|| read_json(&dir().join(format!("schema-{version}.json"))))
}

/// Up to 2025-06-18 the schemas are draft-07 with `definitions`; later
/// ones are 2020-12 with `$defs`.
fn defs_key(version: &str) -> &'static str {
    if load(version).get("$defs").is_some() {
        "$defs"
    } else {
        "definitions"
    }
}

fn registry(version: &str) -> &'static jsonschema::Registry<'static> {
    static REGISTRIES: [OnceLock<jsonschema::Registry<'static>>; 5] = [const { OnceLock::new() }; 5];
    REGISTRIES[slot(version)].get_or_init(|| {
        jsonschema::Registry::new()
            .add(base(version), load(version).clone())
            .expect("registering the MCP schema")
            .prepare()
            .expect("preparing the registry")
    })
}

pub fn has_definition(version: &str, name: &str) -> bool {
    load(version).pointer(&format!("/{}/{name}", defs_key(version))).is_some()
}

/// A validator for the definition `name` of `version`, in the schema's own
/// draft.
pub fn validator(version: &str, name: &str) -> jsonschema::Validator {
    assert!(has_definition(version, name), "no definition `{name}` in schema {version}");
    let draft = if defs_key(version) == "$defs" { jsonschema::Draft::Draft202012 } else { jsonschema::Draft::Draft7 };
    jsonschema::options()
        .with_draft(draft)
        .with_registry(registry(version))
        .build(&json!({ "$ref": format!("{}#/{}/{name}", base(version), defs_key(version)) }))
        .unwrap_or_else(|e| panic!("building a validator for `{name}` ({version}): {e}"))
}

/// Every violation of `$defs/<name>` of `version` by `value`.
pub fn violations(version: &str, name: &str, value: &Value) -> Vec<String> {
    validator(version, name).iter_errors(value).map(|e| format!("  at `{}`: {}", e.instance_path(), e)).collect()
}

/// Panics with every violation when `value` is not a valid `name` of `version`.
pub fn assert_valid(version: &str, name: &str, value: &Value) {
    let errors = violations(version, name, value);
    assert!(errors.is_empty(), "not a valid `{name}` ({version}):\n{}\nvalue: {value:#}", errors.join("\n"));
}

/// The example directories of 2026-07-28 (each named after a definition),
/// sorted, with their files' JSON.
pub fn examples() -> Vec<(String, Vec<(String, Value)>)> {
    let root = dir().join("examples-2026-07-28");
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("listing {}: {e}", root.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).expect("a UTF-8 directory name").to_owned();
        let mut files = Vec::new();
        for file in std::fs::read_dir(&path).unwrap_or_else(|e| panic!("listing {}: {e}", path.display())) {
            let file = file.expect("a directory entry").path();
            if file.extension().and_then(|e| e.to_str()) == Some("json") {
                let label = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
                files.push((label, read_json(&file)));
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        out.push((name, files));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The differences between two JSON values, by path; numbers compare by
/// value (`50` and `50.0` are the same JSON number).
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff("", a, b, &mut out);
    out
}

fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => diff(&format!("{path}.{k}"), v, w, out),
                    None => out.push(format!("  `{path}.{k}` was dropped")),
                }
            }
            for (k, w) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                out.push(format!("  `{path}.{k}` = {w} was added"));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), v, w, out);
            }
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => {}
        _ if a == b => {}
        _ => out.push(format!("  `{path}`: {a} became {b}")),
    }
}
