//! The evaluator: walks the schema and the instance together, writing
//! violations into a bounded list.
//!
//! Branches whose failure is not itself reported (`anyOf`, `oneOf`, `not`,
//! `if`, `contains`, `propertyNames`) run "quietly" into a list of capacity
//! one, so they stop at their first violation.

use std::fmt::Write;

use serde_json::{Map, Number, Value};

use super::equal::json_equal;
use super::{number, pointer, SchemaViolation, MAX_DEPTH, MAX_VIOLATIONS};

/// Subschema evaluations allowed per [`run`]: generous for real data, and a
/// stop for schemas that branch exponentially (`anyOf` of two `$ref: "#"`).
const BUDGET: u32 = 2_000_000;

/// The longest rendering of a value quoted in a message (`enum`, `const`).
const QUOTE_CHARS: usize = 80;

pub(crate) fn run(schema: &Value, instance: &Value) -> Result<(), Vec<SchemaViolation>> {
    if !matches!(schema, Value::Bool(_) | Value::Object(_)) {
        let expected = format!("a usable schema, but the schema is {}", describe_kind(schema));
        return Err(vec![SchemaViolation { path: String::new(), keyword: "schema", expected }]);
    }
    let mut ev = Eval { root: schema, budget: BUDGET, aborted: None };
    let mut out = Out { list: Vec::new(), cap: MAX_VIOLATIONS };
    ev.eval(schema, instance, &mut String::new(), 0, &mut out);
    if let Some(abort) = ev.aborted {
        // A limit hit inside `not` or `anyOf` may have flipped a verdict, so
        // whatever else happened the instance is not known to be valid.
        if !out.list.contains(&abort) {
            if out.list.len() >= MAX_VIOLATIONS {
                out.list.pop();
            }
            out.list.push(abort);
        }
    }
    if out.list.is_empty() {
        Ok(())
    } else {
        Err(out.list)
    }
}

struct Eval<'s> {
    root: &'s Value,
    budget: u32,
    /// The first limit hit, reported whatever the branch it happened in.
    aborted: Option<SchemaViolation>,
}

struct Out {
    list: Vec<SchemaViolation>,
    cap: usize,
}

impl Out {
    fn quiet() -> Self {
        Out { list: Vec::new(), cap: 1 }
    }

    fn full(&self) -> bool {
        self.list.len() >= self.cap
    }

    fn push(&mut self, path: &str, keyword: &'static str, expected: String) {
        if !self.full() {
            self.list.push(SchemaViolation { path: path.to_owned(), keyword, expected });
        }
    }
}

impl<'s> Eval<'s> {
    fn stopped(&self, out: &Out) -> bool {
        out.full() || self.aborted.is_some()
    }

    fn abort(&mut self, path: &str, keyword: &'static str, expected: String, out: &mut Out) {
        let violation = SchemaViolation { path: path.to_owned(), keyword, expected };
        out.push(path, keyword, violation.expected.clone());
        self.aborted.get_or_insert(violation);
    }

    /// Whether `instance` matches `schema`, reporting nothing.
    fn matches(&mut self, schema: &'s Value, instance: &Value, path: &mut String, depth: u32) -> bool {
        let mut out = Out::quiet();
        self.eval(schema, instance, path, depth + 1, &mut out);
        out.list.is_empty()
    }

