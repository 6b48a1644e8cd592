#![cfg(not(target_arch = "wasm32"))]
//! The sans-IO pieces of the MCP authorization extensions: PKCS#8 keys read
//! from PEM, `private_key_jwt` assertions (RFC 7523), the JWT bearer grant
//! and the ID-JAG token exchange (RFC 8693), DPoP proofs and nonces
//! (RFC 9449), and that no error or `Debug` text carries a key, assertion
//! or token. Signatures are the driver's (WebCrypto); the conformance suite
//! verifies them end to end.

use mistral_edge::mcp::auth::assertion::{audience, client_assertion, JWT_BEARER_ASSERTION};
use mistral_edge::mcp::auth::client::{choose_auth, ClientInfo, TokenEndpointAuth};
use mistral_edge::mcp::auth::dpop::{self, Nonces, PublicJwk};
use mistral_edge::mcp::auth::exchange::{ID_JAG_TOKEN_TYPE, JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT};
use mistral_edge::mcp::auth::jwt::{jti, Algorithm, KeyKind, PrivateKey, UnsignedJwt};
use mistral_edge::mcp::auth::metadata::AuthServer;
use mistral_edge::mcp::auth::token::{GrantKind, TokenRequest};
use mistral_edge::mcp::auth::www_authenticate::parse_bearer;
use mistral_edge::mcp::auth::AuthError;
use serde_json::{json, Value};

const P256: &str = include_str!("fixtures/auth-keys/p256.pem");
const P384: &str = include_str!("fixtures/auth-keys/p384.pem");
const RSA: &str = include_str!("fixtures/auth-keys/rsa.pem");
const ED25519: &str = include_str!("fixtures/auth-keys/ed.pem");
const SEC1: &str = include_str!("fixtures/auth-keys/sec1.pem");

const ISSUER: &str = "https://auth.example.com/tenant";
const TOKEN_URL: &str = "https://auth.example.com/tenant/token";

