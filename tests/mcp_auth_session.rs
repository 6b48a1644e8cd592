#![cfg(not(target_arch = "wasm32"))]
//! The sans-IO parts the OAuth driver keeps between requests and flows:
//! the scope an authorization asks for (step-up union, `offline_access`),
//! the storage keys and records (no secret in their `Debug`, a foreign
//! record refused), the registration metadata chosen for a server, and an
//! `AuthError` as a `reason` with fields, none of them a secret.

use mistral_edge::mcp::auth::authorize::{begin, AuthorizationParams};
use mistral_edge::mcp::auth::client::{ClientInfo, TokenEndpointAuth};
use mistral_edge::mcp::auth::metadata::AuthServer;
use mistral_edge::mcp::auth::record::{decode, encode, Credentials, Keys, PendingRecord, ServerRecord};
use mistral_edge::mcp::auth::register::{application_type, ClientMetadata};
use mistral_edge::mcp::auth::scope::request_scope;
use mistral_edge::mcp::auth::token::TokenSet;
use mistral_edge::mcp::auth::{AuthError, Detail};
use serde_json::json;

fn server(extra: serde_json::Value) -> AuthServer {
    let mut meta = json!({
        "issuer": "https://auth.example.com",
        "authorization_endpoint": "https://auth.example.com/authorize",
        "token_endpoint": "https://auth.example.com/token",
        "registration_endpoint": "https://auth.example.com/register",
        "code_challenge_methods_supported": ["S256"],
    });
    for (k, v) in extra.as_object().unwrap() {
        meta[k] = v.clone();
    }
    AuthServer::parse("https://auth.example.com/.well-known/oauth-authorization-server", &serde_json::to_vec(&meta).unwrap())
        .unwrap()
}

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn scope_is_the_base_when_nothing_came_before() {
    assert_eq!(request_scope(None, Some("mcp:basic"), None, true).as_deref(), Some("mcp:basic"));
    assert_eq!(request_scope(None, None, None, true), None);
    assert_eq!(request_scope(None, Some("   "), None, true), None, "an empty scope is omitted, not sent empty");
}

#[test]
fn step_up_asks_for_the_union_once_each_in_order() {
    let got = request_scope(Some("mcp:basic mcp:read"), Some("mcp:write mcp:basic"), None, false);
    assert_eq!(got.as_deref(), Some("mcp:basic mcp:read mcp:write"));
}

#[test]
fn offline_access_only_where_the_server_lists_it() {
    let offered = list(&["mcp:basic", "offline_access"]);
    let not_offered = list(&["mcp:basic", "mcp:read"]);
    assert_eq!(request_scope(None, Some("mcp:basic"), Some(&offered), true).as_deref(), Some("mcp:basic offline_access"));
    assert_eq!(request_scope(None, Some("mcp:basic mcp:read"), Some(&not_offered), true).as_deref(), Some("mcp:basic mcp:read"));
    assert_eq!(request_scope(None, Some("mcp:basic"), None, true).as_deref(), Some("mcp:basic"));
    // Machine to machine has no refresh token to ask for.
    assert_eq!(request_scope(None, Some("mcp:basic"), Some(&offered), false).as_deref(), Some("mcp:basic"));
    // Not twice, and not alone (a token for no API scope is of no use).
    let twice = request_scope(Some("offline_access"), Some("mcp:basic"), Some(&offered), true);
    assert_eq!(twice.as_deref(), Some("offline_access mcp:basic"));
    assert_eq!(request_scope(None, None, Some(&offered), true), None);
}

#[test]
fn keys_name_the_canonical_server_and_the_issuer() {
    let keys = Keys::new("HTTPS://MCP.Example.com:443/api/mcp#frag").unwrap();
    assert_eq!(keys.server(), "https://mcp.example.com/api/mcp");
    assert_eq!(keys.server_record(), "mistral-edge:oauth:v1:https://mcp.example.com/api/mcp");
    assert_eq!(
        keys.credentials("https://auth.example.com"),
        "mistral-edge:oauth:v1:https://auth.example.com https://mcp.example.com/api/mcp"
    );
    assert_ne!(keys.credentials("https://a.example"), keys.credentials("https://b.example"));
    assert_eq!(keys.pending(), "mistral-edge:oauth:v1:pending https://mcp.example.com/api/mcp");
    assert!(matches!(Keys::new("ftp://x"), Err(AuthError::InvalidUrl { field: "server_url", .. })));
}

