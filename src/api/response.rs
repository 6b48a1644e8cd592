//! Turning `(status, headers, body)` into a typed value or an [`ApiError`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{DecodeError, Error};

/// A fully read response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// One entry of a 422 body (`HTTPValidationError.detail[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// The location as the server gave it, e.g. `["body", "inputs"]`.
    pub loc: Vec<LocPart>,
    pub msg: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// A segment of a 422 location: a field name or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocPart {
    Index(i64),
    Field(String),
}

impl FieldError {
    /// The location as a dotted path without the leading `body`/`query`/`path`
    /// section: `["body", "tools", 0, "type"]` becomes `tools[0].type`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        let skip = matches!(self.loc.first(), Some(LocPart::Field(f)) if matches!(f.as_str(), "body" | "query" | "path" | "header"));
        for part in self.loc.iter().skip(usize::from(skip && self.loc.len() > 1)) {
            match part {
                LocPart::Index(i) => out.push_str(&format!("[{i}]")),
                LocPart::Field(f) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(f);
                }
            }
        }
        out
    }
}

/// What kind of failure a status denotes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 422 with an `HTTPValidationError` body.
    Validation(Vec<FieldError>),
    /// 429; `retry_after_ms` from the `Retry-After` header when present.
    RateLimited { retry_after_ms: Option<u64> },
    /// Any other 4xx/5xx.
    Status,
}

/// A non-2xx answer. The body is kept whole, whatever its content type.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub kind: ApiErrorKind,
    /// The body as received (may be HTML from a proxy, or empty).
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
    pub headers: Vec<(String, String)>,
    /// `x-request-id` (or `mistral-correlation-id`) for support tickets.
    pub request_id: Option<String>,
}

impl ApiError {
    /// The server's own message, from the usual JSON error shapes.
    pub fn message(&self) -> Option<String> {
        let json = self.json.as_ref()?;
        for key in ["message", "detail", "error"] {
            match json.get(key) {
                Some(serde_json::Value::String(s)) => return Some(s.clone()),
                Some(serde_json::Value::Object(o)) => {
                    if let Some(serde_json::Value::String(s)) = o.get("message") {
                        return Some(s.clone());
                    }
                }
                _ => {}
            }
        }
        None
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}", self.status)?;
        match &self.kind {
            ApiErrorKind::Validation(fields) => {
                f.write_str(": invalid request")?;
                for (i, e) in fields.iter().enumerate() {
                    write!(f, "{} `{}`: {}", if i == 0 { ":" } else { ";" }, e.path(), e.msg)?;
                }
                Ok(())
            }
            ApiErrorKind::RateLimited { retry_after_ms: Some(ms) } => write!(f, ": rate limited, retry after {ms} ms"),
            ApiErrorKind::RateLimited { retry_after_ms: None } => f.write_str(": rate limited"),
            ApiErrorKind::Status => match self.message() {
                Some(m) => write!(f, ": {m}"),
                None if self.body.is_empty() => Ok(()),
                None => write!(f, ": {}", snippet(&self.body)),
            },
        }
    }
}

fn snippet(s: &str) -> &str {
    let s = s.trim();
    match s.char_indices().nth(200) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Parses `Retry-After`: delta-seconds (possibly fractional), or the
/// `retry-after-ms` extension. HTTP dates need a clock and are ignored here.
pub fn retry_after_ms(headers: &[(String, String)]) -> Option<u64> {
    if let Some(ms) = header(headers, "retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok()) {
        return (ms.is_finite() && ms >= 0.0).then_some(ms as u64);
    }
    let secs = header(headers, "retry-after")?.trim().parse::<f64>().ok()?;
    (secs.is_finite() && secs >= 0.0).then_some((secs * 1000.0) as u64)
}

/// Builds the typed error for a non-2xx response.
pub fn api_error(status: u16, headers: Vec<(String, String)>, body: String) -> ApiError {
    let json: Option<serde_json::Value> = serde_json::from_str(&body).ok();
    let kind = match status {
        422 => {
            let detail = json
                .as_ref()
                .and_then(|j| j.get("detail"))
                .and_then(|d| Vec::<FieldError>::deserialize(d).ok());
            match detail {
                Some(fields) => ApiErrorKind::Validation(fields),
                None => ApiErrorKind::Status,
            }
        }
        429 => ApiErrorKind::RateLimited { retry_after_ms: retry_after_ms(&headers) },
        _ => ApiErrorKind::Status,
    };
    let request_id = header(&headers, "x-request-id")
        .or_else(|| header(&headers, "mistral-correlation-id"))
        .map(str::to_owned);
    ApiError { status, kind, body, json, headers, request_id }
}

/// Parses a JSON response: 2xx into `T`, anything else into [`ApiError`].
pub fn parse_json<T: DeserializeOwned>(target: &'static str, resp: HttpResponse) -> Result<T, Error> {
    let resp = success(resp)?;
    Ok(DecodeError::decode(target, &resp.body)?)
}

/// Parses a JSON response into its text as received, checked only for being
/// JSON: for callers that hand the answer on (the JS bindings) and must not
/// fail on members or values this SDK does not model. One pass, and the
/// text keeps the server's own member order.
pub fn parse_json_text(target: &'static str, resp: HttpResponse) -> Result<Box<RawValue>, Error> {
    let resp = success(resp)?;
    serde_json::from_str(&resp.body).map_err(|e| {
        let message = e.to_string();
        let message = crate::json_path::strip_position(&message).to_owned();
        Error::Decode(DecodeError { target, path: ".".to_owned(), message })
    })
}

/// Parses a response with no meaningful body (204 on delete).
pub fn parse_empty(resp: HttpResponse) -> Result<(), Error> {
    success(resp).map(drop)
}

/// The response if it is a 2xx, else its [`ApiError`].
fn success(resp: HttpResponse) -> Result<HttpResponse, Error> {
    if (200..300).contains(&resp.status) {
        Ok(resp)
    } else {
        Err(Error::Api(Box::new(api_error(resp.status, resp.headers, resp.body))))
    }
}

/// Shortest value treated as a secret: shorter ones would blank out
/// ordinary words of an error body.
const MIN_SECRET_LEN: usize = 6;

/// The credentials among request headers: the value of every header named
/// in `names` (besides `authorization`), and a bearer token on its own.
pub fn secret_values(headers: &[(String, String)], names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in headers {
        let named = k.eq_ignore_ascii_case("authorization")
            || k.eq_ignore_ascii_case("x-api-key")
            || names.iter().any(|n| n.eq_ignore_ascii_case(k));
        if !named {
            continue;
        }
        if let Some((scheme, token)) = v.split_once(' ') {
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("basic") {
                out.push(token.trim().to_owned());
            }
        }
        out.push(v.clone());
    }
    out.retain(|s| s.len() >= MIN_SECRET_LEN);
    // Longest first, so a whole header value goes before the token in it.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// `text` with every secret replaced by `[redacted]`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_owned(), |acc, s| acc.replace(s.as_str(), "[redacted]"))
}

impl ApiError {
    /// The same error with the request's credentials taken out of its body
    /// and headers: a server (or proxy) that echoes the request must not
    /// put a token into an error message, a log or `toString()`.
    pub fn redacted(self, secrets: &[String]) -> ApiError {
        let leaks = |t: &str| secrets.iter().any(|s| t.contains(s.as_str()));
        if !leaks(&self.body) && !self.headers.iter().any(|(_, v)| leaks(v)) {
            return self;
        }
        let headers = self.headers.into_iter().map(|(k, v)| (k, scrub(&v, secrets))).collect();
        api_error(self.status, headers, scrub(&self.body, secrets))
    }
}
