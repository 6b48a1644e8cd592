//! `WWW-Authenticate` (RFC 9110 §11.6.1) as the MCP server sends it on 401
//! and 403: where its protected resource metadata is (RFC 9728 §5.1), which
//! scope to ask for and why the token failed (RFC 6750 §3).
//!
//! The grammar is ambiguous (a comma separates both parameters and
//! challenges), so a name followed by `=` is read as a parameter and any
//! other token as the next scheme. Servers in the wild put spaces around `=`,
//! forget commas between parameters and leave empty list items; all of that
//! is accepted. What cannot be read as challenges at all is an error rather
//! than a guess, since a guessed `resource_metadata` would send the client
//! to the wrong place.

use super::AuthError;

/// One challenge: a scheme with either a `token68` or parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// As sent; compare with [`Challenge::is`] (schemes are case-insensitive).
    pub scheme: String,
    pub token68: Option<String>,
    /// Names lower-cased (they are case-insensitive), values unquoted.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// Whether this challenge's scheme is `scheme`, ignoring case.
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The value of parameter `name` (lower-case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What a `Bearer` challenge tells an MCP client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BearerChallenge {
    /// The protected resource metadata URL (RFC 9728 §5.1).
    pub resource_metadata: Option<String>,
    /// Space-separated scopes the request needs (RFC 6750 §3).
    pub scope: Option<String>,
    /// `invalid_request`, `invalid_token`, `insufficient_scope`, or another.
    pub error: Option<String>,
    pub error_description: Option<String>,
    pub realm: Option<String>,
    /// The challenge is of the `DPoP` scheme (RFC 9449 §7.1), which carries
    /// the same parameters: the server wants DPoP-bound tokens.
    pub dpop: bool,
}

impl BearerChallenge {
    /// Whether this is the 403 step-up case: the token is fine but lacks a
    /// scope, so authorizing again with [`scope`](Self::scope) may help.
    pub fn is_insufficient_scope(&self) -> bool {
        self.error.as_deref() == Some("insufficient_scope")
    }
}

/// All challenges of a header value. Several `WWW-Authenticate` headers may
/// be joined with `, ` first (as `fetch`'s `Headers.get` does).
pub fn parse_challenges(value: &str) -> Result<Vec<Challenge>, AuthError> {
    let mut p = Parser { s: value.as_bytes(), i: 0 };
    let mut challenges: Vec<Challenge> = Vec::new();
    loop {
        p.skip_list_separators();
        if p.done() {
            break;
        }
        let start = p.i;
        let name = p.token().ok_or(p.err("expected an auth scheme"))?;
        p.skip_ws();
        if p.peek() == Some(b'=') {
            // A parameter of the current challenge (possibly after a comma).
            let current = challenges
                .last_mut()
                .ok_or(AuthError::MalformedChallenge { at: start, reason: "a parameter before any auth scheme" })?;
            if current.token68.is_some() {
                return Err(AuthError::MalformedChallenge { at: start, reason: "a parameter after a token68" });
            }
            p.i += 1;
            p.skip_ws();
            let value = p.value()?;
            let name = name.to_ascii_lowercase();
            if current.params.iter().any(|(k, _)| *k == name) {
                return Err(AuthError::MalformedChallenge { at: start, reason: "a parameter given twice" });
            }
            current.params.push((name, value));
            continue;
        }
        let mut challenge = Challenge { scheme: name.to_owned(), token68: None, params: Vec::new() };
        // `scheme token68`: a token68 is followed by the end or a comma, never `=value`.
        let before = p.i;
        if let Some(t) = p.token68() {
            let after = p.i;
            p.skip_ws();
            if p.done() || p.peek() == Some(b',') {
                challenge.token68 = Some(t.to_owned());
                p.i = after;
            } else {
                p.i = before;
            }
        }
        challenges.push(challenge);
    }
    if challenges.is_empty() {
        return Err(AuthError::MalformedChallenge { at: 0, reason: "no challenge" });
    }
    Ok(challenges)
}

/// The first `Bearer` challenge of the header, else the first `DPoP` one
/// (a server that only takes DPoP-bound tokens sends only that), if any.
pub fn parse_bearer(value: &str) -> Result<Option<BearerChallenge>, AuthError> {
    let challenges = parse_challenges(value)?;
    let chosen = challenges.iter().find(|c| c.is("bearer")).or_else(|| challenges.iter().find(|c| c.is("dpop")));
    Ok(chosen.map(|c| {
        let get = |name| c.param(name).map(str::to_owned);
        BearerChallenge {
            resource_metadata: get("resource_metadata"),
            scope: get("scope"),
            error: get("error"),
            error_description: get("error_description"),
            realm: get("realm"),
            dpop: c.is("dpop"),
        }
    }))
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn err(&self, reason: &'static str) -> AuthError {
        AuthError::MalformedChallenge { at: self.i, reason }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_list_separators(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.i += 1;
        }
    }

    /// `token` (RFC 9110 §5.6.2).
    fn token(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        self.slice(start)
    }

    /// `token68` (RFC 9110 §11.2): its characters then trailing `=`.
    fn token68(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)) {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        while self.peek() == Some(b'=') {
            self.i += 1;
        }
        self.slice(start)
    }

    fn slice(&self, start: usize) -> Option<&'a str> {
        if self.i == start {
            return None;
        }
        // Only ASCII was consumed, so this cannot fail.
        std::str::from_utf8(&self.s[start..self.i]).ok()
    }

    /// A parameter value: a `quoted-string` with its escapes undone, or a token.
    fn value(&mut self) -> Result<String, AuthError> {
        if self.peek() != Some(b'"') {
            // Lenient: servers send unquoted URLs, which are not tokens (`:`, `/`).
            let start = self.i;
            while self.peek().is_some_and(|b| b > b' ' && b != 0x7f && b != b',' && b != b'"') {
                self.i += 1;
            }
            return self.slice(start).map(str::to_owned).ok_or(self.err("expected a parameter value"));
        }
        let open = self.i;
        self.i += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => {
                    return Err(AuthError::MalformedChallenge { at: open, reason: "an unterminated quoted string" })
                }
                Some(b'"') => {
                    self.i += 1;
                    break;
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b) if b != b'\r' && b != b'\n' && b != 0 => out.push(b),
                        _ => return Err(self.err("a bad escape in a quoted string")),
                    }
                }
                Some(b) if b == b'\t' || b >= b' ' && b != 0x7f => out.push(b),
                Some(_) => return Err(self.err("a control character in a quoted string")),
            }
            self.i += 1;
        }
        String::from_utf8(out)
            .map_err(|_| AuthError::MalformedChallenge { at: open, reason: "a quoted string that is not UTF-8" })
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
