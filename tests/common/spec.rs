//! The official OpenAPI spec as a test oracle: its examples, instances
//! synthesized from its schemas, and JSON Schema validators for its
//! `components/schemas`.
//!
//! `$ref`s are followed lazily, one schema at a time: the document has a
//! broken reference under `/v1/audio/speech`, so nothing here ever resolves
//! the whole document.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Base URI under which the spec's schemas are registered for validation.
const BASE: &str = "https://spec.invalid/mistral-openapi.json";
/// Beyond this `$ref` depth the synthesizer only fills required members,
/// which ends recursive schemas.
const MAX_DEPTH: usize = 24;

pub fn path() -> PathBuf {
    super::shared::shared_path("spec/mistral-openapi.yaml")
}

/// The spec, parsed once per test binary.
pub fn load() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = path();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
    })
}

/// `components/schemas/<name>`.
pub fn schema(name: &str) -> &'static Value {
    load().pointer(&format!("/components/schemas/{name}")).unwrap_or_else(|| panic!("no schema `{name}` in the spec"))
}

/// Follows a local `$ref` (`#/...`).
pub fn resolve(reference: &str) -> &'static Value {
    let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("non-local $ref `{reference}`"));
    load().pointer(pointer).unwrap_or_else(|| panic!("broken $ref `{reference}`"))
}

fn registry() -> &'static jsonschema::Registry<'static> {
    static REGISTRY: OnceLock<jsonschema::Registry<'static>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        // Only the schemas, not the paths (where the broken `$ref` lives).
        let doc = json!({ "components": { "schemas": load()["components"]["schemas"].clone() } });
        jsonschema::Registry::new()
            .add(BASE, doc)
            .expect("registering the spec's schemas")
            .prepare()
            .expect("preparing the registry")
    })
}

/// A JSON Schema 2020-12 validator for `components/schemas/<name>`.
pub fn schema_validator(name: &str) -> jsonschema::Validator {
    schema(name);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(registry())
        .build(&json!({ "$ref": format!("{BASE}#/components/schemas/{name}") }))
        .unwrap_or_else(|e| panic!("building a validator for `{name}`: {e}"))
}

/// A validator for an inline schema of the spec (a parameter's or a body's),
/// whose local `$ref`s are re-pointed at the registered document.
pub fn inline_validator(schema: &Value) -> jsonschema::Validator {
    fn rebase(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| match (k.as_str(), v) {
                        ("$ref", Value::String(r)) if r.starts_with('#') => (k.clone(), Value::String(format!("{BASE}{r}"))),
                        _ => (k.clone(), rebase(v)),
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(rebase).collect()),
            other => other.clone(),
        }
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(registry())
        .build(&rebase(schema))
        .unwrap_or_else(|e| panic!("building a validator for {schema}: {e}"))
}

/// Panics with every violation when `value` does not match schema `name`.
pub fn assert_valid(name: &str, value: &Value) {
    assert_valid_with(&schema_validator(name), name, value);
}

fn assert_valid_with(validator: &jsonschema::Validator, name: &str, value: &Value) {
    let errors: Vec<String> =
        validator.iter_errors(value).map(|e| format!("  at `{}`: {}", e.instance_path(), e)).collect();
    assert!(errors.is_empty(), "not a valid `{name}`:\n{}\nvalue: {value:#}", errors.join("\n"));
}

/// The spec's examples for schema `name`: the schema's own `examples` and
/// `example`, and those of every request or response body whose schema is
/// exactly a `$ref` to it.
pub fn examples_for(name: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let s = schema(name);
    if let Some(Value::Array(list)) = s.get("examples") {
        out.extend(list.iter().cloned());
    }
    out.extend(s.get("example").cloned());
    let target = format!("#/components/schemas/{name}");
    let Some(Value::Object(paths)) = load().get("paths") else { return out };
    for item in paths.values() {
        let Some(item) = item.as_object() else { continue };
        for op in item.values() {
            let bodies = op.pointer("/requestBody/content").into_iter().chain(
                op.get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|r| r.values())
                    .filter_map(|r| r.get("content")),
            );
            for media in bodies.filter_map(Value::as_object).flat_map(|c| c.values()) {
                if media.pointer("/schema/$ref").and_then(Value::as_str) != Some(&target) {
                    continue;
                }
                out.extend(media.get("example").cloned());
                if let Some(Value::Object(examples)) = media.get("examples") {
                    out.extend(examples.values().filter_map(|e| e.get("value")).cloned());
                }
            }
        }
    }
    out
}