    fn eval(&mut self, schema: &'s Value, instance: &Value, path: &mut String, depth: u32, out: &mut Out) {
        if self.stopped(out) {
            return;
        }
        if depth > MAX_DEPTH {
            let expected = format!("schemas nested at most {MAX_DEPTH} deep (is there a `$ref` cycle?)");
            return self.abort(path, "depth", expected, out);
        }
        if self.budget == 0 {
            let expected = format!("a validation within {BUDGET} schema evaluations");
            return self.abort(path, "budget", expected, out);
        }
        self.budget -= 1;
        let map = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return out.push(path, "false", "no value here (the schema is false)".into()),
            Value::Object(map) => map,
            // A malformed subschema is ignored, like a malformed keyword.
            _ => return,
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            match super::pointer::resolve(self.root, reference) {
                Some(target) => self.eval(target, instance, path, depth + 1, out),
                None => out.push(
                    path,
                    "$ref",
                    format!("a schema at {}, which is not a local reference", quote_str(reference)),
                ),
            }
        }
        let nullable = instance.is_null() && map.get("nullable") == Some(&Value::Bool(true));
        if !nullable {
            check_type(map, instance, path, out);
            check_enum(map, instance, path, out);
        }
        check_const(map, instance, path, out);
        match instance {
            Value::Number(n) => check_number(map, n, path, out),
            Value::String(s) => check_string(map, s, path, out),
            Value::Array(items) => self.check_array(map, items, path, depth, out),
            Value::Object(object) => self.check_object(map, instance, object, path, depth, out),
            _ => {}
        }
        self.check_combinators(map, instance, path, depth, out);
    }

    fn check_array(
        &mut self,
        map: &'s Map<String, Value>,
        items: &[Value],
        path: &mut String,
        depth: u32,
        out: &mut Out,
    ) {
        let len = path.len();
        // The leading items with their own schemas: `prefixItems`, or the
        // draft-7 array form of `items`; the rest get `items` or
        // `additionalItems`.
        let (prefix, rest, rest_keyword) = match (map.get("prefixItems"), map.get("items")) {
            (Some(Value::Array(prefix)), rest) => (prefix.as_slice(), rest, "items"),
            (_, Some(Value::Array(prefix))) => (prefix.as_slice(), map.get("additionalItems"), "additionalItems"),
            (_, rest) => (&[][..], rest, "items"),
        };
        for (i, item) in items.iter().enumerate() {
            if self.stopped(out) {
                return;
            }
            let schema = match prefix.get(i) {
                Some(schema) => schema,
                None => match rest {
                    Some(Value::Bool(false)) => {
                        let expected = format!("at most {} items (no more than the tuple's)", prefix.len());
                        out.push(path, rest_keyword, expected);
                        break;
                    }
                    Some(schema) => schema,
                    None => break,
                },
            };
            pointer::push_index(path, i);
            self.eval(schema, item, path, depth + 1, out);
            path.truncate(len);
        }
        if let Some(n) = count(map, "minItems") {
            if (items.len() as u64) < n {
                out.push(path, "minItems", format!("at least {n} {}", plural(n, "item")));
            }
        }
        if let Some(n) = count(map, "maxItems") {
            if (items.len() as u64) > n {
                out.push(path, "maxItems", format!("at most {n} {}", plural(n, "item")));
            }
        }
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            // Pairwise comparison is quadratic; a huge array costs budget
            // (a comparison is cheaper than an evaluation, hence the 32).
            let n = items.len() as u64;
            let cost = n.saturating_mul(n) / 32;
            if cost > u64::from(self.budget) {
                let expected = format!("a validation within {BUDGET} schema evaluations (uniqueItems of {n} items)");
                return self.abort(path, "budget", expected, out);
            }
            self.budget -= cost as u32;
            if let Some((i, j)) = first_duplicate(items) {
                out.push(path, "uniqueItems", format!("unique items, but items {i} and {j} are equal"));
            }
        }
        if let Some(contains) = map.get("contains") {
            let mut found = 0u64;
            for (i, item) in items.iter().enumerate() {
                pointer::push_index(path, i);
                found += u64::from(self.matches(contains, item, path, depth));
                path.truncate(len);
            }
            let min = count(map, "minContains").unwrap_or(1);
            if found < min {
                out.push(path, "contains", format!("at least {min} {} matching `contains`", plural(min, "item")));
            }
            if let Some(max) = count(map, "maxContains") {
                if found > max {
                    out.push(path, "maxContains", format!("at most {max} {} matching `contains`", plural(max, "item")));
                }
            }
        }
    }

    fn check_object(
        &mut self,
        map: &'s Map<String, Value>,
        instance: &Value,
        object: &Map<String, Value>,
        path: &mut String,
        depth: u32,
        out: &mut Out,
    ) {
        let len = path.len();
        if let Some(Value::Array(required)) = map.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    out.push(path, "required", format!("property {}", quote_str(name)));
                }
            }
        }
        let properties = map.get("properties").and_then(Value::as_object);
        // Without a regex engine we cannot tell which properties
        // `patternProperties` covers, so none counts as additional.
        let additional = if map.contains_key("patternProperties") { None } else { map.get("additionalProperties") };
        for (key, value) in object {
            if self.stopped(out) {
                return;
            }
            let schema = match properties.and_then(|p| p.get(key)) {
                Some(schema) => schema,
                None => match additional {
                    Some(Value::Bool(false)) => {
                        out.push(
                            path,
                            "additionalProperties",
                            format!("no property {} (not in `properties`)", quote_str(key)),
                        );
                        continue;
                    }
                    Some(schema) => schema,
                    None => continue,
                },
            };
            pointer::push_token(path, key);
            self.eval(schema, value, path, depth + 1, out);
            path.truncate(len);
        }
        if let Some(names) = map.get("propertyNames") {
            for key in object.keys() {
                pointer::push_token(path, key);
                if !self.matches(names, &Value::String(key.clone()), path, depth) {
                    out.push(path, "propertyNames", "a property name matching `propertyNames`".into());
                }
                path.truncate(len);
            }
        }
        if let Some(n) = count(map, "minProperties") {
            if (object.len() as u64) < n {
                out.push(path, "minProperties", format!("at least {n} {}", plural(n, "property")));
            }
        }
        if let Some(n) = count(map, "maxProperties") {
            if (object.len() as u64) > n {
                out.push(path, "maxProperties", format!("at most {n} {}", plural(n, "property")));
            }
        }
        self.check_dependencies(map, instance, object, path, depth, out);
    }

    /// `dependentRequired`, `dependentSchemas`, and draft 7's `dependencies`
    /// that held both.
    fn check_dependencies(
        &mut self,
        map: &'s Map<String, Value>,
        instance: &Value,
        object: &Map<String, Value>,
        path: &mut String,
        depth: u32,
        out: &mut Out,
    ) {
        for keyword in ["dependentRequired", "dependentSchemas", "dependencies"] {
            let Some(Value::Object(deps)) = map.get(keyword) else { continue };
            for (trigger, dependency) in deps.iter().filter(|(trigger, _)| object.contains_key(*trigger)) {
                match dependency {
                    Value::Array(names) => {
                        for name in names.iter().filter_map(Value::as_str).filter(|n| !object.contains_key(*n)) {
                            let expected = format!(
                                "property {} (required when {} is present)",
                                quote_str(name),
                                quote_str(trigger)
                            );
                            let keyword = if keyword == "dependencies" { keyword } else { "dependentRequired" };
                            out.push(path, keyword, expected);
                        }
                    }
                    schema if keyword != "dependentRequired" => self.eval(schema, instance, path, depth + 1, out),
                    _ => {}
                }
            }
        }
    }

    fn check_combinators(
        &mut self,
        map: &'s Map<String, Value>,
        instance: &Value,
        path: &mut String,
        depth: u32,
        out: &mut Out,
    ) {
        if let Some(Value::Array(all)) = map.get("allOf") {
            for schema in all {
                self.eval(schema, instance, path, depth + 1, out);
            }
        }
        if let Some(Value::Array(any)) = map.get("anyOf") {
            if !any.iter().any(|schema| self.matches(schema, instance, path, depth)) {
                let n = any.len();
                out.push(path, "anyOf", format!("a match for at least one of {n} {}", plural(n as u64, "schema")));
            }
        }
        if let Some(Value::Array(one)) = map.get("oneOf") {
            let mut matched = Vec::new();
            for (i, schema) in one.iter().enumerate() {
                if self.matches(schema, instance, path, depth) {
                    matched.push(i);
                    if matched.len() > 1 {
                        break;
                    }
                }
            }
            if matched.len() != 1 {
                let which = match matched.as_slice() {
                    [] => "none matched".to_owned(),
                    [a, b, ..] => format!("#{a} and #{b} matched"),
                    [_] => String::new(),
                };
                let n = one.len();
                out.push(
                    path,
                    "oneOf",
                    format!("a match for exactly one of {n} {}, but {which}", plural(n as u64, "schema")),
                );
            }
        }
        if let Some(not) = map.get("not") {
            if self.matches(not, instance, path, depth) {
                out.push(path, "not", "a value that does not match the `not` schema".into());
            }
        }
        if let Some(condition) = map.get("if") {
            let branch = if self.matches(condition, instance, path, depth) { map.get("then") } else { map.get("else") };
            if let Some(branch) = branch {
                self.eval(branch, instance, path, depth + 1, out);
            }
        }
    }
}