fn server(extra: Value) -> AuthServer {
    let mut doc = json!({ "issuer": ISSUER, "token_endpoint": TOKEN_URL });
    if let (Some(doc), Some(extra)) = (doc.as_object_mut(), extra.as_object()) {
        doc.extend(extra.clone());
    }
    AuthServer::parse(
        "https://auth.example.com/.well-known/oauth-authorization-server/tenant",
        &serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap()
}

/// The decoded JSON of a JWT part (0 header, 1 claims).
fn part(jwt: &str, index: usize) -> Value {
    let text = jwt.split('.').nth(index).unwrap();
    let bytes = base64_url_decode(text);
    serde_json::from_slice(&bytes).unwrap()
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    // Reuse the PEM path's decoder through a throwaway block would be circular; decode by hand.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for b in standard.bytes() {
        acc = (acc << 6) | alphabet.iter().position(|&c| c == b).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_owned(), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------- keys

#[test]
fn pkcs8_keys_are_read_with_their_type() {
    assert_eq!(PrivateKey::from_pem(P256).unwrap().kind, KeyKind::EcP256);
    assert_eq!(PrivateKey::from_pem(P384).unwrap().kind, KeyKind::EcP384);
    assert_eq!(PrivateKey::from_pem(RSA).unwrap().kind, KeyKind::Rsa);
    assert_eq!(PrivateKey::from_pem(ED25519).unwrap().kind, KeyKind::Ed25519);
    // CRLF line ends and surrounding blank lines are fine.
    let crlf = format!("\n\n{}\n", P256.replace('\n', "\r\n"));
    let key = PrivateKey::from_pem(&crlf).unwrap();
    assert_eq!(key.kind, KeyKind::EcP256);
    assert_eq!(key.der().first(), Some(&0x30));
    assert!(!format!("{key:?}").contains("MIG"), "Debug shows the key");
}

#[test]
fn keys_are_checked_against_the_algorithm() {
    let key = PrivateKey::from_pem(P256).unwrap();
    assert!(key.clone().for_algorithm(Algorithm::Es256).is_ok());
    let err = key.for_algorithm(Algorithm::Rs256).unwrap_err();
    assert_eq!(err, AuthError::KeyAlgorithmMismatch { algorithm: "RS256", key: "an EC P-256 key" });
    assert!(err.to_string().contains("RS256") && err.to_string().contains("P-256"));
    let rsa = PrivateKey::from_pem(RSA).unwrap();
    assert!(rsa.clone().for_algorithm(Algorithm::Ps256).is_ok());
    assert!(rsa.for_algorithm(Algorithm::Es256).is_err());
    assert!(PrivateKey::from_pem(P384).unwrap().for_algorithm(Algorithm::Es256).is_err());
    assert_eq!(Algorithm::from_name("ES256"), Some(Algorithm::Es256));
    assert_eq!(Algorithm::from_name("es256"), None, "JOSE names are case-sensitive");
    assert_eq!(Algorithm::from_name("none"), None, "unsigned JWTs are never made");
}

#[test]
fn bad_keys_are_typed_errors_that_never_quote_the_key() {
    let body_of = |pem: &str| pem.lines().nth(1).unwrap().to_owned();
    let cases: Vec<(String, &str)> = vec![
        (SEC1.to_owned(), "legacy format"),
        ("not a key".to_owned(), "not a PEM block"),
        (P256.replace("-----END PRIVATE KEY-----", ""), "no matching END"),
        (P256.replacen("MIGH", "M!GH", 1), "not valid base64"),
        // Cut short: the DER lengths no longer add up.
        (P256.lines().take(2).chain(["-----END PRIVATE KEY-----"]).collect::<Vec<_>>().join("\n"), "not a DER PKCS#8"),
        (P256.replace("PRIVATE KEY", "PUBLIC KEY"), "public key"),
        (P256.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"), "encrypted"),
    ];
    for (pem, expected) in cases {
        let err = PrivateKey::from_pem(&pem).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, AuthError::InvalidKey { .. }), "{pem}: {err:?}");
        assert!(text.contains(expected), "{text} lacks {expected}");
        assert!(text.contains("private_key"), "{text} does not name the field");
        for line in [body_of(P256), body_of(SEC1)] {
            assert!(!text.contains(&line[..20]), "{text} quotes the key");
        }
    }
}

// ---------------------------------------------------------------- assertions

#[test]
fn client_assertion_names_client_and_issuer() {
    let srv = server(json!({ "token_endpoint_auth_methods_supported": ["private_key_jwt"] }));
    let jwt = client_assertion(&srv, "client-1", Algorithm::Es256, Some("key-7"), 1_700_000_000, &[7u8; 16]).unwrap();
    assert_eq!(jwt.header().get("alg"), Some(&json!("ES256")));
    assert_eq!(jwt.header().get("typ"), Some(&json!("JWT")));
    assert_eq!(jwt.header().get("kid"), Some(&json!("key-7")));
    let claims = jwt.claims();
    assert_eq!(claims.get("iss"), Some(&json!("client-1")));
    assert_eq!(claims.get("sub"), Some(&json!("client-1")));
    assert_eq!(claims.get("aud"), Some(&json!(ISSUER)));
    assert_eq!(claims.get("iat"), Some(&json!(1_700_000_000u64)));
    assert_eq!(claims.get("exp"), Some(&json!(1_700_000_060u64)));
    assert_eq!(claims.get("jti"), Some(&json!("BwcHBwcHBwcHBwcHBwcHBw")));
    // The signing input is the two parts; the signature is appended base64url.
    let signed = jwt.sign(&[0xff, 0xfe]);
    assert_eq!(signed, format!("{}.__4", jwt.signing_input()));
    assert_eq!(part(&signed, 0)["kid"], "key-7");
    assert_eq!(part(&signed, 1)["aud"], ISSUER);
    // Without a kid, no kid.
    let plain = client_assertion(&srv, "client-1", Algorithm::Rs256, None, 0, &[1u8; 32]).unwrap();
    assert!(plain.header().get("kid").is_none());
    assert_eq!(plain.header().get("alg"), Some(&json!("RS256")));
}

#[test]
fn assertion_audience_is_the_token_url_when_no_issuer_is_known() {
    let configured = AuthServer::from_token_url("https://idp.example.com/oauth/token").unwrap();
    assert_eq!(audience(&configured), "https://idp.example.com/oauth/token");
    assert_eq!(audience(&server(json!({}))), ISSUER);
}

#[test]
fn assertion_needs_enough_random_and_a_client_id() {
    let srv = server(json!({}));
    let short = client_assertion(&srv, "c", Algorithm::Es256, None, 0, &[0u8; 8]).unwrap_err();
    assert!(matches!(short, AuthError::InvalidRandom { what: "jti", len: 8, .. }), "{short:?}");
    let empty = client_assertion(&srv, "", Algorithm::Es256, None, 0, &[0u8; 16]).unwrap_err();
    assert_eq!(empty, AuthError::InvalidConfig { field: "client_id", reason: "empty" });
    assert!(jti(&[0u8; 65]).is_err());
}

#[test]
fn private_key_jwt_token_request() {
    let srv = server(json!({ "token_endpoint_auth_methods_supported": ["private_key_jwt"] }));
    let assertion = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjIn0.c2lnbmF0dXJl".to_owned();
    let client = ClientInfo::with_assertion("client-1", assertion.clone());
    assert_eq!(choose_auth(&srv, &client).unwrap(), TokenEndpointAuth::PrivateKeyJwt);
    let req =
        TokenRequest::client_credentials(&srv, &client, Some("mcp:read"), Some("https://mcp.example.com/mcp")).unwrap();
    let http = req.http();
    assert_eq!(http.url, TOKEN_URL);
    assert!(http.header("authorization").is_none(), "no Basic header with an assertion");
    let body = form(http.body.as_deref().unwrap());
    assert_eq!(param(&body, "grant_type"), Some("client_credentials"));
    assert_eq!(param(&body, "client_assertion_type"), Some(JWT_BEARER_ASSERTION));
    assert_eq!(param(&body, "client_assertion"), Some(assertion.as_str()));
    assert_eq!(param(&body, "client_id"), Some("client-1"));
    assert_eq!(param(&body, "scope"), Some("mcp:read"));
    assert_eq!(param(&body, "resource"), Some("https://mcp.example.com/mcp"));
    assert!(param(&body, "client_secret").is_none());
    // Neither Debug shows the assertion, and a server echoing it is scrubbed.
    assert!(!format!("{req:?}{client:?}").contains("c2lnbmF0dXJl"));
    let echo = json!({ "error": "invalid_client", "error_description": format!("bad assertion {assertion}") });
    let err = req.parse_response(401, &serde_json::to_vec(&echo).unwrap(), 0).unwrap_err();
    assert!(!err.to_string().contains("c2lnbmF0dXJl"), "{err}");
    assert!(err.to_string().contains("invalid_client"));
}

#[test]
fn private_key_jwt_refused_where_the_server_does_not_take_it() {
    let srv = server(json!({ "token_endpoint_auth_methods_supported": ["client_secret_basic"] }));
    let client = ClientInfo::with_assertion("client-1", "a.b.c".into());
    let err = TokenRequest::client_credentials(&srv, &client, None, None).unwrap_err();
    assert_eq!(err, AuthError::UnsupportedAuthMethod { advertised: vec!["client_secret_basic".into()] });
    // A registration that fixed private_key_jwt without an assertion in hand.
    let missing = ClientInfo { auth_method: Some(TokenEndpointAuth::PrivateKeyJwt), ..ClientInfo::public("c") };
    let err = choose_auth(&server(json!({})), &missing).unwrap_err();
    assert_eq!(err, AuthError::InvalidConfig { field: "private_key", reason: "required for private_key_jwt" });
    // Neither secret nor key: nothing to authenticate a client-credentials grant with.
    let err = TokenRequest::client_credentials(&srv, &ClientInfo::public("c"), None, None).unwrap_err();
    assert!(matches!(err, AuthError::InvalidConfig { field: "client_secret", .. }), "{err:?}");
}

#[test]
fn metadata_signing_algorithms_are_read() {
    let srv = server(json!({
        "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
        "dpop_signing_alg_values_supported": ["ES256", "RS256"],
    }));
    assert_eq!(srv.token_endpoint_auth_signing_alg_values_supported, Some(vec!["ES256".to_owned()]));
    assert!(dpop::server_supports(&srv));
    assert!(!dpop::server_supports(&server(json!({}))));
    assert!(!dpop::server_supports(&server(json!({ "dpop_signing_alg_values_supported": ["RS256"] }))));
    let bad = AuthServer::parse(
        "https://a.example/.well-known/oauth-authorization-server",
        &serde_json::to_vec(&json!({ "issuer": "https://a.example", "token_endpoint": "https://a.example/t",
            "dpop_signing_alg_values_supported": "ES256" }))
        .unwrap(),
    )
    .unwrap_err();
    assert!(bad.to_string().contains("dpop_signing_alg_values_supported"), "{bad}");
}

// ---------------------------------------------------------------- grants

#[test]
fn jwt_bearer_grant_carries_the_assertion() {
    let srv = server(json!({ "token_endpoint_auth_methods_supported": ["none"] }));
    let workload = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ3b3JrbG9hZCJ9.d29ya2xvYWQtc2ln";
    let client = ClientInfo::public("wif-client");
    let req =
        TokenRequest::jwt_bearer(&srv, &client, workload, Some("mcp"), Some("https://mcp.example.com/mcp")).unwrap();
    assert_eq!(req.grant, GrantKind::JwtBearer);
    let body = form(req.http().body.as_deref().unwrap());
    assert_eq!(param(&body, "grant_type"), Some(JWT_BEARER_GRANT));
    assert_eq!(param(&body, "assertion"), Some(workload));
    assert_eq!(param(&body, "client_id"), Some("wif-client"));
    assert_eq!(param(&body, "resource"), Some("https://mcp.example.com/mcp"));
    // Without a client id the assertion alone identifies the client.
    let anonymous = TokenRequest::jwt_bearer(&srv, &ClientInfo::public(""), workload, None, None).unwrap();
    let body = form(anonymous.http().body.as_deref().unwrap());
    assert!(param(&body, "client_id").is_none());
    assert!(param(&body, "scope").is_none());
    // A confidential client authenticates with Basic as usual.
    let basic = TokenRequest::jwt_bearer(
        &server(json!({})),
        &ClientInfo::confidential("xaa", "s3cret-xaa"),
        workload,
        None,
        None,
    )
    .unwrap();
    assert!(basic.http().header("authorization").is_some_and(|h| h.starts_with("Basic ")));
    // The assertion is a credential: scrubbed from echoed errors.
    let echo = json!({ "error": "invalid_grant", "error_description": format!("expired: {workload}") });
    let err = req.parse_response(400, &serde_json::to_vec(&echo).unwrap(), 0).unwrap_err();
    assert!(!err.to_string().contains("d29ya2xvYWQtc2ln"), "{err}");
    let empty = TokenRequest::jwt_bearer(&srv, &client, "  ", None, None).unwrap_err();
    assert_eq!(empty, AuthError::InvalidConfig { field: "assertion", reason: "empty" });
}

#[test]
fn id_jag_exchange_request_and_answer() {
    let idp = AuthServer::from_token_url("https://idp.example.com/token").unwrap();
    let id_token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.aWQtdG9rZW4tc2ln";
    let req = TokenRequest::id_jag_exchange(
        &idp,
        &ClientInfo::public("idp-client"),
        id_token,
        ISSUER,
        "https://mcp.example.com/mcp",
        Some("mcp:read"),
    )
    .unwrap();
    let body = form(req.http().body.as_deref().unwrap());
    assert_eq!(param(&body, "grant_type"), Some(TOKEN_EXCHANGE_GRANT));
    assert_eq!(param(&body, "requested_token_type"), Some(ID_JAG_TOKEN_TYPE));
    assert_eq!(param(&body, "subject_token"), Some(id_token));
    assert_eq!(param(&body, "subject_token_type"), Some("urn:ietf:params:oauth:token-type:id_token"));
    assert_eq!(param(&body, "audience"), Some(ISSUER));
    assert_eq!(param(&body, "resource"), Some("https://mcp.example.com/mcp"));
    assert_eq!(param(&body, "client_id"), Some("idp-client"));
    assert_eq!(param(&body, "scope"), Some("mcp:read"));
    // The answer: the ID-JAG in access_token, token_type N_A (not Bearer).
    let answer = json!({ "access_token": "id.jag.token", "issued_token_type": ID_JAG_TOKEN_TYPE, "token_type": "N_A" });
    assert_eq!(req.parse_id_jag(200, &serde_json::to_vec(&answer).unwrap(), 0).unwrap(), "id.jag.token");
    let wrong = json!({ "access_token": "x.y.z", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token", "token_type": "Bearer" });
    let err = req.parse_id_jag(200, &serde_json::to_vec(&wrong).unwrap(), 0).unwrap_err();
    assert!(matches!(err, AuthError::UnexpectedIssuedTokenType { got: Some(_), .. }), "{err:?}");
    assert!(!err.to_string().contains("x.y.z"));
    let missing = json!({ "access_token": "x.y.z", "token_type": "N_A" });
    let err = req.parse_id_jag(200, &serde_json::to_vec(&missing).unwrap(), 0).unwrap_err();
    assert_eq!(err, AuthError::UnexpectedIssuedTokenType { expected: ID_JAG_TOKEN_TYPE, got: None });
    let refused = json!({ "error": "invalid_grant", "error_description": format!("bad {id_token}") });
    let err = req.parse_id_jag(400, &serde_json::to_vec(&refused).unwrap(), 0).unwrap_err();
    assert!(!err.to_string().contains("aWQtdG9rZW4tc2ln"), "{err}");
    let no_token = json!({ "issued_token_type": ID_JAG_TOKEN_TYPE });
    assert_eq!(
        req.parse_id_jag(200, &serde_json::to_vec(&no_token).unwrap(), 0).unwrap_err(),
        AuthError::MissingAccessToken
    );
    let empty =
        TokenRequest::id_jag_exchange(&idp, &ClientInfo::public("c"), "", ISSUER, "https://m", None).unwrap_err();
    assert_eq!(empty, AuthError::InvalidConfig { field: "id_token", reason: "empty" });
}

// ---------------------------------------------------------------- DPoP

fn jwk() -> PublicJwk {
    // RFC 7517 appendix A.1's P-256 key.
    PublicJwk {
        crv: "P-256".into(),
        x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU".into(),
        y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0".into(),
    }
}

#[test]
fn dpop_proof_claims() {
    let token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    let proof = dpop::proof(
        &jwk(),
        "post",
        "https://mcp.example.com/mcp?x=1#f",
        1_700_000_000,
        &[3u8; 16],
        Some(token),
        Some("n-1"),
    )
    .unwrap();
    let header = proof.header();
    assert_eq!(header.get("typ"), Some(&json!("dpop+jwt")));
    assert_eq!(header.get("alg"), Some(&json!("ES256")));
    assert_eq!(
        header.get("jwk"),
        Some(&json!({ "kty": "EC", "crv": "P-256", "x": jwk().x, "y": jwk().y })),
        "the public key only"
    );
    let claims = proof.claims();
    assert_eq!(claims.get("htm"), Some(&json!("POST")));
    assert_eq!(claims.get("htu"), Some(&json!("https://mcp.example.com/mcp")));
    assert_eq!(claims.get("iat"), Some(&json!(1_700_000_000u64)));
    // RFC 9449 §7.1's example token and its `ath`.
    assert_eq!(claims.get("ath"), Some(&json!("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo")));
    assert_eq!(claims.get("nonce"), Some(&json!("n-1")));
    assert!(claims.get("jti").and_then(Value::as_str).is_some_and(|j| j.len() >= 21));
    // At the token endpoint: no token, no nonce yet.
    let first = dpop::proof(&jwk(), "POST", TOKEN_URL, 0, &[4u8; 16], None, None).unwrap();
    assert!(first.claims().get("ath").is_none() && first.claims().get("nonce").is_none());
    assert_ne!(first.claims().get("jti"), proof.claims().get("jti"));
    assert!(dpop::proof(&jwk(), "POST", "ftp://x/y", 0, &[4u8; 16], None, None).is_err());
}

#[test]
fn dpop_thumbprint_and_exported_jwk() {
    // sha256 of {"crv":"P-256","kty":"EC","x":...,"y":...}, computed independently.
    assert_eq!(jwk().thumbprint(), "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U");
    let exported =
        json!({ "kty": "EC", "crv": "P-256", "x": jwk().x, "y": jwk().y, "ext": true, "key_ops": ["verify"] });
    assert_eq!(PublicJwk::from_jwk(&exported).unwrap(), jwk());
    assert!(PublicJwk::from_jwk(&json!({ "kty": "RSA", "n": "x", "e": "AQAB" })).is_err());
    assert!(PublicJwk::from_jwk(&json!({ "kty": "EC", "crv": "P-256", "x": "a" })).is_err());
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn dpop_nonce_challenges() {
    let body = serde_json::to_vec(&json!({ "error": "use_dpop_nonce" })).unwrap();
    let with_nonce = headers(&[("DPoP-Nonce", "eyJ7S_zG.eyJH0-Z")]);
    assert_eq!(dpop::token_endpoint_nonce(400, &with_nonce, &body), Some("eyJ7S_zG.eyJH0-Z".into()));
    assert_eq!(dpop::token_endpoint_nonce(400, &[], &body), None, "no nonce to retry with");
    assert_eq!(dpop::token_endpoint_nonce(401, &with_nonce, &body), None);
    let other = serde_json::to_vec(&json!({ "error": "invalid_grant" })).unwrap();
    assert_eq!(dpop::token_endpoint_nonce(400, &with_nonce, &other), None);

    let rs = headers(&[
        (
            "www-authenticate",
            r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#,
        ),
        ("dpop-nonce", "rs-nonce-1"),
    ]);
    assert_eq!(dpop::resource_nonce(401, &rs), Some("rs-nonce-1".into()));
    let bearer = headers(&[("www-authenticate", r#"Bearer error="invalid_token""#), ("dpop-nonce", "n")]);
    assert_eq!(dpop::resource_nonce(401, &bearer), None);
    // A nonce with characters a proof cannot carry is ignored.
    assert_eq!(dpop::nonce_header(&headers(&[("DPoP-Nonce", "a\"b")])), None);
    assert_eq!(dpop::nonce_header(&headers(&[("DPoP-Nonce", "")])), None);

    let mut nonces = Nonces::default();
    nonces.learn("https://as.example.com/token", &with_nonce);
    nonces.set("https://mcp.example.com/mcp", "rs".into());
    assert_eq!(nonces.get("https://as.example.com/other"), Some("eyJ7S_zG.eyJH0-Z"));
    assert_eq!(nonces.get("https://mcp.example.com/mcp?q"), Some("rs"));
    assert_eq!(nonces.get("https://elsewhere.example.com/"), None);
}

#[test]
fn dpop_challenge_starts_discovery_like_bearer() {
    let c = parse_bearer(
        r#"DPoP algs="ES256", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp""#,
    )
    .unwrap()
    .unwrap();
    assert!(c.dpop);
    assert_eq!(
        c.resource_metadata.as_deref(),
        Some("https://mcp.example.com/.well-known/oauth-protected-resource/mcp")
    );
    // Both offered: the Bearer one is read, as before.
    let both = parse_bearer(r#"DPoP algs="ES256", Bearer resource_metadata="https://a/b""#).unwrap().unwrap();
    assert!(!both.dpop);
}

#[test]
fn dpop_bound_tokens_only_after_a_proof() {
    let srv = server(json!({}));
    let client = ClientInfo::public("c");
    let answer =
        serde_json::to_vec(&json!({ "access_token": "at-1", "token_type": "DPoP", "expires_in": 60 })).unwrap();
    let plain = TokenRequest::client_credentials(&srv, &ClientInfo::confidential("c", "s3cret"), None, None).unwrap();
    let err = plain.parse_response(200, &answer, 0).unwrap_err();
    assert!(matches!(err, AuthError::UnsupportedTokenType { .. }), "{err:?}");

    let mut req = TokenRequest::jwt_bearer(&srv, &client, "a.b.c", None, None).unwrap();
    req.set_dpop_proof("proof-1".into());
    req.set_dpop_proof("proof-2".into());
    let http = req.http();
    let proofs: Vec<_> = http.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("dpop")).collect();
    assert_eq!(proofs.len(), 1, "a retry replaces the proof");
    assert_eq!(proofs[0].1, "proof-2");
    let token = req.parse_response(200, &answer, 1_000).unwrap();
    assert!(token.is_dpop());
    assert_eq!(token.authorization(), "DPoP at-1");
    assert_eq!(token.expires_at_ms, Some(61_000));
    // A server may still answer Bearer (it did not bind the token).
    let bearer = serde_json::to_vec(&json!({ "access_token": "at-2", "token_type": "bearer" })).unwrap();
    assert_eq!(req.parse_response(200, &bearer, 0).unwrap().authorization(), "Bearer at-2");
    assert!(!format!("{token:?}").contains("at-1"));
}

#[test]
fn unsigned_jwt_debug_hides_claims() {
    let jwt = UnsignedJwt::new(
        json!({ "alg": "ES256" }).as_object().unwrap().clone(),
        json!({ "sub": "secret-subject" }).as_object().unwrap().clone(),
    );
    assert!(!format!("{jwt:?}").contains("secret-subject"));
    assert_eq!(part(&jwt.sign(&[1]), 1)["sub"], "secret-subject");
}