/// A maximal instance of schema `name`: every property present; for an
/// array of a union, one item per branch; for a scalar union, its most
/// structured branch.
pub fn synthesize(name: &str) -> Value {
    schema(name);
    synth(&json!({ "$ref": format!("#/components/schemas/{name}") }), 0)
}

/// Like [`synthesize`] for an arbitrary (sub)schema.
pub fn synthesize_schema(schema: &Value) -> Value {
    synth(schema, 0)
}

fn synth(schema: &Value, depth: usize) -> Value {
    let Some(obj) = schema.as_object() else { return json!("any") };
    if let Some(Value::String(r)) = obj.get("$ref") {
        return synth(resolve(r), depth + 1);
    }
    if let Some(c) = obj.get("const") {
        return c.clone();
    }
    if let Some(Value::Array(values)) = obj.get("enum") {
        return values.iter().find(|v| !v.is_null()).cloned().unwrap_or(Value::Null);
    }
    if let Some(Value::Array(parts)) = obj.get("allOf") {
        let mut merged = Map::new();
        for part in parts {
            match synth(part, depth) {
                Value::Object(m) => merged.extend(m),
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    if let Some(branches) = union_branches(obj) {
        let best = branches.iter().min_by_key(|b| branch_rank(b)).expect("empty union");
        return synth(best, depth);
    }
    let ty = match obj.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null"),
        _ if obj.contains_key("properties") => "object",
        _ => return json!("any"),
    };
    match ty {
        "object" => synth_object(obj, depth),
        "array" => synth_array(obj, depth),
        "string" => match obj.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2025-01-02T03:04:05Z"),
            Some("date") => json!("2025-01-02"),
            Some("uuid") => json!("123e4567-e89b-12d3-a456-426614174000"),
            Some("uri") | Some("url") => json!("https://example.com/x"),
            _ => json!("string"),
        },
        "integer" => {
            let min = obj.get("minimum").and_then(Value::as_i64);
            let max = obj.get("maximum").and_then(Value::as_i64);
            json!(min.map(|m| m.max(1)).unwrap_or(1).min(max.unwrap_or(i64::MAX)))
        }
        "number" => {
            // A non-integral value, so that an integer field would be caught.
            let min = obj.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
            let max = obj.get("maximum").and_then(Value::as_f64).unwrap_or(min + 1.0);
            json!(if min <= 0.5 && 0.5 <= max { 0.5 } else { (min + max) / 2.0 + 0.25 })
        }
        "boolean" => json!(true),
        "null" => Value::Null,
        other => panic!("unhandled schema type `{other}`"),
    }
}

fn union_branches(obj: &Map<String, Value>) -> Option<&Vec<Value>> {
    match obj.get("anyOf").or_else(|| obj.get("oneOf")) {
        Some(Value::Array(branches)) => Some(branches),
        _ => None,
    }
}

/// Prefers named schemas, then objects and arrays, then scalars; never null.
fn branch_rank(branch: &Value) -> u8 {
    if branch.get("$ref").is_some() {
        0
    } else {
        match branch.get("type").and_then(Value::as_str) {
            Some("object" | "array") => 1,
            Some("null") => 3,
            _ => 2,
        }
    }
}

fn synth_object(obj: &Map<String, Value>, depth: usize) -> Value {
    let mut out = Map::new();
    let required: Vec<&str> =
        obj.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (key, prop) in props {
            if depth < MAX_DEPTH || required.contains(&key.as_str()) {
                out.insert(key.clone(), away_from_default(prop, synth(prop, depth)));
            }
        }
    }
    if out.is_empty() {
        // A free-form object: give it a member so that dropping it shows.
        let no_props = obj.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty());
        match obj.get("additionalProperties") {
            Some(extra @ Value::Object(m)) if !m.is_empty() => {
                out.insert("key".into(), synth(extra, depth));
            }
            Some(Value::Bool(true) | Value::Object(_)) => {
                out.insert("key".into(), json!({ "nested": [1, "two", true] }));
            }
            None if no_props => {
                out.insert("key".into(), json!({ "nested": [1, "two", true] }));
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// A value other than the property's declared default, where the schema
/// allows one: a model that ignored the member and filled in the default
/// would otherwise round-trip unnoticed.
fn away_from_default(prop: &Value, value: Value) -> Value {
    if prop.get("default") != Some(&value) {
        return value;
    }
    let resolved = match prop.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(r),
        None => prop,
    };
    if resolved.get("const").is_some() {
        return value;
    }
    if let Some(Value::Array(values)) = resolved.get("enum") {
        return values.iter().find(|v| !v.is_null() && **v != value).cloned().unwrap_or(value);
    }
    match value {
        Value::Bool(b) => Value::Bool(!b),
        other => other,
    }
}

fn synth_array(obj: &Map<String, Value>, depth: usize) -> Value {
    let Some(items) = obj.get("items") else { return json!(["any"]) };
    let resolved = match items.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(r),
        None => items,
    };
    let mut out = match resolved.as_object().and_then(union_branches) {
        Some(branches) => {
            branches.iter().filter(|b| branch_rank(b) < 3).map(|b| synth(b, depth + 1)).collect::<Vec<_>>()
        }
        None if depth >= MAX_DEPTH => Vec::new(),
        None => vec![synth(items, depth)],
    };
    let min = obj.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
    while out.len() < min {
        out.push(synth(items, depth + 1));
    }
    Value::Array(out)
}

/// Every `(property name, default or const)` pair in the spec's schemas: the
/// values a model may fill in for a member the input did not have.
fn defaults() -> &'static HashMap<String, Vec<Value>> {
    static DEFAULTS: OnceLock<HashMap<String, Vec<Value>>> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        fn walk(node: &Value, out: &mut HashMap<String, Vec<Value>>) {
            match node {
                Value::Object(map) => {
                    if let Some(Value::Object(props)) = map.get("properties") {
                        for (key, prop) in props {
                            for k in ["default", "const"] {
                                if let Some(v) = prop.get(k) {
                                    out.entry(key.clone()).or_default().push(v.clone());
                                }
                            }
                        }
                    }
                    map.values().for_each(|v| walk(v, out));
                }
                Value::Array(list) => list.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut out = HashMap::new();
        walk(&load()["components"]["schemas"], &mut out);
        out
    })
}