#[test]
fn records_round_trip_and_hide_their_secrets() {
    let tokens = TokenSet {
        access_token: "at-secret-1234".into(),
        token_type: "Bearer".into(),
        expires_at_ms: Some(1_000),
        refresh_token: Some("rt-secret-5678".into()),
        scope: Some("mcp:basic".into()),
    };
    let creds = Credentials {
        auth_server: server(json!({})),
        client: ClientInfo::confidential("client-1", "cs-secret-9999"),
        tokens,
        resource: Some("https://mcp.example.com/mcp".into()),
        scope: Some("mcp:basic".into()),
    };
    let text = encode(&creds);
    let back: Credentials = decode("credentials", &text).unwrap();
    assert!(back == creds);
    let debug = format!("{creds:?}");
    for secret in ["at-secret-1234", "rt-secret-5678", "cs-secret-9999"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert!(debug.contains("https://auth.example.com"));

    let start = begin(
        &creds.auth_server,
        &AuthorizationParams { client_id: "client-1", redirect_uri: "http://127.0.0.1:9/cb", scope: None, resource: None },
        &[3; 32],
        &[4; 16],
    )
    .unwrap();
    let pending = PendingRecord { pending: start.pending, auth_server: creds.auth_server.clone(), client: creds.client };
    let back: PendingRecord = decode("pending", &encode(&pending)).unwrap();
    assert_eq!(back.pending.code_verifier(), pending.pending.code_verifier());
    let debug = format!("{pending:?}");
    assert!(!debug.contains(pending.pending.code_verifier()) && !debug.contains(pending.pending.state()), "{debug}");

    let server_record: ServerRecord = decode("server", r#"{"issuer":"https://auth.example.com"}"#).unwrap();
    assert_eq!(server_record.issuer, "https://auth.example.com");
    let err = decode::<Credentials>("credentials", r#"{"something":"else"}"#).unwrap_err();
    assert_eq!(err.reason(), "storage");
    assert!(err.to_string().contains("credentials"), "{err}");
}

#[test]
fn registration_follows_what_the_server_takes() {
    let redirect = "https://app.example.com/callback";
    let public = ClientMetadata::for_server(&server(json!({"token_endpoint_auth_methods_supported": ["none"]})), "app", redirect);
    assert_eq!(public.token_endpoint_auth_method, TokenEndpointAuth::None);
    let unsaid = ClientMetadata::for_server(&server(json!({})), "app", redirect);
    assert_eq!(unsaid.token_endpoint_auth_method, TokenEndpointAuth::None);
    let basic = server(json!({"token_endpoint_auth_methods_supported": ["client_secret_basic"]}));
    assert_eq!(ClientMetadata::for_server(&basic, "app", redirect).token_endpoint_auth_method, TokenEndpointAuth::ClientSecretBasic);
    let post = server(json!({"token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_post"]}));
    assert_eq!(ClientMetadata::for_server(&post, "app", redirect).token_endpoint_auth_method, TokenEndpointAuth::ClientSecretPost);
    let body = serde_json::to_value(&public).unwrap();
    assert_eq!(body["application_type"], "web");
    assert_eq!(body["grant_types"], json!(["authorization_code", "refresh_token"]));
}

#[test]
fn application_type_by_redirect() {
    assert_eq!(application_type("https://app.example.com/cb"), "web");
    assert_eq!(application_type("http://localhost:3000/callback"), "native");
    assert_eq!(application_type("http://127.0.0.1/cb"), "native");
    assert_eq!(application_type("http://[::1]:8080/cb"), "native");
    assert_eq!(application_type("http://localhost.example.com/cb"), "web");
    assert_eq!(application_type("com.example.app:/cb"), "native");
}

#[test]
fn errors_as_reason_and_fields() {
    let e = AuthError::IssMismatch { expected: "https://a.example".into(), got: "https://evil.example".into() };
    assert_eq!(e.reason(), "iss_mismatch");
    assert_eq!(
        e.details(),
        vec![("expected", Detail::Text("https://a.example".into())), ("got", Detail::Text("https://evil.example".into()))]
    );
    assert_eq!(AuthError::StateMismatch.reason(), "state_mismatch");
    assert!(AuthError::StateMismatch.details().is_empty());
    let pending = AuthError::AuthorizationPending { issuer: "https://a.example".into() };
    assert_eq!(pending.reason(), "authorization_pending");
    assert!(pending.to_string().contains("finishAuth"), "{pending}");
    let limit = AuthError::RetryLimit { status: 403, attempts: 3, scope: Some("mcp:admin".into()) };
    assert_eq!(limit.reason(), "retry_limit");
    assert_eq!(limit.details()[1], ("attempts", Detail::Number(3)));
    assert!(limit.to_string().contains("403") && limit.to_string().contains("mcp:admin"));
    let refused = AuthError::TokenError { status: 401, error: "invalid_client".into(), description: None };
    assert_eq!(refused.reason(), "token_error");
    assert_eq!(refused.details().len(), 2, "an absent description is left out");
    assert_eq!(AuthError::RefreshRejected { description: None }.reason(), "refresh_rejected");
}
