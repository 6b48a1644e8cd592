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
pub fn assert_conforms(req: &HttpRequest, operation_id: &str) -> (Vec<(String, String)>, Vec<(String, String)>) {
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

    // Query: only declared parameters, each value valid for its schema.
    let params: Vec<&Value> = op.get("parameters").and_then(Value::as_array).into_iter().flatten().map(param).collect();
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (percent_decode(k), percent_decode(v));
        let decl = params
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == k.as_str())
            .unwrap_or_else(|| panic!("{operation_id}: query parameter `{k}` is not declared"));
        let (schema, json_content) = match decl.get("schema") {
            Some(s) => (s, false),
            None => (decl.pointer("/content/application~1json/schema").expect("param schema"), true),
        };
        let validator = spec::inline_validator(schema);
        let as_json: Option<Value> = serde_json::from_str(&v).ok();
        let ok = if json_content {
            as_json.as_ref().is_some_and(|j| validator.is_valid(j))
        } else {
            validator.is_valid(&Value::String(v.clone())) || as_json.as_ref().is_some_and(|j| validator.is_valid(j))
        };
        assert!(ok, "{operation_id}: query `{k}={v}` does not match its schema {schema}");
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
    let streams = op
        .get("responses")
        .and_then(|r| r.get("200"))
        .and_then(|r| r.get("content"))
        .and_then(Value::as_object)
        .is_some_and(|c| c.contains_key("text/event-stream"));
    if streams {
        assert_eq!(req.response, ResponseKind::EventStream, "{operation_id}: should read an event stream");
        assert_eq!(req.header("accept"), Some("text/event-stream"), "{operation_id}: accept");
    } else {
        assert_eq!(req.response, ResponseKind::Json, "{operation_id}: should read JSON");
    }
    (path_params, pairs)
}