/// Compares what went in with what came out of a model: equal, except that
/// `null` members may be dropped and absent members may be filled with a
/// value the spec declares as that member's default or constant.
pub fn assert_same_json(input: &Value, output: &Value) {
    let mut diffs = Vec::new();
    diff("", input, output, &mut diffs);
    assert!(
        diffs.is_empty(),
        "round trip changed the value:\n{}\ninput:  {input:#}\noutput: {output:#}",
        diffs.join("\n")
    );
}

fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let p = format!("{path}.{k}");
                match y.get(k) {
                    Some(w) => diff(&p, v, w, out),
                    None if v.is_null() => {}
                    None => out.push(format!("  `{p}` was dropped")),
                }
            }
            for (k, w) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                let allowed = defaults().get(k).is_some_and(|vals| vals.iter().any(|d| json_eq(d, w)));
                if !allowed {
                    out.push(format!("  `{path}.{k}` = {w} was added"));
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), v, w, out);
            }
        }
        _ if json_eq(a, b) => {}
        _ => out.push(format!("  `{path}`: {a} became {b}")),
    }
}

/// JSON equality where `1` and `1.0` are the same number.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| json_eq(v, w)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Decodes `value` as `T` (panicking with the failing path), re-encodes it,
/// checks nothing was lost or invented, and validates the output against
/// schema `name`.
pub fn roundtrip_value<T: DeserializeOwned + Serialize>(name: &str, input: &Value) -> Value {
    roundtrip_with::<T>(&schema_validator(name), name, input)
}

fn roundtrip_with<T: DeserializeOwned + Serialize>(
    validator: &jsonschema::Validator,
    name: &str,
    input: &Value,
) -> Value {
    let decoded: T = serde_path_to_error::deserialize(input).unwrap_or_else(|e| {
        panic!(
            "decoding `{name}` as {}: at `{}`: {}\ninput: {input:#}",
            std::any::type_name::<T>(),
            e.path(),
            e.inner()
        )
    });
    let output = serde_json::to_value(&decoded).expect("serializing");
    assert_same_json(input, &output);
    assert_valid_with(validator, name, &output);
    output
}

/// Round-trips the spec's examples for `name` and a synthesized maximal
/// instance through `T`; returns how many values were checked. The inputs
/// are validated first, so a broken generator cannot pass silently.
pub fn roundtrip<T: DeserializeOwned + Serialize>(name: &str) -> usize {
    let validator = schema_validator(name);
    let mut cases = examples_for(name);
    cases.push(synthesize(name));
    for input in &cases {
        assert_valid_with(&validator, name, input);
        roundtrip_with::<T>(&validator, name, input);
    }
    cases.len()
}