fn check_type(map: &Map<String, Value>, instance: &Value, path: &str, out: &mut Out) {
    let ok = match map.get("type") {
        Some(Value::String(name)) => type_matches(name, instance),
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).any(|name| type_matches(name, instance)),
        _ => return,
    };
    if !ok {
        let mut expected = String::new();
        let names: &[Value] = match map.get("type") {
            Some(Value::Array(names)) => names,
            Some(name) => std::slice::from_ref(name),
            None => &[],
        };
        for name in names.iter().filter_map(Value::as_str) {
            if !expected.is_empty() {
                expected.push_str(" or ");
            }
            expected.push_str(&type_phrase(name));
        }
        out.push(path, "type", expected);
    }
}

fn type_matches(name: &str, instance: &Value) -> bool {
    match (name, instance) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("number", Value::Number(_)) => true,
        ("string", Value::String(_)) | ("array", Value::Array(_)) | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(n)) => number::is_integer(n),
        _ => false,
    }
}

fn type_phrase(name: &str) -> String {
    match name {
        "null" => "null".into(),
        "integer" | "object" | "array" => format!("an {name}"),
        "boolean" | "number" | "string" => format!("a {name}"),
        other => format!("a value of the unknown type {}", quote_str(other)),
    }
}

fn check_enum(map: &Map<String, Value>, instance: &Value, path: &str, out: &mut Out) {
    if let Some(Value::Array(options)) = map.get("enum") {
        if !options.iter().any(|option| json_equal(option, instance)) {
            out.push(path, "enum", format!("one of {}", quote(map.get("enum").unwrap_or(&Value::Null))));
        }
    }
}

