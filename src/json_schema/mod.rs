//! A small JSON Schema validator, for checking a tool's `structuredContent`
//! against its `outputSchema` and model-produced tool arguments against a
//! tool's input schema.
//!
//! It is an interpreter over `serde_json::Value` with no compilation step and
//! no dependencies beyond serde_json, because it ships in size-optimised wasm
//! where a full validator (with its regex engine and URL resolver) would cost
//! more than the rest of the client.
//!
//! What it checks: boolean schemas, `type` (a name or a list; `"integer"` is
//! any number without a fraction, so `1.0` is one), `enum`, `const` (JSON
//! equality with `1 == 1.0`), `properties`, `required`,
//! `additionalProperties`, `propertyNames`, `minProperties`/`maxProperties`,
//! `dependentRequired`, `dependentSchemas` and draft-7 `dependencies`,
//! `items` (a schema, or the draft-7 array form with `additionalItems`),
//! `prefixItems`, `contains` with `minContains`/`maxContains`,
//! `minItems`/`maxItems`, `uniqueItems`, `minLength`/`maxLength` (in Unicode
//! code points), `minimum`/`maximum`, `exclusiveMinimum`/`exclusiveMaximum`
//! (numbers, and the draft-4 booleans), `multipleOf` (exact, on the
//! decimals), `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`, local `$ref`
//! (`#`, `#/$defs/..`, `#/definitions/..`, any JSON pointer into the root
//! document) and OpenAPI's `nullable: true` (a `null` then passes `type` and
//! `enum`).
//!
//! What it does not check, and why:
//! * `pattern`, `patternProperties` and `format` need a regex engine (and
//!   format parsers) that would dominate the wasm size; they are treated as
//!   annotations. With `patternProperties` present, `additionalProperties`
//!   is not applied either, since any property might be one of the pattern
//!   ones: we accept rather than reject data the server may consider valid.
//! * `unevaluatedProperties`/`unevaluatedItems` need annotation tracking
//!   across every applicator; they are ignored.
//! * `$ref` to anything but the root document (other files, `$id`-relative
//!   URLs, `$anchor`s, `$dynamicRef`): [`check_schema`] reports such a
//!   schema as unusable, and [`validate`] reports the `$ref` as a violation.
//! * Unknown keywords are ignored, as the specification asks; so are
//!   keywords whose value has the wrong shape (`"minimum": "3"`).
//!
//! Where drafts disagree, one reading serves all: keywords beside a `$ref`
//! apply (2019-09 on; draft 7 ignored them), `1.0` is an integer (draft 6
//! on), a nested `$id` does not change what `#` means, and `multipleOf`
//! divides the decimals as written (`0.07` is a multiple of `0.01`; `1e300`,
//! being 10^300, is not one of 3).
//!
//! Evaluation is bounded: schema nesting (through `$ref` cycles too) stops at
//! [`MAX_DEPTH`] levels and the total work at a fixed budget, each reported
//! as a violation rather than a stack overflow or a hang.

mod equal;
mod eval;
mod number;
mod pointer;

use std::fmt;

use serde_json::Value;

/// How many violations [`validate`] reports at most; past the first few the
/// list helps no one (a model or a user) fix the data.
pub const MAX_VIOLATIONS: usize = 20;

/// How deeply schemas may nest while evaluating, counting each subschema and
/// each `$ref` followed: deep enough for real schemas and data, shallow
/// enough for a small wasm stack.
pub const MAX_DEPTH: u32 = 128;

/// One way the instance fails the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaViolation {
    /// JSON pointer of the instance location (`/items/0/name`; `""` for the
    /// instance itself).
    pub path: String,
    /// The schema keyword that failed (`"type"`, `"required"`, ...; `"false"`
    /// for a `false` schema, `"depth"` and `"budget"` for the limits).
    pub keyword: &'static str,
    /// What was expected, in words (`a string`, `property "name"`).
    pub expected: String,
}

impl fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(root)" } else { &self.path };
        write!(f, "{path}: expected {} ({})", self.expected, self.keyword)
    }
}

/// Checks `instance` against `schema`. The violations are in evaluation
/// order, at most [`MAX_VIOLATIONS`] of them.
pub fn validate(schema: &Value, instance: &Value) -> Result<(), Vec<SchemaViolation>> {
    eval::run(schema, instance)
}

/// Whether this validator can use `schema` at all: it must be an object or a
/// boolean, and every `$ref` in it must point into the schema itself.
/// A caller can skip validation (rather than reject every value) when a
/// server sends a schema we cannot evaluate.
pub fn check_schema(schema: &Value) -> Result<(), String> {
    match schema {
        Value::Bool(_) => Ok(()),
        Value::Object(_) => check_refs(schema, schema, &mut String::new(), 0),
        other => Err(format!("the schema is {}, not an object or a boolean", eval::describe_kind(other))),
    }
}

/// Keywords whose values are data, not schemas: a `"$ref"` inside them is not
/// a reference.
const DATA_KEYWORDS: [&str; 5] = ["enum", "const", "default", "examples", "example"];

fn check_refs(root: &Value, node: &Value, at: &mut String, depth: u32) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("the schema nests deeper than {MAX_DEPTH} levels at {at}"));
    }
    let len = at.len();
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if pointer::resolve(root, r).is_none() {
                    let at = if at.is_empty() { "the root" } else { at.as_str() };
                    return Err(format!("`$ref` {} at {at} does not point into this schema", eval::quote_str(r)));
                }
            }
            for (key, value) in map {
                if DATA_KEYWORDS.contains(&key.as_str()) {
                    continue;
                }
                pointer::push_token(at, key);
                check_refs(root, value, at, depth + 1)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                pointer::push_index(at, i);
                check_refs(root, value, at, depth + 1)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}
