//! Checks a built [`HttpRequest`] against the spec's operation: method, path
//! template, declared query parameters and their schemas, the JSON body
//! against the request-body schema, auth and streaming headers.
//!
//! Operations are found by `operationId`, so a test names the contract it
//! checks and a renamed or removed operation in a new spec fails loudly.

#![allow(dead_code)]

use mistral_edge::api::{HttpRequest, ResponseKind};
use serde_json::Value;

use super::spec;

/// The host prefix tests build requests against.
pub const SERVER: &str = "https://api.mistral.ai";

/// `(method, path template, operation object)` for an `operationId`.
pub fn operation(operation_id: &str) -> (String, String, &'static Value) {
    let paths = spec::load()["paths"].as_object().expect("spec has paths");
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            if op.get("operationId").and_then(Value::as_str) == Some(operation_id) {
                let template = path.split('#').next().unwrap_or(path).to_owned();
                return (method.to_uppercase(), template, op);
            }
        }
    }
    panic!("no operation `{operation_id}` in the spec")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("percent-decoded UTF-8")
}

/// Resolves a parameter that may be a `$ref`.
fn param(p: &'static Value) -> &'static Value {
    match p.get("$ref").and_then(Value::as_str) {
        Some(r) => spec::resolve(r),
        None => p,
    }
}

/// Asserts that `req` is a valid call of `operation_id` and returns the
/// decoded path parameters and query pairs for further checks.
/// Decoded `(name, value)` pairs.
pub type Pairs = Vec<(String, String)>;

pub fn assert_conforms(req: &HttpRequest, operation_id: &str) -> (Pairs, Pairs) {
    let (method, template, op) = operation(operation_id);
    assert_eq!(req.method.as_str(), method, "{operation_id}: method");
    let rest = req.url.strip_prefix(SERVER).unwrap_or_else(|| panic!("{operation_id}: url {} not under {SERVER}", req.url));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));

    // Path: literal segments equal, `{name}` segments non-empty.
    let want: Vec<&str> = template.split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    assert_eq!(want.len(), got.len(), "{operation_id}: path {path} does not match {template}");
    let mut path_params = Vec::new();
    for (w, g) in want.iter().zip(&got) {
        if let Some(name) = w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            assert!(!g.is_empty(), "{operation_id}: empty path parameter {name}");
            path_params.push((name.to_owned(), percent_decode(g)));
        } else {
            assert_eq!(w, g, "{operation_id}: path {path} does not match {template}");
        }
    }

    // Query: only declared parameters, each value valid for its schema. An
    // array parameter may repeat (`sources=a&sources=b`, form explode: each
    // value is an item); an object parameter spreads its members over the
    // query (`query_filters={active}` becomes `active=`).
    let params: Vec<&Value> = op.get("parameters").and_then(Value::as_array).into_iter().flatten().map(param).collect();
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (percent_decode(k), percent_decode(v));
        let (name, schema, json_content) = query_schema(&params, &k)
            .unwrap_or_else(|| panic!("{operation_id}: query parameter `{k}` is not declared"));
        let validator = spec::inline_validator(schema);
        let as_json: Option<Value> = serde_json::from_str(&v).ok();
        let ok = if json_content {
            as_json.as_ref().is_some_and(|j| validator.is_valid(j))
        } else {
            validator.is_valid(&Value::String(v.clone())) || as_json.as_ref().is_some_and(|j| validator.is_valid(j))
        };
        assert!(ok, "{operation_id}: query `{k}={v}` does not match its schema {schema}");
        let repeated = pairs.iter().any(|(p, _): &(String, String)| *p == k);
        assert!(!repeated || name != k || is_array(param_schema(&params, &k)), "{operation_id}: `{k}` repeated");
        pairs.push((k, v));
    }
    for p in &params {
        if p["required"] == true {
            let name = p["name"].as_str().unwrap_or_default();
            let present = match p["in"].as_str() {
                Some("query") => pairs.iter().any(|(k, _)| k == name),
                Some("path") => path_params.iter().any(|(k, _)| k == name),
                _ => true,
            };
            assert!(present, "{operation_id}: required parameter `{name}` missing");
        }
    }

    // Body.
    match op.pointer("/requestBody/content/application~1json/schema") {
        Some(schema) => {
            let body = req.body.as_deref().unwrap_or_else(|| panic!("{operation_id}: body missing"));
            let value: Value = serde_json::from_str(body).expect("body is JSON");
            let errors: Vec<String> = spec::inline_validator(schema)
                .iter_errors(&value)
                .map(|e| format!("  at `{}`: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{operation_id}: body invalid:\n{}\nbody: {value:#}", errors.join("\n"));
            assert_eq!(req.header("content-type"), Some("application/json"), "{operation_id}: content-type");
        }
        None => assert!(req.body.is_none(), "{operation_id}: unexpected body"),
    }

    // Headers and response kind.
    assert!(req.header("authorization").is_some_and(|a| a.starts_with("Bearer ")), "{operation_id}: bearer auth");
    let content = op.pointer("/responses/200/content").and_then(Value::as_object);
    let offers = |kind: &str| content.is_some_and(|c| c.contains_key(kind));
    // An operation that offers both (chat completions) answers with a stream
    // exactly when the body says `stream: true`.
    let streams = match (offers("text/event-stream"), offers("application/json")) {
        (true, true) => {
            let body: Option<Value> = req.body.as_deref().and_then(|b| serde_json::from_str(b).ok());
            body.is_some_and(|b| b["stream"] == true)
        }
        (sse, _) => sse,
    };
    if streams {
        assert_eq!(req.response, ResponseKind::EventStream, "{operation_id}: should read an event stream");
        assert_eq!(req.header("accept"), Some("text/event-stream"), "{operation_id}: accept");
    } else {
        assert_eq!(req.response, ResponseKind::Json, "{operation_id}: should read JSON");
    }
    (path_params, pairs)
}

/// `$ref` followed, and a nullable `anyOf: [X, null]` reduced to `X`.
fn concrete(schema: &'static Value) -> &'static Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return concrete(spec::resolve(r));
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = branches.iter().filter(|b| b["type"] != "null").collect();
        if let [only] = non_null.as_slice() {
            return concrete(only);
        }
    }
    schema
}

fn is_array(schema: Option<&'static Value>) -> bool {
    schema.is_some_and(|s| concrete(s)["type"] == "array")
}

fn param_schema(params: &[&'static Value], name: &str) -> Option<&'static Value> {
    params.iter().find(|p| p["in"] == "query" && p["name"] == name).and_then(|p| p.get("schema"))
}

/// The parameter a query key belongs to, the schema one value of it must
/// match, and whether that value is JSON text (`content: application/json`).
fn query_schema(params: &[&'static Value], key: &str) -> Option<(String, &'static Value, bool)> {
    if let Some(p) = params.iter().find(|p| p["in"] == "query" && p["name"] == key) {
        return Some(match p.get("schema") {
            Some(s) if is_array(Some(s)) => (key.to_owned(), &concrete(s)["items"], false),
            Some(s) => (key.to_owned(), s, false),
            None => (key.to_owned(), p.pointer("/content/application~1json/schema").expect("param schema"), true),
        });
    }
    params.iter().filter(|p| p["in"] == "query").find_map(|p| {
        let object = concrete(p.get("schema")?);
        let member = object.get("properties")?.get(key)?;
        Some((p["name"].as_str()?.to_owned(), member, false))
    })
}