fn check_const(map: &Map<String, Value>, instance: &Value, path: &str, out: &mut Out) {
    if let Some(constant) = map.get("const") {
        if !json_equal(constant, instance) {
            out.push(path, "const", format!("the value {}", quote(constant)));
        }
    }
}

fn check_number(map: &Map<String, Value>, n: &Number, path: &str, out: &mut Out) {
    use std::cmp::Ordering::{Greater, Less};
    // Draft 4 wrote an exclusive bound as `minimum` plus `exclusiveMinimum: true`.
    let draft4_min = map.get("exclusiveMinimum") == Some(&Value::Bool(true));
    let draft4_max = map.get("exclusiveMaximum") == Some(&Value::Bool(true));
    let bounds: [(&'static str, &str, bool); 4] = [
        ("minimum", if draft4_min { ">" } else { ">=" }, draft4_min),
        ("maximum", if draft4_max { "<" } else { "<=" }, draft4_max),
        ("exclusiveMinimum", ">", true),
        ("exclusiveMaximum", "<", true),
    ];
    for (keyword, op, strict) in bounds {
        let Some(Value::Number(limit)) = map.get(keyword) else { continue };
        let order = number::compare(n, limit);
        let below = keyword.ends_with("inimum");
        let fails = if below {
            order == Less || (strict && order.is_eq())
        } else {
            order == Greater || (strict && order.is_eq())
        };
        if fails {
            out.push(path, keyword, format!("a number {op} {limit}"));
        }
    }
    if let Some(Value::Number(m)) = map.get("multipleOf") {
        if number::is_multiple(n, m) == Some(false) {
            out.push(path, "multipleOf", format!("a multiple of {m}"));
        }
    }
}

fn check_string(map: &Map<String, Value>, s: &str, path: &str, out: &mut Out) {
    let min = count(map, "minLength");
    let max = count(map, "maxLength");
    if min.is_none() && max.is_none() {
        return;
    }
    // Code points: every byte but UTF-8 continuation bytes starts one.
    let chars = s.bytes().filter(|b| b & 0xC0 != 0x80).count() as u64;
    if let Some(n) = min.filter(|n| chars < *n) {
        out.push(path, "minLength", format!("at least {n} {}", plural(n, "character")));
    }
    if let Some(n) = max.filter(|n| chars > *n) {
        out.push(path, "maxLength", format!("at most {n} {}", plural(n, "character")));
    }
}

/// A non-negative integer keyword (`minItems`, `maxLength`); `2.0` counts.
fn count(map: &Map<String, Value>, keyword: &str) -> Option<u64> {
    let n = map.get(keyword)?.as_number()?;
    if let Some(u) = n.as_u64() {
        return Some(u);
    }
    let f = n.as_f64()?;
    // `as` saturates past `u64::MAX`.
    (f >= 0.0 && f.fract() == 0.0).then_some(f as u64)
}

fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    for (i, a) in items.iter().enumerate() {
        for (j, b) in items.iter().enumerate().skip(i + 1) {
            if json_equal(a, b) {
                return Some((i, j));
            }
        }
    }
    None
}

fn plural(n: u64, word: &str) -> String {
    match (n, word) {
        (1, _) => word.to_owned(),
        (_, "property") => "properties".to_owned(),
        _ => format!("{word}s"),
    }
}

/// `text` in double quotes, with quotes, backslashes and control characters
/// escaped as in JSON (by hand: `{:?}` would pull in Unicode tables).
pub(crate) fn quote_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` as compact JSON, cut at [`QUOTE_CHARS`] characters.
fn quote(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// "a string", "an object", ...: what a value is, for messages.
pub(crate) fn describe_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
