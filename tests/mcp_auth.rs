#![cfg(not(target_arch = "wasm32"))]
//! The sans-IO MCP authorization core (src/mcp/auth): `WWW-Authenticate`
//! parsing, metadata discovery stepped URL by URL in the spec's order, PKCE
//! (SHA-256 and RFC 7636 vectors), the authorization URL and callback
//! checks, token and registration requests and answers, and that no error
//! or `Debug` output carries a secret.

use mistral_edge::api::Method;
use mistral_edge::mcp::auth::authorize::{begin, AuthorizationParams, AuthorizationStart, PendingAuthorization};
use mistral_edge::mcp::auth::client::{choose_auth, choose_client, ClientChoice, ClientInfo, TokenEndpointAuth};
use mistral_edge::mcp::auth::discovery::{auth_server_urls, Discovered, Discovery, Step};
use mistral_edge::mcp::auth::metadata::{AuthServer, MetadataSource, ProtectedResource};
use mistral_edge::mcp::auth::pkce::{challenge_s256, require_s256, Pkce};
use mistral_edge::mcp::auth::register::{parse_registration, registration_request, ClientMetadata};
use mistral_edge::mcp::auth::sha256::sha256;
use mistral_edge::mcp::auth::token::{TokenRequest, TokenSet};
use mistral_edge::mcp::auth::www_authenticate::{parse_bearer, parse_challenges, BearerChallenge};
use mistral_edge::mcp::auth::AuthError;
use proptest::prelude::*;
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn bytes(v: Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap()
}

/// The URL of a `Fetch` step, failing the test on anything else.
fn fetch_url(step: Step) -> String {
    match step {
        Step::Fetch(req) => {
            assert_eq!(req.method, Method::Get);
            assert_eq!(req.header("accept"), Some("application/json"));
            req.url
        }
        Step::Done(d) => panic!("expected a fetch, discovery is done: {d:?}"),
    }
}

fn done(step: Step) -> Discovered {
    match step {
        Step::Done(d) => *d,
        Step::Fetch(req) => panic!("expected the end, got a fetch of {}", req.url),
    }
}

/// Steps discovery through `script`: each entry is the URL it must ask for
/// next and the answer to give. Returns the step after the last answer.
fn run(d: &mut Discovery, script: &[(&str, u16, Vec<u8>)]) -> Result<Step, AuthError> {
    let mut step = d.poll()?;
    for (url, status, body) in script {
        assert_eq!(fetch_url(step), *url);
        step = d.handle(*status, body)?;
    }
    Ok(step)
}

fn prm(resource: &str, servers: &[&str]) -> Vec<u8> {
    bytes(json!({ "resource": resource, "authorization_servers": servers }))
}

fn as_meta(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "registration_endpoint": format!("{issuer}/register"),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "mcp"],
    })
}

fn server() -> AuthServer {
    AuthServer::parse("https://auth.example.com/.well-known/oauth-authorization-server", &bytes(as_meta("https://auth.example.com")))
        .unwrap()
}

fn query_pairs(url_or_body: &str) -> Vec<(String, String)> {
    let q = url_or_body.split_once('?').map_or(url_or_body, |(_, q)| q);
    q.split('&').map(|p| { let (k, v) = p.split_once('=').unwrap(); (k.to_owned(), v.to_owned()) }).collect()
}

fn get<'a>(pairs: &'a [(String, String)], k: &str) -> Option<&'a str> {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

const REDIRECT: &str = "http://127.0.0.1:8080/callback";
const STATE_BYTES: [u8; 16] = [7; 16];
const VERIFIER_BYTES: [u8; 32] = [9; 32];

fn start(server: &AuthServer) -> AuthorizationStart {
    let params = AuthorizationParams {
        client_id: "client-1",
        redirect_uri: REDIRECT,
        scope: Some("mcp:read mcp:write"),
        resource: Some("https://mcp.example.com/api/mcp"),
    };
    begin(server, &params, &VERIFIER_BYTES, &STATE_BYTES).unwrap()
}

fn callback(pending: &PendingAuthorization, extra: &str) -> String {
    format!("{REDIRECT}?state={}&{extra}", pending.state())
}

// ---------------------------------------------------------------- SHA-256

