//! The plain HTTP request every builder produces, and the shared settings
//! (base URL, key, headers) it is built from.

use std::fmt;

use serde::Serialize;

use crate::error::Error;

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request cannot change server state twice
    /// (RFC 9110 §9.2.2); decides which failures are retried by default.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// What the response body is expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    Json,
    /// `text/event-stream`; the transport must not buffer it.
    EventStream,
}

/// A request ready to hand to any HTTP client.
///
/// `Debug` hides the `Authorization` header so that a logged request never
/// shows the API key.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub response: ResponseKind,
}

impl HttpRequest {
    /// The value of a header, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let secret = k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("x-api-key");
                (k.as_str(), if secret { "[redacted]" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("response", &self.response)
            .finish()
    }
}

/// The default production endpoint.
pub const DEFAULT_SERVER_URL: &str = "https://api.mistral.ai";

/// Settings shared by every request. `Debug` never prints the key.
#[derive(Clone, PartialEq)]
pub struct ApiConfig {
    /// Base URL without the `/v1` suffix, e.g. `https://api.mistral.ai`.
    pub server_url: String,
    pub api_key: Option<String>,
    /// Extra headers sent on every request (after the defaults, so they win).
    pub headers: Vec<(String, String)>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig { server_url: DEFAULT_SERVER_URL.to_owned(), api_key: None, headers: Vec::new() }
    }
}

impl fmt::Debug for ApiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiConfig")
            .field("server_url", &self.server_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("headers", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .finish()
    }
}

impl ApiConfig {
    pub fn new(api_key: impl Into<String>) -> Self {
        ApiConfig { api_key: Some(api_key.into()), ..Default::default() }
    }

    /// Starts a request to `path` (which begins with `/v1/`).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let base = self.server_url.trim_end_matches('/');
        let mut headers = Vec::with_capacity(4 + self.headers.len());
        headers.push(("accept".to_owned(), "application/json".to_owned()));
        if let Some(key) = &self.api_key {
            headers.push(("authorization".to_owned(), format!("Bearer {key}")));
        }
        for (k, v) in &self.headers {
            headers.retain(|(existing, _)| !existing.eq_ignore_ascii_case(k));
            headers.push((k.clone(), v.clone()));
        }
        RequestBuilder {
            req: HttpRequest { method, url: format!("{base}{path}"), headers, body: None, response: ResponseKind::Json },
            query: Vec::new(),
        }
    }
}

/// Accumulates query parameters and a body, then yields an [`HttpRequest`].
pub struct RequestBuilder {
    req: HttpRequest,
    query: Vec<(&'static str, String)>,
}

impl RequestBuilder {
    /// Adds `name=value` when `value` is present.
    pub fn query<V: fmt::Display>(mut self, name: &'static str, value: Option<V>) -> Self {
        if let Some(v) = value {
            self.query.push((name, v.to_string()));
        }
        self
    }

    /// Adds a query parameter whose value is JSON (the spec's `content: application/json` parameters).
    pub fn query_json<V: Serialize>(mut self, name: &'static str, value: Option<&V>) -> Result<Self, Error> {
        if let Some(v) = value {
            let text = serde_json::to_string(v).map_err(|e| Error::invalid(name, e.to_string()))?;
            self.query.push((name, text));
        }
        Ok(self)
    }

    /// Serializes `body` as the JSON body.
    pub fn json<B: Serialize>(mut self, body: &B) -> Result<Self, Error> {
        let text = serde_json::to_string(body).map_err(|e| Error::invalid("body", e.to_string()))?;
        self.req.headers.push(("content-type".to_owned(), "application/json".to_owned()));
        self.req.body = Some(text);
        Ok(self)
    }

    /// Marks the response as a Server-Sent Events stream.
    pub fn event_stream(mut self) -> Self {
        for (k, v) in &mut self.req.headers {
            if k == "accept" {
                *v = "text/event-stream".to_owned();
            }
        }
        self.req.response = ResponseKind::EventStream;
        self
    }

    pub fn build(mut self) -> HttpRequest {
        if !self.query.is_empty() {
            let mut sep = if self.req.url.contains('?') { '&' } else { '?' };
            for (k, v) in &self.query {
                self.req.url.push(sep);
                self.req.url.push_str(k);
                self.req.url.push('=');
                encode_component_into(&mut self.req.url, v);
                sep = '&';
            }
        }
        self.req
    }
}

/// Percent-encodes a path segment or query value (RFC 3986 unreserved kept).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_component_into(&mut out, s);
    out
}

fn encode_component_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Checks that a path parameter is present, so `/v1/agents/` is never called
/// with an empty id (which the server would treat as a different operation).
pub fn path_param(field: &'static str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "a non-empty string"));
    }
    Ok(encode_component(value))
}
