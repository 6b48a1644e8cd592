//! Connector request builders against the spec's operations, response
//! parsing, and the cursor walk of `ConnectorPages`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{ops, spec};
use mistral_edge::api::connectors::{self, *};
use mistral_edge::api::{ApiConfig, ApiErrorKind, HttpRequest, HttpResponse, Method};
use mistral_edge::models::*;
use mistral_edge::Error;
use serde_json::{json, Map, Value};

fn cfg() -> ApiConfig {
    ApiConfig { server_url: ops::SERVER.into(), api_key: Some("sk-test".into()), headers: vec![] }
}

fn ok(status: u16, body: &Value) -> HttpResponse {
    HttpResponse { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_string() }
}

fn invalid_field(err: Error) -> String {
    match err {
        Error::InvalidRequest(e) => e.field,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

/// A connector as the server returns it, with nested tools, credentials and
/// an execution environment (hand-written: the spec has no example).
fn connector_json(id: &str, name: &str) -> Value {
    json!({
        "id": id, "name": name, "title": "Company files", "description": "Search the company drive",
        "created_at": "2025-03-01T10:00:00Z", "modified_at": "2025-03-02T11:30:00Z",
        "server": "https://mcp.example.com/mcp", "protocol": "mcp", "owner_type": "workspace",
        "visibility": "shared_workspace", "private_tool_execution": false, "mistral": false,
        "is_authenticated": true, "active": true,
        "locale": {"name": {"en": "Files", "fr": "Fichiers"}, "description": {"en": "Files"}, "usage_sentence": {}},
        "supported_auth_methods": [{"method_type": "oauth2", "has_default_credentials": false,
            "headers": [{"name": "X-Tenant", "is_secret": false}],
            "oauth2_server_metadata": {"issuer": "https://auth.example.com", "authorization_endpoint": "https://auth.example.com/authorize",
                "token_endpoint": "https://auth.example.com/token", "code_challenge_methods_supported": ["S256"], "x_source": "autodiscovery"}}],
        "connection_credentials": [{"name": "default", "authentication_type": "oauth2", "scope": "user", "is_default": true,
            "status": {"status_type": "valid", "last_checked_at": "2025-03-02T11:00:00Z"}}],
        "connection_preferences": [{"name": "default", "tool_configuration": {
            "requires_confirmation": {"type": "or", "expressions": [["delete_file"], {"read_only": false}]}, "exclude": ["admin"]}}],
        "tools": [{"id": "t1", "name": "search", "description": "Full-text search", "visibility": "shared_workspace",
            "execution_config": {"type": "mcp", "timeout": 30}, "jsonschema": {"type": "object", "properties": {"q": {"type": "string"}}},
            "created_at": "2025-03-01T10:00:00Z", "modified_at": "2025-03-01T10:00:00Z"}],
        "connection_config": {"type": "mcp", "base_url": "https://mcp.example.com/mcp", "signed": false},
        "execution_env": {
            "tools": [{"type": "function", "function": {"name": "search", "parameters": {"type": "object"}}}],
            "tool_execution_data": {"integrations": [{"id": id, "name": name, "connection_config": {"type": "mcp", "server": "https://mcp.example.com/mcp"}}],
                "tools": [{"name": "search", "integration_id": id, "execution_config": null}]},
            "errors": []
        }
    })
}

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

#[test]
fn the_fixture_connector_is_valid() {
    spec::roundtrip_value::<Connector>("Connector", &connector_json(ID, "files"));
}

#[test]
fn create_conforms_and_parses_201() {
    let mut value = spec::synthesize("CreateConnectorRequest");
    let body: CreateConnectorRequest = serde_json::from_value(value.clone()).unwrap();
    // The synthesized body sets both OAuth metadata sources, which the spec
    // says are mutually exclusive.
    let err = connectors::create(&cfg(), &body).unwrap_err();
    assert_eq!(invalid_field(err), "oauth2_server_metadata_url");

    value.as_object_mut().unwrap().remove("oauth2_server_metadata_url");
    let body: CreateConnectorRequest = serde_json::from_value(value.clone()).unwrap();
    let call = connectors::create(&cfg(), &body).unwrap();
    ops::assert_conforms(&call.request, "connector_create_v1");
    let sent: Value = serde_json::from_str(call.request.body.as_deref().unwrap()).unwrap();
    spec::assert_same_json(&value, &sent);

    let simple = CreateConnectorRequest::new("files", "Company files", "https://mcp.example.com/mcp")
        .with_header("Authorization", "Bearer t");
    let call = connectors::create(&cfg(), &simple).unwrap();
    ops::assert_conforms(&call.request, "connector_create_v1");
    let created = call.parse(ok(201, &connector_json(ID, "files"))).unwrap();
    assert_eq!(created.id, ID);
    assert_eq!(created.tools.as_ref().unwrap()[0].name, "search");
}

#[test]
fn create_and_update_check_lengths() {
    let long = "x".repeat(256);
    let mut body = CreateConnectorRequest::new("files", "d", "https://mcp.example.com");
    body.title = Some(long.clone());
    assert_eq!(invalid_field(connectors::create(&cfg(), &body).unwrap_err()), "title");
    let body = CreateConnectorRequest::new("files", "d", "");
    assert_eq!(invalid_field(connectors::create(&cfg(), &body).unwrap_err()), "server");
    let body = UpdateConnectorRequest { server: Some(format!("https://{}", "a".repeat(2080))), ..Default::default() };
    assert_eq!(invalid_field(connectors::update(&cfg(), ID, &body).unwrap_err()), "server");
    // 255 characters (not bytes) is the limit.
    let body = UpdateConnectorRequest { title: Some("é".repeat(255)), ..Default::default() };
    ops::assert_conforms(&connectors::update(&cfg(), ID, &body).unwrap().request, "connector_update_v1");
}

#[test]
fn list_conforms_and_sends_filters_exploded() {
    let params =
        ListConnectorsParams { cursor: Some("eyJpZCI6IDQyfQ==".into()), page_size: Some(50), ..Default::default() };
    let call = connectors::list(&cfg(), &params).unwrap();
    let (_, query) = ops::assert_conforms(&call.request, "connector_list_v1");
    assert_eq!(query, vec![("cursor".into(), "eyJpZCI6IDQyfQ==".into()), ("page_size".into(), "50".into())]);
    ops::assert_conforms(&connectors::list(&cfg(), &Default::default()).unwrap().request, "connector_list_v1");

    // `query_filters` (an object, default style form/explode) becomes one
    // parameter per filter.
    let params = ListConnectorsParams {
        query_filters: Some(ConnectorsQueryFilters { active: Some(true) }),
        page_size: Some(10),
        ..Default::default()
    };
    let call = connectors::list(&cfg(), &params).unwrap();
    assert_eq!(call.request.url, format!("{}/v1/connectors?active=true&page_size=10", ops::SERVER));
    ops::assert_conforms(&call.request, "connector_list_v1");

    for bad in [0, 1001] {
        let params = ListConnectorsParams { page_size: Some(bad), ..Default::default() };
        assert_eq!(invalid_field(connectors::list(&cfg(), &params).unwrap_err()), "page_size");
    }

    let page = json!({"items": [connector_json(ID, "files")], "pagination": {"page_size": 50, "next_cursor": "c2"}});
    spec::assert_valid("PaginatedConnectors", &page);
    let parsed = call.parse(ok(200, &page)).unwrap();
    assert_eq!((parsed.items.len(), parsed.next_cursor()), (1, Some("c2")));
}

#[test]
fn get_by_id_or_name_conforms() {
    for id_or_name in [ID, "files", "my files/ü?#"] {
        let params = GetConnectorParams { fetch_user_data: Some(true), fetch_customer_data: Some(false) };
        let call = connectors::get(&cfg(), id_or_name, &params).unwrap();
        let (path, query) = ops::assert_conforms(&call.request, "connector_get_v1");
        assert_eq!(path, vec![("connector_id_or_name".into(), id_or_name.into())]);
        assert_eq!(query.len(), 2);
    }
    let call = connectors::get(&cfg(), "files", &Default::default()).unwrap();
    assert_eq!(call.request.url, format!("{}/v1/connectors/files", ops::SERVER));
    assert_eq!(call.request.method, Method::Get);
    let got = call.parse(ok(200, &connector_json(ID, "files"))).unwrap();
    assert!(got.connection_credentials.is_some());
}

#[test]
fn update_and_delete_conform() {
    let value = spec::synthesize("UpdateConnectorRequest");
    let body: UpdateConnectorRequest = serde_json::from_value(value.clone()).unwrap();
    let call = connectors::update(&cfg(), ID, &body).unwrap();
    let (path, _) = ops::assert_conforms(&call.request, "connector_update_v1");
    assert_eq!(path[0].1, ID);
    let sent: Value = serde_json::from_str(call.request.body.as_deref().unwrap()).unwrap();
    spec::assert_same_json(&value, &sent);
    assert_eq!(call.parse(ok(200, &connector_json(ID, "renamed"))).unwrap().name, "renamed");

    let call = connectors::delete(&cfg(), ID).unwrap();
    ops::assert_conforms(&call.request, "connector_delete_v1");
    let done = call.parse(ok(200, &json!({"message": "Connector deleted"}))).unwrap();
    assert_eq!(done.message, "Connector deleted");
}

#[test]
fn list_tools_conforms_and_parses_both_forms() {
    let params = ListConnectorToolsParams {
        page: Some(2),
        page_size: Some(20),
        refresh: Some(true),
        pretty: Some(false),
        credentials_name: Some("work-account_2".into()),
    };
    let call = connectors::list_tools(&cfg(), "files", &params).unwrap();
    let (_, query) = ops::assert_conforms(&call.request, "connector_list_tools_v1");
    assert_eq!(query.len(), 5);

    let tools = json!([{"name": "search", "title": "Search", "inputSchema": {"type": "object", "properties": {"q": {"type": "string"}}},
        "annotations": {"readOnlyHint": true}, "_meta": {"ai.mistral/turbine": {"tool_type": "rag", "timeout": 30.0}}}]);
    let ConnectorToolList::Tools(parsed) = call.parse(ok(200, &tools)).unwrap() else { panic!("not tools") };
    assert_eq!(parsed[0].meta.as_ref().unwrap().turbine.as_ref().unwrap().tool_type, Some(ToolType::Rag));
    let pretty = json!([{"name": "search", "description": "Search files"}]);
    assert!(matches!(call.parse(ok(200, &pretty)).unwrap(), ConnectorToolList::Objects(_)));

    for bad in ["", "has space", "ünïcode", &"a".repeat(65)] {
        let params = ListConnectorToolsParams { credentials_name: Some(bad.to_owned()), ..Default::default() };
        assert_eq!(invalid_field(connectors::list_tools(&cfg(), "files", &params).unwrap_err()), "credentials_name");
    }
}

#[test]
fn call_tool_conforms_and_parses_the_result() {
    let mut args = Map::new();
    args.insert("q".into(), json!("roadmap"));
    args.insert("limit".into(), json!(5));
    let params = CallConnectorToolParams { credentials_name: Some("default".into()) };
    let call =
        connectors::call_tool(&cfg(), "files", "search docs", &ConnectorCallToolRequest::new(args), &params).unwrap();
    let (path, query) = ops::assert_conforms(&call.request, "connector_call_tool_v1");
    assert!(path.contains(&("tool_name".into(), "search docs".into())), "{path:?}");
    assert_eq!(query, vec![("credentials_name".into(), "default".into())]);
    assert!(call.request.url.contains("/tools/search%20docs/call?"), "{}", call.request.url);

    let empty = connectors::call_tool(&cfg(), ID, "ping", &Default::default(), &Default::default()).unwrap();
    ops::assert_conforms(&empty.request, "connector_call_tool_v1");
    assert_eq!(empty.request.body.as_deref(), Some("{}"));

    let result = json!({"content": [
            {"type": "text", "text": "Found 2 documents"},
            {"type": "resource_link", "name": "roadmap.md", "uri": "https://drive.example.com/roadmap.md"},
            {"type": "resource", "resource": {"uri": "https://drive.example.com/a.txt", "text": "Q3 goals"}}],
        "metadata": {"mcp_meta": {"isError": false, "structuredContent": {"count": 2}}}});
    spec::assert_valid("ConnectorToolCallResponse", &result);
    let parsed = call.parse(ok(200, &result)).unwrap();
    assert_eq!(parsed.text(), "Found 2 documents");
    assert!(!parsed.is_error());
    assert!(matches!(&parsed.content[2], ContentBlock::Resource(r) if matches!(r.resource, ResourceContents::Text(_))));

    let failed =
        json!({"content": [{"type": "text", "text": "quota exceeded"}], "metadata": {"mcp_meta": {"isError": true}}});
    assert!(call.parse(ok(200, &failed)).unwrap().is_error());
}

#[test]
fn auth_url_conforms() {
    let params = ConnectorAuthUrlParams {
        app_return_url: Some("https://app.example.com/done?x=1&y=2".into()),
        method_type: Some(OutboundAuthenticationType::GithubApp),
        credentials_name: Some("gh".into()),
        credentials_title: Some("GitHub (work)".into()),
        github_installation_link: Some(true),
    };
    let call = connectors::get_auth_url(&cfg(), "github", &params).unwrap();
    let (_, query) = ops::assert_conforms(&call.request, "connector_get_auth_url_v1");
    assert!(query.contains(&("app_return_url".into(), "https://app.example.com/done?x=1&y=2".into())), "{query:?}");
    assert!(query.contains(&("method_type".into(), "github_app".into())), "{query:?}");
    ops::assert_conforms(
        &connectors::get_auth_url(&cfg(), ID, &Default::default()).unwrap().request,
        "connector_get_auth_url_v1",
    );

    let answer = json!({"auth_url": "https://github.com/login/oauth/authorize?state=abc", "ttl": 600});
    spec::assert_valid("AuthUrlResponse", &answer);
    assert_eq!(call.parse(ok(200, &answer)).unwrap().ttl, 600);

    let params = ConnectorAuthUrlParams { credentials_title: Some("t".repeat(256)), ..Default::default() };
    assert_eq!(invalid_field(connectors::get_auth_url(&cfg(), "github", &params).unwrap_err()), "credentials_title");
}

#[test]
fn empty_path_parameters_are_refused() {
    let cases: Vec<(Result<HttpRequest, Error>, &str)> = vec![
        (connectors::get(&cfg(), "", &GetConnectorParams::default()).map(|c| c.request), "connector_id_or_name"),
        (connectors::update(&cfg(), "", &UpdateConnectorRequest::default()).map(|c| c.request), "connector_id"),
        (connectors::delete(&cfg(), "").map(|c| c.request), "connector_id"),
        (connectors::list_tools(&cfg(), "", &Default::default()).map(|c| c.request), "connector_id_or_name"),
        (
            connectors::call_tool(&cfg(), "", "t", &Default::default(), &Default::default()).map(|c| c.request),
            "connector_id_or_name",
        ),
        (
            connectors::call_tool(&cfg(), "c", "", &Default::default(), &Default::default()).map(|c| c.request),
            "tool_name",
        ),
        (connectors::get_auth_url(&cfg(), "", &Default::default()).map(|c| c.request), "connector_id_or_name"),
    ];
    for (result, field) in cases {
        let err = result.expect_err(field);
        assert!(err.to_string().contains(field), "{err}");
        assert_eq!(invalid_field(err), field);
    }
}

#[test]
fn error_answers_are_typed_and_keep_the_body() {
    let call = connectors::get(&cfg(), "nope", &Default::default()).unwrap();

    let body = json!({"message": "Connector not found", "type": "not_found"});
    let Err(Error::Api(e)) = call.parse(ok(404, &body)) else { panic!("not an API error") };
    assert_eq!((e.status, &e.kind), (404, &ApiErrorKind::Status));
    assert_eq!(e.message().as_deref(), Some("Connector not found"));
    assert_eq!(e.body, body.to_string());

    let list = connectors::list(&cfg(), &Default::default()).unwrap();
    let body = json!({"detail": [{"loc": ["query", "page_size"], "msg": "Input should be less than or equal to 1000", "type": "less_than_equal"}]});
    spec::assert_valid("HTTPValidationError", &body);
    let Err(Error::Api(e)) = list.parse(ok(422, &body)) else { panic!("not an API error") };
    let ApiErrorKind::Validation(fields) = &e.kind else { panic!("{:?}", e.kind) };
    assert_eq!(fields[0].path(), "page_size");
    assert!(e.to_string().contains("page_size"), "{e}");

    let limited = HttpResponse {
        status: 429,
        headers: vec![("retry-after".into(), "3".into()), ("x-request-id".into(), "req-9".into())],
        body: r#"{"message":"Too many requests"}"#.into(),
    };
    let Err(Error::Api(e)) = call.parse(limited) else { panic!("not an API error") };
    assert_eq!(e.kind, ApiErrorKind::RateLimited { retry_after_ms: Some(3000) });
    assert_eq!(e.request_id.as_deref(), Some("req-9"));

    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let gateway =
        HttpResponse { status: 500, headers: vec![("content-type".into(), "text/html".into())], body: html.into() };
    let Err(Error::Api(e)) = call.parse(gateway) else { panic!("not an API error") };
    assert_eq!((e.status, e.json.is_none(), e.body.as_str()), (500, true, html));

    // A 2xx body of the wrong shape is a decode error naming where.
    let Err(Error::Decode(e)) = call.parse(ok(200, &json!({"id": ID}))) else { panic!("not a decode error") };
    assert_eq!(e.target, "Connector");
    assert!(e.message.contains("missing field"), "{e}");
}

/// A fake server's page `n` of a walk: items named after the page, and the
/// given cursor (`None` leaves `next_cursor` out entirely).
fn page(n: usize, next: Option<Value>) -> PaginatedConnectors {
    let mut pagination = json!({"page_size": 2});
    if let Some(cursor) = next {
        pagination["next_cursor"] = cursor;
    }
    let items: Vec<Value> = (0..2).map(|i| connector_json(ID, &format!("p{n}-{i}"))).collect();
    serde_json::from_value(json!({"items": items, "pagination": pagination})).unwrap()
}

fn query_of(req: &HttpRequest) -> Vec<(String, String)> {
    ops::assert_conforms(req, "connector_list_v1").1
}

#[test]
fn pages_walk_every_cursor_and_stop_on_the_last_page() {
    for last in [None, Some(Value::Null)] {
        let mut pages = ConnectorPages::new(ListConnectorsParams { page_size: Some(2), ..Default::default() });
        let server = [page(1, Some(json!("c2"))), page(2, Some(json!("c3"))), page(3, last.clone())];
        let mut names = Vec::new();
        let mut cursors = Vec::new();
        for answer in &server {
            let call = pages.next_call(&cfg()).expect("a page is due").expect("a valid request");
            let query = query_of(&call.request);
            assert!(query.contains(&("page_size".into(), "2".into())), "{query:?}");
            cursors.push(query.iter().find(|(k, _)| k == "cursor").map(|(_, v)| v.clone()));
            // The transport sends the request and parses the answer.
            let parsed = call.parse(ok(200, &serde_json::to_value(answer).unwrap())).unwrap();
            names.extend(parsed.items.iter().map(|c| c.name.clone()));
            pages.advance(&parsed);
        }
        assert_eq!(cursors, vec![None, Some("c2".into()), Some("c3".into())]);
        assert_eq!(names, ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]);
        assert!(pages.is_done());
        assert_eq!(pages.pages_read(), 3);
        assert!(pages.next_call(&cfg()).is_none(), "no page after the last ({last:?})");
        assert!(pages.next_call(&cfg()).is_none());
    }
}

#[test]
fn pages_keep_filters_and_start_cursor() {
    let params = ListConnectorsParams {
        query_filters: Some(ConnectorsQueryFilters { active: Some(false) }),
        cursor: Some("c5".into()),
        page_size: None,
    };
    let mut pages = ConnectorPages::new(params);
    let first = pages.next_call(&cfg()).unwrap().unwrap();
    assert_eq!(first.request.url, format!("{}/v1/connectors?active=false&cursor=c5", ops::SERVER));
    // Before `advance`, asking again gives the same request (a retry).
    assert_eq!(pages.next_call(&cfg()).unwrap().unwrap().request, first.request);
    pages.advance(&page(1, Some(json!("c6"))));
    let second = pages.next_call(&cfg()).unwrap().unwrap();
    assert_eq!(second.request.url, format!("{}/v1/connectors?active=false&cursor=c6", ops::SERVER));
    // An empty cursor ends the walk (sending it back would restart it).
    pages.advance(&page(2, Some(json!(""))));
    assert!(pages.next_call(&cfg()).is_none());
}

#[test]
fn pages_stop_with_an_error_when_the_server_repeats_a_cursor() {
    fn walk(cursors: &[&str]) -> (usize, Error) {
        let mut pages = ConnectorPages::new(Default::default());
        let mut sent = 0;
        for (n, cursor) in cursors.iter().enumerate() {
            match pages.next_call(&cfg()) {
                Some(Ok(_)) => sent += 1,
                Some(Err(e)) => {
                    assert!(pages.next_call(&cfg()).is_none(), "the error is reported once");
                    return (sent, e);
                }
                None => panic!("ended without an error"),
            }
            pages.advance(&page(n, Some(json!(cursor))));
        }
        match pages.next_call(&cfg()) {
            Some(Err(e)) => (sent, e),
            other => panic!("expected the repeat to be reported, got {other:?}"),
        }
    }
    // The same cursor again, and a longer cycle.
    for (cursors, requests) in [(&["c1", "c1"][..], 2), (&["c1", "c2", "c1"][..], 3)] {
        let (sent, err) = walk(cursors);
        assert_eq!(sent, requests, "{cursors:?}");
        let Error::Decode(e) = &err else { panic!("{err:?}") };
        assert_eq!((e.target, e.path.as_str()), ("PaginatedConnectors", "pagination.next_cursor"));
        assert!(e.message.contains("\"c1\""), "{e}");
    }
    // The start cursor counts as seen.
    let mut pages = ConnectorPages::new(ListConnectorsParams { cursor: Some("c0".into()), ..Default::default() });
    pages.next_call(&cfg()).unwrap().unwrap();
    pages.advance(&page(0, Some(json!("c0"))));
    assert!(matches!(pages.next_call(&cfg()), Some(Err(Error::Decode(_)))));
    assert!(pages.next_call(&cfg()).is_none());
}

#[test]
fn pages_report_a_bad_request_once() {
    let mut pages = ConnectorPages::new(ListConnectorsParams { page_size: Some(0), ..Default::default() });
    let Some(Err(err)) = pages.next_call(&cfg()) else { panic!("page_size 0 must be refused") };
    assert_eq!(invalid_field(err), "page_size");
    assert!(pages.next_call(&cfg()).is_none());
    // Pages arriving after the end change nothing.
    pages.advance(&page(1, Some(json!("c1"))));
    assert!(pages.next_call(&cfg()).is_none());
}

/// The key never shows up in a logged request.
#[test]
fn debug_hides_the_api_key() {
    let call = connectors::list(&cfg(), &Default::default()).unwrap();
    let shown = format!("{call:?}");
    assert!(!shown.contains("sk-test"), "{shown}");
}