#[test]
fn sha256_fips_180_4_vectors() {
    assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(hex(&sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(
        hex(&sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    assert_eq!(
        hex(&sha256(b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    );
    assert_eq!(hex(&sha256(&vec![b'a'; 1_000_000])), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

#[test]
fn sha256_padding_boundaries() {
    // 55 bytes fit one padded block, 56 need two; 64 and 65 cross a block.
    let expected = [
        (55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
        (56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
        (63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"),
        (64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"),
        (65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"),
    ];
    for (n, digest) in expected {
        assert_eq!(hex(&sha256(&vec![b'x'; n])), digest, "{n} bytes");
    }
}

// ---------------------------------------------------------------- PKCE

#[test]
fn pkce_rfc7636_appendix_b() {
    let random = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
        88, 5, 88, 83, 132, 141, 121,
    ];
    let pkce = Pkce::from_random(&random).unwrap();
    assert_eq!(pkce.verifier(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assert_eq!(pkce.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assert_eq!(challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

#[test]
fn pkce_verifier_lengths() {
    assert_eq!(Pkce::from_random(&[0; 32]).unwrap().verifier().len(), 43);
    assert_eq!(Pkce::from_random(&[0xff; 96]).unwrap().verifier().len(), 128);
    let v = Pkce::from_random(&[0xfb; 33]).unwrap();
    assert!(v.verifier().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{}", v.verifier());
    for len in [0, 31, 97] {
        assert_eq!(
            Pkce::from_random(&vec![1; len]).unwrap_err(),
            AuthError::InvalidRandom { what: "the PKCE verifier", len, min: 32, max: 96 }
        );
    }
}

#[test]
fn pkce_requires_s256_advertised() {
    let mut s = server();
    assert!(require_s256(&s).is_ok());
    s.code_challenge_methods_supported = vec!["plain".into()];
    assert_eq!(require_s256(&s).unwrap_err(), AuthError::S256Unsupported { advertised: vec!["plain".into()] });
    s.code_challenge_methods_supported = vec![];
    assert_eq!(require_s256(&s).unwrap_err(), AuthError::S256Unsupported { advertised: vec![] });
}

// ---------------------------------------------------------------- WWW-Authenticate

#[test]
fn www_authenticate_corpus() {
    let b = parse_bearer(r#"Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource""#)
        .unwrap()
        .unwrap();
    assert_eq!(b.resource_metadata.as_deref(), Some("https://mcp.example.com/.well-known/oauth-protected-resource"));
    assert_eq!(b.scope, None);

    let b = parse_bearer(r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#)
        .unwrap()
        .unwrap();
    assert_eq!(b.realm.as_deref(), Some("example"));
    assert_eq!(b.error.as_deref(), Some("invalid_token"));
    assert_eq!(b.error_description.as_deref(), Some("The access token expired"));
    assert!(!b.is_insufficient_scope());

    let b = parse_bearer(r#"Bearer error="insufficient_scope", scope="files:read files:write", resource_metadata="https://x.example/m""#)
        .unwrap()
        .unwrap();
    assert!(b.is_insufficient_scope());
    assert_eq!(b.scope.as_deref(), Some("files:read files:write"));

    // Escapes inside quoted strings.
    let b = parse_bearer(r#"Bearer realm="a \"quoted\" \\ realm""#).unwrap().unwrap();
    assert_eq!(b.realm.as_deref(), Some(r#"a "quoted" \ realm"#));

    // Several challenges; the Bearer one is picked, whatever its case.
    let all = parse_challenges(r#"Basic realm="x", bearer resource_metadata="u", scope="a""#).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].is("basic") && all[1].is("Bearer"));
    assert_eq!(all[0].param("realm"), Some("x"));
    let b = parse_bearer(r#"Basic realm="x", bearer resource_metadata="u", scope="a""#).unwrap().unwrap();
    assert_eq!((b.resource_metadata.as_deref(), b.scope.as_deref()), (Some("u"), Some("a")));

    // RFC 9110 §11.6.1's own example.
    let all = parse_challenges(r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].scheme, "Newauth");
    assert_eq!(all[0].params, vec![("realm".into(), "apps".into()), ("type".into(), "1".into()), ("title".into(), "Login to \"apps\"".into())]);
    assert_eq!(all[1].param("realm"), Some("simple"));

    // Odd spacing, empty list items, upper-case parameter names.
    let b = parse_bearer("  ,Bearer   Resource_Metadata = \"u\" ,  scope=a  ,,").unwrap().unwrap();
    assert_eq!((b.resource_metadata.as_deref(), b.scope.as_deref()), (Some("u"), Some("a")));

    // A forgotten comma between parameters.
    let b = parse_bearer(r#"Bearer realm="x" scope="y""#).unwrap().unwrap();
    assert_eq!((b.realm.as_deref(), b.scope.as_deref()), (Some("x"), Some("y")));

    // token68 challenges next to a parameter one.
    let all = parse_challenges(r#"Negotiate abc123==, Bearer realm="r""#).unwrap();
    assert_eq!(all[0].token68.as_deref(), Some("abc123=="));
    assert!(all[0].params.is_empty());
    assert_eq!(all[1].param("realm"), Some("r"));

    // An unquoted URL (not a token, but sent by real servers).
    let b = parse_bearer("Bearer resource_metadata=https://a.example/.well-known/oauth-protected-resource").unwrap().unwrap();
    assert_eq!(b.resource_metadata.as_deref(), Some("https://a.example/.well-known/oauth-protected-resource"));

    // No Bearer challenge, and a bare Bearer.
    assert_eq!(parse_bearer(r#"Basic realm="x""#).unwrap(), None);
    assert_eq!(parse_bearer("Bearer").unwrap(), Some(BearerChallenge::default()));
    assert_eq!(parse_bearer("Bearer, Basic realm=\"x\"").unwrap(), Some(BearerChallenge::default()));
}

#[test]
fn www_authenticate_garbage() {
    let cases: &[(&str, &str)] = &[
        ("", "no challenge"),
        ("  , ", "no challenge"),
        ("=x", "expected an auth scheme"),
        ("\"abc\"", "expected an auth scheme"),
        ("@@@", "expected an auth scheme"),
        ("scope=\"x\"", "a parameter before any auth scheme"),
        ("Bearer realm=\"x", "an unterminated quoted string"),
        ("Bearer realm=\"a\\", "a bad escape in a quoted string"),
        ("Bearer realm=\"x\", scope=", "expected a parameter value"),
        ("Bearer realm=\"x\", scope=,", "expected a parameter value"),
        ("Bearer realm=\"x\", realm=\"y\"", "a parameter given twice"),
        ("Bearer realm=\"a\u{1}b\"", "a control character in a quoted string"),
        ("Negotiate abc==, scope=x", "a parameter after a token68"),
    ];
    for (input, want) in cases {
        match parse_challenges(input) {
            Err(AuthError::MalformedChallenge { reason, .. }) => assert_eq!(reason, *want, "{input:?}"),
            other => panic!("{input:?} gave {other:?}"),
        }
    }
    let e = parse_bearer("Bearer realm=\"x").unwrap_err();
    assert_eq!(e, AuthError::MalformedChallenge { at: 13, reason: "an unterminated quoted string" });
    assert!(e.to_string().contains("WWW-Authenticate"), "{e}");
}

/// A parameter value quoted as a server would, escaping `"` and `\\`.
fn quote(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

proptest! {
    #[test]
    fn www_authenticate_never_panics(input in "\\PC{0,80}", bytes in proptest::collection::vec(any::<u8>(), 0..60)) {
        let _ = parse_challenges(&input);
        let _ = parse_challenges(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn www_authenticate_round_trips(
        challenges in proptest::collection::vec(
            ("[A-Za-z][A-Za-z0-9_-]{0,8}", proptest::collection::btree_map("[a-z_]{1,12}", "[ -~]{0,20}", 0..4)),
            1..4,
        ),
        sep in "[ \t]{0,3},[ \t]{0,3}",
    ) {
        let header = challenges
            .iter()
            .map(|(scheme, params)| {
                let params: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", quote(v))).collect();
                format!("{scheme} {}", params.join(&sep)).trim_end().to_owned()
            })
            .collect::<Vec<_>>()
            .join(&sep);
        let parsed = parse_challenges(&header).unwrap();
        prop_assert_eq!(parsed.len(), challenges.len());
        for (got, (scheme, params)) in parsed.iter().zip(&challenges) {
            prop_assert_eq!(&got.scheme, scheme);
            let want: Vec<(String, String)> = params.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            prop_assert_eq!(&got.params, &want);
        }
    }
}

// ---------------------------------------------------------------- discovery

#[test]
fn discovery_order_server_with_path() {
    let mut d = Discovery::new("https://MCP.example.com:443/api/mcp", None).unwrap();
    let meta = bytes(as_meta("https://auth.example.com/tenant1"));
    let step = run(
        &mut d,
        &[
            ("https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp", 404, vec![]),
            (
                "https://mcp.example.com/.well-known/oauth-protected-resource",
                200,
                bytes(json!({
                    "resource": "https://mcp.example.com/api/mcp",
                    "authorization_servers": ["https://auth.example.com/tenant1", "https://other.example.com"],
                    "scopes_supported": ["mcp:read", "mcp:write"],
                })),
            ),
            ("https://auth.example.com/.well-known/oauth-authorization-server/tenant1", 404, vec![]),
            ("https://auth.example.com/.well-known/openid-configuration/tenant1", 500, b"oops".to_vec()),
            ("https://auth.example.com/tenant1/.well-known/openid-configuration", 200, meta),
        ],
    )
    .unwrap();
    let found = done(step);
    assert!(!found.is_legacy());
    assert_eq!(found.auth_server.issuer, "https://auth.example.com/tenant1");
    assert_eq!(found.auth_server.token_endpoint, "https://auth.example.com/tenant1/token");
    assert_eq!(
        found.auth_server.source,
        MetadataSource::Document { url: "https://auth.example.com/tenant1/.well-known/openid-configuration".into() }
    );
    assert_eq!(found.resource.as_deref(), Some("https://mcp.example.com/api/mcp"));
    assert_eq!(found.scope.as_deref(), Some("mcp:read mcp:write"));
    // Once done, it stays done.
    assert_eq!(done(d.poll().unwrap()), found);
}

#[test]
fn discovery_order_server_without_path() {
    let mut d = Discovery::new("https://mcp.example.com/", None).unwrap();
    let step = run(
        &mut d,
        &[
            ("https://mcp.example.com/.well-known/oauth-protected-resource", 200, prm("https://mcp.example.com", &["https://auth.example.com"])),
            ("https://auth.example.com/.well-known/oauth-authorization-server", 404, vec![]),
            ("https://auth.example.com/.well-known/openid-configuration", 200, bytes(as_meta("https://auth.example.com"))),
        ],
    )
    .unwrap();
    let found = done(step);
    assert_eq!(found.auth_server.issuer, "https://auth.example.com");
    assert_eq!(found.resource.as_deref(), Some("https://mcp.example.com"));
    // No scope anywhere: none is requested.
    assert_eq!(found.scope, None);
}

#[test]
fn discovery_rfc8414_first_when_present() {
    let mut d = Discovery::new("https://mcp.example.com/mcp", None).unwrap();
    let found = done(
        run(
            &mut d,
            &[
                ("https://mcp.example.com/.well-known/oauth-protected-resource/mcp", 200, prm("https://mcp.example.com/mcp", &["https://auth.example.com"])),
                ("https://auth.example.com/.well-known/oauth-authorization-server", 200, bytes(as_meta("https://auth.example.com"))),
            ],
        )
        .unwrap(),
    );
    assert_eq!(found.auth_server.authorization_endpoint.as_deref(), Some("https://auth.example.com/authorize"));
}

#[test]
fn discovery_uses_the_header_url_and_scope() {
    let challenge = parse_bearer(
        r#"Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/custom", scope="files:read""#,
    )
    .unwrap()
    .unwrap();
    let mut d = Discovery::new("https://mcp.example.com/mcp", Some(&challenge)).unwrap().with_protocol_version("2025-06-18");
    let first = d.poll().unwrap();
    // Asking again before answering gives the same request.
    assert_eq!(d.poll().unwrap(), first);
    let Step::Fetch(req) = &first else { panic!("{first:?}") };
    assert_eq!(req.header("mcp-protocol-version"), Some("2025-06-18"));
    let body = bytes(json!({
        "resource": "https://mcp.example.com/mcp",
        "authorization_servers": ["https://auth.example.com"],
        "scopes_supported": ["everything"],
    }));
    let found = done(
        run(
            &mut d,
            &[
                ("https://mcp.example.com/.well-known/oauth-protected-resource/custom", 200, body),
                ("https://auth.example.com/.well-known/oauth-authorization-server", 200, bytes(as_meta("https://auth.example.com"))),
            ],
        )
        .unwrap(),
    );
    // The challenge's scope wins over scopes_supported.
    assert_eq!(found.scope.as_deref(), Some("files:read"));
}

#[test]
fn discovery_header_url_not_found_is_an_error() {
    let challenge = BearerChallenge { resource_metadata: Some("/prm".into()), ..Default::default() };
    let mut d = Discovery::new("https://mcp.example.com/mcp", Some(&challenge)).unwrap();
    let err = run(&mut d, &[("https://mcp.example.com/prm", 404, vec![])]).unwrap_err();
    assert_eq!(
        err,
        AuthError::MetadataNotFound { kind: "protected resource metadata", tried: vec!["https://mcp.example.com/prm (HTTP 404)".into()] }
    );
}

#[test]
fn discovery_issuer_must_match_exactly() {
    for wrong in ["https://evil.example.com", "https://auth.example.com/", "https://AUTH.example.com"] {
        let mut d = Discovery::new("https://mcp.example.com", None).unwrap();
        let err = run(
            &mut d,
            &[
                ("https://mcp.example.com/.well-known/oauth-protected-resource", 200, prm("https://mcp.example.com", &["https://auth.example.com"])),
                ("https://auth.example.com/.well-known/oauth-authorization-server", 200, bytes(as_meta(wrong))),
            ],
        )
        .unwrap_err();
        assert_eq!(err, AuthError::IssuerMismatch { expected: "https://auth.example.com".into(), got: wrong.into() });
        let text = err.to_string();
        assert!(text.contains("https://auth.example.com") && text.contains(wrong), "{text}");
    }
}

#[test]
fn discovery_auth_server_not_found() {
    let mut d = Discovery::new("https://mcp.example.com", None).unwrap();
    let err = run(
        &mut d,
        &[
            ("https://mcp.example.com/.well-known/oauth-protected-resource", 200, prm("https://mcp.example.com", &["https://auth.example.com/t"])),
            ("https://auth.example.com/.well-known/oauth-authorization-server/t", 404, vec![]),
            ("https://auth.example.com/.well-known/openid-configuration/t", 404, vec![]),
            ("https://auth.example.com/t/.well-known/openid-configuration", 0, vec![]),
        ],
    )
    .unwrap_err();
    let AuthError::MetadataNotFound { kind, tried } = err else { panic!("{err:?}") };
    assert_eq!(kind, "authorization server metadata");
    assert_eq!(tried.len(), 3);
    assert_eq!(tried[2], "https://auth.example.com/t/.well-known/openid-configuration (HTTP 0)");
}

#[test]
fn discovery_legacy_server_with_root_metadata() {
    // A 2025-03-26 server: no protected resource metadata, its origin is the
    // authorization server, whose issuer may carry a final slash.
    let mut d = Discovery::new("http://127.0.0.1:3000/mcp", None).unwrap();
    let mut meta = as_meta("http://127.0.0.1:3000");
    meta["issuer"] = json!("http://127.0.0.1:3000/");
    let found = done(
        run(
            &mut d,
            &[
                ("http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp", 404, vec![]),
                ("http://127.0.0.1:3000/.well-known/oauth-protected-resource", 404, vec![]),
                ("http://127.0.0.1:3000/.well-known/oauth-authorization-server", 200, bytes(meta)),
            ],
        )
        .unwrap(),
    );
    assert!(found.is_legacy());
    assert_eq!(found.resource, None);
    assert_eq!(found.auth_server.token_endpoint, "http://127.0.0.1:3000/token");
    assert!(matches!(found.auth_server.source, MetadataSource::Document { .. }));
}

#[test]
fn discovery_legacy_issuer_on_the_same_origin_only() {
    // 2025-03-26: the metadata comes from the MCP server's origin, which may
    // name its endpoints' path as the issuer; another origin is still refused.
    let script = |issuer: &str| {
        let mut d = Discovery::new("http://127.0.0.1:3000/mcp", None).unwrap();
        let mut meta = as_meta("http://127.0.0.1:3000");
        meta["issuer"] = json!(issuer);
        run(
            &mut d,
            &[
                ("http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp", 404, vec![]),
                ("http://127.0.0.1:3000/.well-known/oauth-protected-resource", 404, vec![]),
                ("http://127.0.0.1:3000/.well-known/oauth-authorization-server", 200, bytes(meta)),
            ],
        )
    };
    let found = done(script("http://127.0.0.1:3000/oauth").unwrap());
    assert_eq!(found.auth_server.issuer, "http://127.0.0.1:3000/oauth");
    for wrong in ["http://127.0.0.1:3001/oauth", "https://127.0.0.1:3000", "http://evil.example/oauth"] {
        let err = script(wrong).unwrap_err();
        assert_eq!(err, AuthError::IssuerMismatch { expected: "http://127.0.0.1:3000".into(), got: wrong.into() });
    }
}

#[test]
fn discovery_legacy_server_without_metadata() {
    let mut d = Discovery::new("http://localhost:3000/v1/mcp?x=1", None).unwrap();
    let found = done(
        run(
            &mut d,
            &[
                ("http://localhost:3000/.well-known/oauth-protected-resource/v1/mcp", 404, vec![]),
                ("http://localhost:3000/.well-known/oauth-protected-resource", 404, vec![]),
                ("http://localhost:3000/.well-known/oauth-authorization-server", 404, vec![]),
                ("http://localhost:3000/.well-known/openid-configuration", 404, vec![]),
            ],
        )
        .unwrap(),
    );
    let s = &found.auth_server;
    assert_eq!(s.source, MetadataSource::Defaults);
    assert_eq!(s.issuer, "http://localhost:3000");
    assert_eq!(s.authorization_endpoint.as_deref(), Some("http://localhost:3000/authorize"));
    assert_eq!(s.token_endpoint, "http://localhost:3000/token");
    assert_eq!(s.registration_endpoint.as_deref(), Some("http://localhost:3000/register"));
    // The 2025-03-26 spec made PKCE mandatory: the flow can go on.
    assert!(require_s256(s).is_ok());
    assert_eq!(found.resource, None);
}

#[test]
fn discovery_resource_must_cover_the_server() {
    let ok = ["https://mcp.example.com/api/mcp", "https://mcp.example.com/api", "https://mcp.example.com/", "https://mcp.example.com:443/api/"];
    for resource in ok {
        let mut d = Discovery::new("https://mcp.example.com/api/mcp", None).unwrap();
        let step = run(&mut d, &[("https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp", 200, prm(resource, &["https://a.example"]))]);
        assert_eq!(fetch_url(step.unwrap()), "https://a.example/.well-known/oauth-authorization-server", "{resource}");
    }
    for resource in ["https://other.example.com/api/mcp", "https://mcp.example.com/ap", "http://mcp.example.com/api/mcp", "https://mcp.example.com/api/mcp/sub"] {
        let mut d = Discovery::new("https://mcp.example.com/api/mcp", None).unwrap();
        let err = run(&mut d, &[("https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp", 200, prm(resource, &["https://a.example"]))]).unwrap_err();
        assert_eq!(err, AuthError::ResourceMismatch { expected: "https://mcp.example.com/api/mcp".into(), got: resource.into() });
    }
}

#[test]
fn discovery_malformed_metadata_names_the_field() {
    let url = "https://mcp.example.com/.well-known/oauth-protected-resource";
    let cases = [
        (b"<html>".to_vec(), "(document)", "not JSON"),
        (bytes(json!([1])), "(document)", "not a JSON object"),
        (bytes(json!({ "authorization_servers": ["https://a.example"] })), "resource", "missing"),
        (bytes(json!({ "resource": "https://mcp.example.com" })), "authorization_servers", "missing or empty"),
        (bytes(json!({ "resource": "https://mcp.example.com", "authorization_servers": [] })), "authorization_servers", "missing or empty"),
        (bytes(json!({ "resource": "https://mcp.example.com", "authorization_servers": "https://a.example" })), "authorization_servers", "not an array of strings"),
        (bytes(json!({ "resource": "https://mcp.example.com", "authorization_servers": ["ftp://a"] })), "authorization_servers", "holds a value that is not an http(s) URL"),
        (bytes(json!({ "resource": 5, "authorization_servers": ["https://a.example"] })), "resource", "not a string"),
    ];
    for (body, field, reason) in cases {
        let mut d = Discovery::new("https://mcp.example.com", None).unwrap();
        let err = run(&mut d, &[(url, 200, body)]).unwrap_err();
        assert_eq!(err, AuthError::MalformedMetadata { url: url.into(), field, reason });
    }
    let as_url = "https://auth.example.com/.well-known/oauth-authorization-server";
    let mut bad = Vec::new();
    for (field, value, reason) in [
        ("issuer", Value::Null, "missing"),
        ("token_endpoint", json!(5), "not a string"),
        ("token_endpoint", Value::Null, "missing"),
        ("authorization_endpoint", json!("not a url"), "not an http(s) URL without fragment"),
        ("code_challenge_methods_supported", json!("S256"), "not an array of strings"),
        ("authorization_response_iss_parameter_supported", json!("yes"), "not a boolean"),
    ] {
        let mut meta = as_meta("https://auth.example.com");
        if value.is_null() {
            meta.as_object_mut().unwrap().remove(field);
        } else {
            meta[field] = value;
        }
        bad.push((bytes(meta), field, reason));
    }
    for (body, field, reason) in bad {
        let mut d = Discovery::new("https://mcp.example.com", None).unwrap();
        let err = run(
            &mut d,
            &[(url, 200, prm("https://mcp.example.com", &["https://auth.example.com"])), (as_url, 200, body)],
        )
        .unwrap_err();
        assert_eq!(err, AuthError::MalformedMetadata { url: as_url.into(), field, reason });
        assert!(err.to_string().contains(field), "{err}");
    }
}

#[test]
fn metadata_without_pkce_methods_is_refused_at_authorization() {
    let mut meta = as_meta("https://auth.example.com");
    meta.as_object_mut().unwrap().remove("code_challenge_methods_supported");
    let mut d = Discovery::new("https://mcp.example.com", None).unwrap();
    let found = done(
        run(
            &mut d,
            &[
                ("https://mcp.example.com/.well-known/oauth-protected-resource", 200, prm("https://mcp.example.com", &["https://auth.example.com"])),
                ("https://auth.example.com/.well-known/oauth-authorization-server", 200, bytes(meta)),
            ],
        )
        .unwrap(),
    );
    assert!(found.auth_server.code_challenge_methods_supported.is_empty());
    let params = AuthorizationParams { client_id: "c", redirect_uri: REDIRECT, scope: None, resource: None };
    assert_eq!(
        begin(&found.auth_server, &params, &VERIFIER_BYTES, &STATE_BYTES).unwrap_err(),
        AuthError::S256Unsupported { advertised: vec![] }
    );
}

#[test]
fn auth_server_urls_in_spec_order() {
    assert_eq!(
        auth_server_urls("https://auth.example.com/tenant1/").unwrap(),
        [
            "https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
            "https://auth.example.com/.well-known/openid-configuration/tenant1",
            "https://auth.example.com/tenant1/.well-known/openid-configuration",
        ]
    );
    assert_eq!(
        auth_server_urls("https://auth.example.com").unwrap(),
        ["https://auth.example.com/.well-known/oauth-authorization-server", "https://auth.example.com/.well-known/openid-configuration"]
    );
    assert_eq!(auth_server_urls("mailto:x").unwrap_err(), AuthError::InvalidUrl { field: "issuer", url: "mailto:x".into() });
}

#[test]
fn discovery_rejects_bad_server_urls() {
    assert_eq!(
        Discovery::new("ftp://mcp.example.com", None).unwrap_err(),
        AuthError::InvalidUrl { field: "server_url", url: "ftp://mcp.example.com".into() }
    );
    let challenge = BearerChallenge { resource_metadata: Some("ftp://x/y".into()), ..Default::default() };
    assert!(matches!(
        Discovery::new("https://mcp.example.com", Some(&challenge)).unwrap_err(),
        AuthError::InvalidUrl { field: "resource_metadata", .. }
    ));
}

#[test]
fn protected_resource_parse_keeps_optional_members() {
    let p = ProtectedResource::parse(
        "u",
        &bytes(json!({
            "resource": "https://mcp.example.com",
            "authorization_servers": ["https://a.example"],
            "bearer_methods_supported": ["header"],
            "unknown": {"x": 1},
        })),
    )
    .unwrap();
    assert_eq!(p.bearer_methods_supported, Some(vec!["header".to_owned()]));
    assert_eq!(p.scopes_supported, None);
}

// ---------------------------------------------------------------- authorization

#[test]
fn authorization_url_has_every_parameter() {
    let s = server();
    let started = start(&s);
    assert!(started.url.starts_with("https://auth.example.com/authorize?"), "{}", started.url);
    let pairs = query_pairs(&started.url);
    let pkce = Pkce::from_random(&VERIFIER_BYTES).unwrap();
    let want = [
        ("response_type", "code"),
        ("client_id", "client-1"),
        ("redirect_uri", "http%3A%2F%2F127.0.0.1%3A8080%2Fcallback"),
        ("code_challenge", pkce.challenge()),
        ("code_challenge_method", "S256"),
        ("state", "BwcHBwcHBwcHBwcHBwcHBw"),
        ("scope", "mcp%3Aread%20mcp%3Awrite"),
        ("resource", "https%3A%2F%2Fmcp.example.com%2Fapi%2Fmcp"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(pairs, want);
    assert_eq!(started.pending.state(), "BwcHBwcHBwcHBwcHBwcHBw");
    assert_eq!(started.pending.code_verifier(), pkce.verifier());
    assert_eq!(started.pending.issuer, "https://auth.example.com");
}

#[test]
fn authorization_url_keeps_an_existing_query_and_omits_empty_scope() {
    let mut s = server();
    s.authorization_endpoint = Some("https://auth.example.com/authorize?tenant=a".into());
    let params = AuthorizationParams { client_id: "c", redirect_uri: REDIRECT, scope: Some("  "), resource: None };
    let started = begin(&s, &params, &VERIFIER_BYTES, &STATE_BYTES).unwrap();
    assert!(started.url.starts_with("https://auth.example.com/authorize?tenant=a&response_type=code&"), "{}", started.url);
    let pairs = query_pairs(&started.url);
    assert_eq!(get(&pairs, "scope"), None);
    assert_eq!(get(&pairs, "resource"), None);
}

#[test]
fn authorization_refuses_bad_input() {
    let mut s = server();
    let ok = AuthorizationParams { client_id: "c", redirect_uri: REDIRECT, scope: None, resource: None };
    assert_eq!(
        begin(&s, &ok, &VERIFIER_BYTES, &[1; 8]).unwrap_err(),
        AuthError::InvalidRandom { what: "the state", len: 8, min: 16, max: 64 }
    );
    assert_eq!(
        begin(&s, &AuthorizationParams { client_id: "", ..ok.clone() }, &VERIFIER_BYTES, &STATE_BYTES).unwrap_err(),
        AuthError::InvalidConfig { field: "client_id", reason: "empty" }
    );
    assert_eq!(
        begin(&s, &AuthorizationParams { redirect_uri: "http://x/cb#frag", ..ok.clone() }, &VERIFIER_BYTES, &STATE_BYTES).unwrap_err(),
        AuthError::InvalidUrl { field: "redirect_uri", url: "http://x/cb#frag".into() }
    );
    s.authorization_endpoint = None;
    assert_eq!(
        begin(&s, &ok, &VERIFIER_BYTES, &STATE_BYTES).unwrap_err(),
        AuthError::MissingEndpoint { field: "authorization_endpoint" }
    );
}

#[test]
fn callback_happy_path_with_and_without_iss() {
    let s = server();
    let pending = start(&s).pending;
    let code = pending.finish(&callback(&pending, "code=abc%2F123")).unwrap();
    assert_eq!(code.as_str(), "abc/123");
    let code = pending.finish(&callback(&pending, "code=x&iss=https%3A%2F%2Fauth.example.com")).unwrap();
    assert_eq!(code.as_str(), "x");
    // A stored flow finishes the same after a round trip through JSON.
    let stored: PendingAuthorization = serde_json::from_str(&serde_json::to_string(&pending).unwrap()).unwrap();
    assert_eq!(stored, pending);
    assert_eq!(stored.finish(&callback(&pending, "code=y")).unwrap().as_str(), "y");
}

#[test]
fn callback_state_mismatch() {
    let pending = start(&server()).pending;
    assert_eq!(pending.finish(&format!("{REDIRECT}?code=abc&state=other")).unwrap_err(), AuthError::StateMismatch);
    assert_eq!(pending.finish(&format!("{REDIRECT}?code=abc")).unwrap_err(), AuthError::StateMismatch);
    // An error answer with someone else's state is not believed either.
    assert_eq!(pending.finish(&format!("{REDIRECT}?error=access_denied&state=x")).unwrap_err(), AuthError::StateMismatch);
}

#[test]
fn callback_iss_checks() {
    let mut s = server();
    let pending = start(&s).pending;
    assert_eq!(
        pending.finish(&callback(&pending, "code=abc&iss=https%3A%2F%2Fevil.example.com")).unwrap_err(),
        AuthError::IssMismatch { expected: "https://auth.example.com".into(), got: "https://evil.example.com".into() }
    );
    s.authorization_response_iss_parameter_supported = true;
    let pending = start(&s).pending;
    assert!(pending.iss_required);
    assert_eq!(
        pending.finish(&callback(&pending, "code=abc")).unwrap_err(),
        AuthError::IssMissing { expected: "https://auth.example.com".into() }
    );
    // iss is checked before the error is believed.
    assert!(matches!(
        pending.finish(&callback(&pending, "error=access_denied&iss=https%3A%2F%2Fevil.example.com")).unwrap_err(),
        AuthError::IssMismatch { .. }
    ));
    assert_eq!(pending.finish(&callback(&pending, "code=abc&iss=https%3A%2F%2Fauth.example.com")).unwrap().as_str(), "abc");
}

#[test]
fn callback_error_and_malformed() {
    let pending = start(&server()).pending;
    assert_eq!(
        pending.finish(&callback(&pending, "error=access_denied&error_description=The+user+said+no")).unwrap_err(),
        AuthError::AuthorizationDenied { error: "access_denied".into(), description: Some("The user said no".into()) }
    );
    assert_eq!(pending.finish(&callback(&pending, "")).unwrap_err(), AuthError::MissingCode);
    assert_eq!(pending.finish(&callback(&pending, "code=")).unwrap_err(), AuthError::MissingCode);
    assert_eq!(
        pending.finish(&callback(&pending, "code=a&code=b")).unwrap_err(),
        AuthError::MalformedCallback { reason: "a parameter given twice" }
    );
    assert_eq!(
        pending.finish(&callback(&pending, "code=%zz")).unwrap_err(),
        AuthError::MalformedCallback { reason: "a query that cannot be decoded" }
    );
}

#[test]
fn callback_to_an_unexpected_url() {
    let pending = start(&server()).pending;
    for wrong in [
        "http://127.0.0.1:8081/callback",
        "http://127.0.0.1:8080/callback2",
        "https://127.0.0.1:8080/callback",
        "http://evil.example/callback",
    ] {
        let url = format!("{wrong}?code=SECRETCODE&state={}", pending.state());
        let err = pending.finish(&url).unwrap_err();
        assert_eq!(err, AuthError::UnexpectedRedirect { expected: REDIRECT.into(), got: wrong.into() });
        assert!(!err.to_string().contains("SECRETCODE"));
    }
}

// ---------------------------------------------------------------- token

fn code_request(server: &AuthServer, client: &ClientInfo) -> (TokenRequest, PendingAuthorization) {
    let pending = start(server).pending;
    let code = pending.finish(&callback(&pending, "code=the-code")).unwrap();
    (TokenRequest::authorization_code(server, client, &pending, &code).unwrap(), pending)
}

#[test]
fn token_request_public_client() {
    let s = server();
    let (req, pending) = code_request(&s, &ClientInfo::public("client-1"));
    let http = req.http();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "https://auth.example.com/token");
    assert_eq!(http.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(http.header("authorization"), None);
    let pairs = query_pairs(http.body.as_deref().unwrap());
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["grant_type", "code", "redirect_uri", "code_verifier", "resource", "client_id"]);
    assert_eq!(get(&pairs, "grant_type"), Some("authorization_code"));
    assert_eq!(get(&pairs, "code"), Some("the-code"));
    assert_eq!(get(&pairs, "code_verifier"), Some(pending.code_verifier()));
    assert_eq!(get(&pairs, "redirect_uri"), Some("http%3A%2F%2F127.0.0.1%3A8080%2Fcallback"));
    assert_eq!(get(&pairs, "resource"), Some("https%3A%2F%2Fmcp.example.com%2Fapi%2Fmcp"));
    assert_eq!(get(&pairs, "client_id"), Some("client-1"));
}

#[test]
fn token_request_client_secret_basic_rfc6749_example() {
    let s = server(); // advertises nothing: Basic is the default
    let client = ClientInfo::confidential("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw");
    assert_eq!(choose_auth(&s, &client).unwrap(), TokenEndpointAuth::ClientSecretBasic);
    let (req, _) = code_request(&s, &client);
    let http = req.http();
    assert_eq!(http.header("authorization"), Some("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3"));
    let pairs = query_pairs(http.body.as_deref().unwrap());
    assert_eq!(get(&pairs, "client_id"), None);
    assert_eq!(get(&pairs, "client_secret"), None);
    // Id and secret are form-encoded before base64 (RFC 6749 §2.3.1).
    let req = TokenRequest::client_credentials(&s, &ClientInfo::confidential("a:b", "c d"), None, None).unwrap();
    assert_eq!(req.http().header("authorization"), Some("Basic YSUzQWI6YyUyMGQ="));
}

#[test]
fn token_request_client_secret_post_and_method_choice() {
    let mut s = server();
    s.token_endpoint_auth_methods_supported = Some(vec!["client_secret_post".into(), "none".into()]);
    let client = ClientInfo::confidential("id", "sec");
    let req = TokenRequest::client_credentials(&s, &client, Some("mcp"), Some("https://mcp.example.com")).unwrap();
    let http = req.http();
    assert_eq!(http.header("authorization"), None);
    let pairs = query_pairs(http.body.as_deref().unwrap());
    assert_eq!(
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        ["grant_type=client_credentials", "scope=mcp", "resource=https%3A%2F%2Fmcp.example.com", "client_id=id", "client_secret=sec"]
    );
    s.token_endpoint_auth_methods_supported = Some(vec!["client_secret_post".into(), "client_secret_basic".into()]);
    assert_eq!(choose_auth(&s, &client).unwrap(), TokenEndpointAuth::ClientSecretBasic);
    s.token_endpoint_auth_methods_supported = Some(vec!["private_key_jwt".into()]);
    assert_eq!(
        choose_auth(&s, &client).unwrap_err(),
        AuthError::UnsupportedAuthMethod { advertised: vec!["private_key_jwt".into()] }
    );
    // A public client uses `none` whatever is advertised.
    assert_eq!(choose_auth(&s, &ClientInfo::public("p")).unwrap(), TokenEndpointAuth::None);
    // A method fixed at registration wins, and needs its secret.
    let registered = ClientInfo { auth_method: Some(TokenEndpointAuth::ClientSecretPost), ..client.clone() };
    assert_eq!(choose_auth(&s, &registered).unwrap(), TokenEndpointAuth::ClientSecretPost);
    let broken = ClientInfo { client_secret: None, ..registered };
    assert!(matches!(choose_auth(&s, &broken).unwrap_err(), AuthError::InvalidConfig { field: "client_secret", .. }));
}

#[test]
fn token_request_refresh_and_client_credentials_bodies() {
    let s = server();
    let req = TokenRequest::refresh(&s, &ClientInfo::public("c"), "rt-1", Some("mcp"), Some("https://mcp.example.com/mcp")).unwrap();
    assert_eq!(
        req.http().body.unwrap(),
        "grant_type=refresh_token&refresh_token=rt-1&scope=mcp&resource=https%3A%2F%2Fmcp.example.com%2Fmcp&client_id=c"
    );
    let req = TokenRequest::refresh(&s, &ClientInfo::public("c"), "rt-1", None, None).unwrap();
    assert_eq!(req.http().body.unwrap(), "grant_type=refresh_token&refresh_token=rt-1&client_id=c");
    assert_eq!(
        TokenRequest::client_credentials(&s, &ClientInfo::public("c"), None, None).unwrap_err(),
        AuthError::InvalidConfig { field: "client_secret", reason: "required for client credentials" }
    );
    // The Mistral guide's `{ client_id, client_secret, token_url }`.
    let configured = AuthServer::from_token_url("https://idp.example.com/oauth/token").unwrap();
    assert_eq!(configured.source, MetadataSource::Configured);
    let req = TokenRequest::client_credentials(&configured, &ClientInfo::confidential("id", "s"), None, None).unwrap();
    assert_eq!(req.http().url, "https://idp.example.com/oauth/token");
    assert_eq!(req.http().body.unwrap(), "grant_type=client_credentials");
}

#[test]
fn token_request_code_only_at_its_issuer() {
    let s = server();
    let pending = start(&s).pending;
    let code = pending.finish(&callback(&pending, "code=c")).unwrap();
    let mut other = server();
    other.issuer = "https://other.example.com".into();
    assert_eq!(
        TokenRequest::authorization_code(&other, &ClientInfo::public("c"), &pending, &code).unwrap_err(),
        AuthError::IssuerMismatch { expected: "https://auth.example.com".into(), got: "https://other.example.com".into() }
    );
}

#[test]
fn token_response_parsing() {
    let s = server();
    let (req, _) = code_request(&s, &ClientInfo::public("c"));
    let now = 1_700_000_000_000;
    let t = req
        .parse_response(
            200,
            &bytes(json!({"access_token": "at", "token_type": "bearer", "expires_in": 3600, "refresh_token": "rt", "scope": "mcp"})),
            now,
        )
        .unwrap();
    assert_eq!(t.access_token, "at");
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.expires_at_ms, Some(now + 3_600_000));
    assert_eq!(t.refresh_token.as_deref(), Some("rt"));
    assert_eq!(t.scope.as_deref(), Some("mcp"));
    assert_eq!(t.authorization(), "Bearer at");
    assert!(!t.expires_within(now, 60_000));
    assert!(t.expires_within(now + 3_550_000, 60_000));

    let minimal = req.parse_response(200, &bytes(json!({"access_token": "at"})), now).unwrap();
    assert_eq!((minimal.expires_at_ms, minimal.refresh_token.clone()), (None, None));
    assert!(!minimal.expires_within(u64::MAX, 0));
    assert_eq!(minimal.keep_refresh_token(&t).refresh_token.as_deref(), Some("rt"));
    let s = req.parse_response(200, &bytes(json!({"access_token": "at", "expires_in": "60"})), now).unwrap();
    assert_eq!(s.expires_at_ms, Some(now + 60_000));

    let cases = [
        (200, bytes(json!({"token_type": "Bearer"})), AuthError::MissingAccessToken),
        (200, bytes(json!({"access_token": null})), AuthError::MissingAccessToken),
        (200, bytes(json!({"access_token": 5})), AuthError::MalformedTokenResponse { field: "access_token", reason: "not a non-empty string" }),
        (200, bytes(json!({"access_token": ""})), AuthError::MalformedTokenResponse { field: "access_token", reason: "not a non-empty string" }),
        (200, bytes(json!({"access_token": "a", "token_type": "mac"})), AuthError::UnsupportedTokenType { token_type: "mac".into() }),
        (200, bytes(json!({"access_token": "a", "expires_in": -5})), AuthError::MalformedTokenResponse { field: "expires_in", reason: "not a non-negative number" }),
        (200, bytes(json!({"access_token": "a", "expires_in": "soon"})), AuthError::MalformedTokenResponse { field: "expires_in", reason: "not a non-negative number" }),
        (200, bytes(json!({"access_token": "a", "refresh_token": 1})), AuthError::MalformedTokenResponse { field: "refresh_token", reason: "not a string" }),
        (200, b"not json".to_vec(), AuthError::MalformedTokenResponse { field: "(body)", reason: "not a JSON object" }),
        (500, b"<html>".to_vec(), AuthError::TokenStatus { status: 500 }),
        (
            400,
            bytes(json!({"error": "invalid_grant", "error_description": "code expired"})),
            AuthError::TokenError { status: 400, error: "invalid_grant".into(), description: Some("code expired".into()) },
        ),
        (
            200,
            bytes(json!({"error": "invalid_client"})),
            AuthError::TokenError { status: 200, error: "invalid_client".into(), description: None },
        ),
    ];
    for (status, body, want) in cases {
        assert_eq!(req.parse_response(status, &body, now).unwrap_err(), want, "{}", String::from_utf8_lossy(&body));
    }
}

#[test]
fn refresh_rejected_is_its_own_error() {
    let s = server();
    let req = TokenRequest::refresh(&s, &ClientInfo::public("c"), "old-refresh-token", None, None).unwrap();
    let err = req.parse_response(400, &bytes(json!({"error": "invalid_grant", "error_description": "expired"})), 0).unwrap_err();
    assert_eq!(err, AuthError::RefreshRejected { description: Some("expired".into()) });
    let err = req.parse_response(401, &bytes(json!({"error": "invalid_client"})), 0).unwrap_err();
    assert_eq!(err, AuthError::TokenError { status: 401, error: "invalid_client".into(), description: None });
}

// ---------------------------------------------------------------- client identity and registration

#[test]
fn client_choice_follows_the_spec_order() {
    let mut s = server();
    let pre = ClientInfo::public("pre");
    let doc = "https://app.example.com/oauth/client.json";
    assert_eq!(choose_client(&s, Some(&pre), Some(doc)).unwrap(), ClientChoice::Use(pre.clone()));
    // Metadata documents not supported: register.
    assert_eq!(choose_client(&s, None, Some(doc)).unwrap(), ClientChoice::Register);
    s.client_id_metadata_document_supported = true;
    assert_eq!(choose_client(&s, None, Some(doc)).unwrap(), ClientChoice::Use(ClientInfo::public(doc)));
    assert!(matches!(
        choose_client(&s, None, Some("http://app.example.com/c.json")).unwrap_err(),
        AuthError::InvalidConfig { field: "client_id", .. }
    ));
    assert!(matches!(choose_client(&s, None, Some("https://app.example.com")).unwrap_err(), AuthError::InvalidConfig { .. }));
    s.registration_endpoint = None;
    assert_eq!(choose_client(&s, None, None).unwrap_err(), AuthError::RegistrationUnsupported);
    assert_eq!(
        choose_client(&s, Some(&ClientInfo::public("")), None).unwrap_err(),
        AuthError::InvalidConfig { field: "client_id", reason: "empty" }
    );
}

#[test]
fn registration_request_and_response() {
    let s = server();
    let meta = ClientMetadata::public("mistral-edge", REDIRECT);
    let req = registration_request(&s, &meta).unwrap();
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://auth.example.com/register");
    assert_eq!(req.header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({
            "redirect_uris": [REDIRECT],
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "application_type": "native",
            "client_name": "mistral-edge",
        })
    );

    let c = parse_registration(201, &bytes(json!({"client_id": "new", "redirect_uris": [REDIRECT]})), &meta).unwrap();
    assert_eq!(c, ClientInfo { auth_method: Some(TokenEndpointAuth::None), ..ClientInfo::public("new") });
    let c = parse_registration(
        201,
        &bytes(json!({"client_id": "new", "client_secret": "s", "client_secret_expires_at": 0, "token_endpoint_auth_method": "client_secret_basic"})),
        &meta,
    )
    .unwrap();
    assert_eq!(c.auth_method, Some(TokenEndpointAuth::ClientSecretBasic));
    assert_eq!(c.client_secret_expires_at, Some(0));

    let cases = [
        (201, bytes(json!({})), AuthError::MalformedRegistration { field: "client_id", reason: "missing" }),
        (201, bytes(json!({"client_id": 3})), AuthError::MalformedRegistration { field: "client_id", reason: "not a non-empty string" }),
        (
            201,
            bytes(json!({"client_id": "x", "token_endpoint_auth_method": "private_key_jwt"})),
            AuthError::MalformedRegistration { field: "token_endpoint_auth_method", reason: "a method this client does not support" },
        ),
        (
            201,
            bytes(json!({"client_id": "x", "token_endpoint_auth_method": "client_secret_post"})),
            AuthError::MalformedRegistration { field: "client_secret", reason: "missing, though the registered method needs one" },
        ),
        (201, b"[]".to_vec(), AuthError::MalformedRegistration { field: "(body)", reason: "not a JSON object" }),
        (
            400,
            bytes(json!({"error": "invalid_redirect_uri", "error_description": "not allowed"})),
            AuthError::RegistrationRejected { status: 400, error: Some("invalid_redirect_uri".into()), description: Some("not allowed".into()) },
        ),
        (404, b"".to_vec(), AuthError::RegistrationRejected { status: 404, error: None, description: None }),
    ];
    for (status, body, want) in cases {
        assert_eq!(parse_registration(status, &body, &meta).unwrap_err(), want);
    }

    let mut none = server();
    none.registration_endpoint = None;
    assert_eq!(registration_request(&none, &meta).unwrap_err(), AuthError::RegistrationUnsupported);
    let no_redirect = ClientMetadata { redirect_uris: vec![], ..meta };
    assert!(matches!(registration_request(&s, &no_redirect).unwrap_err(), AuthError::InvalidConfig { field: "redirect_uris", .. }));
}

// ---------------------------------------------------------------- secrets never shown

#[test]
fn no_error_or_debug_output_contains_a_secret() {
    let s = server();
    let client = ClientInfo::confidential("client-1", "CLIENT-SECRET-42");
    let pending = start(&s).pending;
    let state = pending.state().to_owned();
    let verifier = pending.code_verifier().to_owned();
    let code_str = "AUTH-CODE-SECRET-77";
    let code = pending.finish(&callback(&pending, &format!("code={code_str}"))).unwrap();
    let req = TokenRequest::authorization_code(&s, &client, &pending, &code).unwrap();
    let refresh = TokenRequest::refresh(&s, &client, "REFRESH-TOKEN-SECRET", None, None).unwrap();
    let secrets = [state.as_str(), verifier.as_str(), code_str, "CLIENT-SECRET-42", "REFRESH-TOKEN-SECRET", "ACCESS-TOKEN-SECRET"];

    let echo = format!("bad code {code_str} for verifier {verifier} and secret CLIENT-SECRET-42");
    let errors = vec![
        req.parse_response(400, &bytes(json!({"error": "invalid_grant", "error_description": echo})), 0).unwrap_err(),
        req.parse_response(400, &bytes(json!({"error": format!("invalid {code_str}")})), 0).unwrap_err(),
        refresh.parse_response(400, &bytes(json!({"error": "invalid_grant", "error_description": "REFRESH-TOKEN-SECRET expired"})), 0).unwrap_err(),
        refresh.parse_response(200, &bytes(json!({"access_token": "ACCESS-TOKEN-SECRET", "token_type": "ACCESS-TOKEN-SECRET"})), 0).unwrap_err(),
        req.parse_response(200, &bytes(json!({"access_token": "ACCESS-TOKEN-SECRET", "expires_in": "ACCESS-TOKEN-SECRET"})), 0).unwrap_err(),
        req.parse_response(200, &bytes(json!({"access_token": "ACCESS-TOKEN-SECRET", "refresh_token": ["REFRESH-TOKEN-SECRET"]})), 0).unwrap_err(),
        pending.finish(&format!("http://evil.example/cb?code={code_str}&state={state}")).unwrap_err(),
        pending.finish(&format!("{REDIRECT}?code={code_str}&state=wrong")).unwrap_err(),
        pending.finish(&format!("{REDIRECT}?code={code_str}&state={state}&iss=https%3A%2F%2Fevil")).unwrap_err(),
        pending.finish(&format!("{REDIRECT}?state={state}&error=denied&error_description=state+{state}")).unwrap_err(),
        pending.finish(&format!("{REDIRECT}?code={code_str}&code={code_str}&state={state}")).unwrap_err(),
        pending.finish(&format!("not a url?code={code_str}&state={state}")).unwrap_err(),
        pending.finish(&format!("ftp://x/cb#code={code_str}")).unwrap_err(),
    ];
    assert_eq!(errors.len(), 13);
    assert_eq!(errors[11], AuthError::InvalidUrl { field: "callback_url", url: "not a url".into() });
    for err in &errors {
        let shown = format!("{err} {err:?}");
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
    }
    // The server's text is kept, with the secrets scrubbed out.
    assert!(errors[0].to_string().contains("bad code [redacted] for verifier [redacted] and secret [redacted]"), "{}", errors[0]);

    let tokens = TokenSet {
        access_token: "ACCESS-TOKEN-SECRET".into(),
        token_type: "Bearer".into(),
        expires_at_ms: None,
        refresh_token: Some("REFRESH-TOKEN-SECRET".into()),
        scope: None,
    };
    let debug = format!("{tokens:?} {client:?} {pending:?} {code:?} {req:?} {refresh:?} {:?}", Pkce::from_random(&VERIFIER_BYTES).unwrap());
    for secret in secrets {
        assert!(!debug.contains(secret), "{secret} leaked in {debug}");
    }
}
