//! Agents request builders against the spec's operations, and their
//! response parsing.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{ops, spec};
use mistral_edge::api::{agents, ApiConfig, ApiErrorKind, HttpRequest, HttpResponse};
use mistral_edge::error::InvalidRequest;
use mistral_edge::models::*;
use mistral_edge::Error;
use serde_json::{json, Value};

fn cfg() -> ApiConfig {
    ApiConfig { server_url: ops::SERVER.into(), api_key: Some("sk-test".into()), headers: vec![] }
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_path_to_error::deserialize(value).unwrap_or_else(|e| panic!("at {}: {}", e.path(), e.inner()))
}

fn ok(body: Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string(),
    }
}

fn invalid_field<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::InvalidRequest(InvalidRequest { field, expected })) => {
            assert!(!expected.is_empty());
            field
        }
        other => panic!("expected an invalid-request error, got {other:?}"),
    }
}

/// Checks a list request, whose `sources` are exploded into repeated
/// `sources=` pairs (the form style the server reads), and returns the other
/// query pairs.
fn assert_list_conforms(req: &HttpRequest, operation_id: &str, sources: &[&str]) -> Vec<(String, String)> {
    let (_, pairs) = ops::assert_conforms(req, operation_id);
    let (got, rest): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k == "sources");
    assert_eq!(got.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>(), sources, "{operation_id}: sources");
    rest
}

fn metadata() -> MetadataDict {
    decode(json!({"team": "research", "tier": 2, "tags": ["a b", "ü"]}))
}

#[test]
fn create_conforms() {
    let body: CreateAgentRequest = decode(spec::synthesize("CreateAgentRequest"));
    assert!(body.tools.as_ref().is_some_and(|t| t.len() == 7), "every tool kind is exercised");
    let call = agents::create(&cfg(), &body).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_create");
    assert_eq!(
        serde_json::from_str::<Value>(call.request.body.as_deref().unwrap()).unwrap(),
        spec::synthesize("CreateAgentRequest")
    );

    let body = CreateAgentRequest::new("mistral-medium-latest", "Helper")
        .with_instructions("Be brief.")
        .with_tool(WebSearchTool::default())
        .with_handoff("ag_2");
    ops::assert_conforms(&agents::create(&cfg(), &body).unwrap().request, "agents_api_v1_agents_create");
}

#[test]
fn list_conforms() {
    let call = agents::list(&cfg(), &agents::ListAgentsParams::default()).unwrap();
    assert_eq!(call.request.url, "https://api.mistral.ai/v1/agents");
    ops::assert_conforms(&call.request, "agents_api_v1_agents_list");

    let params = agents::ListAgentsParams {
        page: Some(0),
        page_size: Some(1000),
        deployment_chat: Some(false),
        sources: Some(vec![RequestSource::Api, RequestSource::AgentBuilderV1]),
        name: Some("Research assistant".into()),
        search: Some("ag_&=?".into()),
        id: Some("ag_1".into()),
        metadata: Some(metadata()),
    };
    let call = agents::list(&cfg(), &params).unwrap();
    let pairs = assert_list_conforms(&call.request, "agents_api_v1_agents_list", &["api", "agent_builder_v1"]);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("search"), Some("ag_&=?"));
    assert_eq!(get("name"), Some("Research assistant"));
    assert_eq!(serde_json::from_str::<Value>(get("metadata").unwrap()).unwrap(), Value::Object(metadata()));
    assert_eq!(get("deployment_chat"), Some("false"));
}

#[test]
fn list_pages_conforms_and_follows_the_cursor() {
    let call = agents::list_pages(&cfg(), &agents::ListAgentPagesParams::default()).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_list_pages");

    let first = agents::ListAgentPagesParams {
        page_size: Some(1),
        deployment_chat: Some(true),
        sources: Some(vec![RequestSource::Playground]),
        name: Some("n".into()),
        search: Some("s".into()),
        id: Some("ag_1".into()),
        metadata: Some(metadata()),
        page_token: None,
    };
    let call = agents::list_pages(&cfg(), &first).unwrap();
    assert_list_conforms(&call.request, "agents_api_v1_agents_list_pages", &["playground"]);

    let page: AgentListPage = call
        .parse(ok(json!({"object": "list", "data": [spec::synthesize("Agent")], "next_page_token": "tok/1+2=="})))
        .unwrap();
    assert_eq!(page.data.len(), 1);
    let second = first.next(&page).expect("a next page");
    assert_eq!(second.page_token.as_deref(), Some("tok/1+2=="));
    assert_eq!(second.metadata, first.metadata, "filters are kept");
    let call = agents::list_pages(&cfg(), &second).unwrap();
    let pairs = assert_list_conforms(&call.request, "agents_api_v1_agents_list_pages", &["playground"]);
    assert!(pairs.contains(&("page_token".into(), "tok/1+2==".into())), "{pairs:?}");

    let last: AgentListPage = call.parse(ok(json!({"object": "list", "data": [], "next_page_token": null}))).unwrap();
    assert_eq!(second.next(&last), None);
}

#[test]
fn get_conforms_with_number_alias_or_no_version() {
    let call = agents::get(&cfg(), "ag_1", None).unwrap();
    assert_eq!(call.request.url, "https://api.mistral.ai/v1/agents/ag_1");
    ops::assert_conforms(&call.request, "agents_api_v1_agents_get");
    let call = agents::get(&cfg(), "ag_1", Some(&AgentVersion::Number(4))).unwrap();
    let (_, q) = ops::assert_conforms(&call.request, "agents_api_v1_agents_get");
    assert_eq!(q, [("agent_version".to_owned(), "4".to_owned())]);
    let call = agents::get(&cfg(), "ag_1", Some(&AgentVersion::Text("prod".into()))).unwrap();
    let (_, q) = ops::assert_conforms(&call.request, "agents_api_v1_agents_get");
    assert_eq!(q, [("agent_version".to_owned(), "prod".to_owned())]);

    // Ids are path-encoded, never able to escape their segment.
    let call = agents::get(&cfg(), "ag/../1 x", None).unwrap();
    let (p, _) = ops::assert_conforms(&call.request, "agents_api_v1_agents_get");
    assert_eq!(p, [("agent_id".to_owned(), "ag/../1 x".to_owned())]);
}

#[test]
fn update_conforms() {
    let body: UpdateAgentRequest = decode(spec::synthesize("UpdateAgentRequest"));
    let call = agents::update(&cfg(), "ag_1", &body).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_update");
    assert_eq!(
        serde_json::from_str::<Value>(call.request.body.as_deref().unwrap()).unwrap(),
        spec::synthesize("UpdateAgentRequest")
    );

    let clear = UpdateAgentRequest { handoffs: Some(None), description: Some(None), ..Default::default() };
    let call = agents::update(&cfg(), "ag_1", &clear).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_update");
    assert_eq!(call.request.body.as_deref(), Some(r#"{"description":null,"handoffs":null}"#));
    let call = agents::update(&cfg(), "ag_1", &UpdateAgentRequest::default()).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_update");
}

#[test]
fn version_operations_conform() {
    let call = agents::update_version(&cfg(), "ag_1", 2).unwrap();
    let (_, q) = ops::assert_conforms(&call.request, "agents_api_v1_agents_update_version");
    assert_eq!(q, [("version".to_owned(), "2".to_owned())]);

    let call = agents::list_versions(&cfg(), "ag_1", agents::ListAgentVersionsParams::default()).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_list_versions");
    let params = agents::ListAgentVersionsParams { page: Some(3), page_size: Some(100) };
    let call = agents::list_versions(&cfg(), "ag_1", params).unwrap();
    let (_, q) = ops::assert_conforms(&call.request, "agents_api_v1_agents_list_versions");
    assert_eq!(q.len(), 2);

    let call = agents::get_version(&cfg(), "ag_1", &AgentVersion::Number(0)).unwrap();
    assert_eq!(call.request.url, "https://api.mistral.ai/v1/agents/ag_1/versions/0");
    ops::assert_conforms(&call.request, "agents_api_v1_agents_get_version");
    let call = agents::get_version(&cfg(), "ag_1", &AgentVersion::Text("prod".into())).unwrap();
    let (p, _) = ops::assert_conforms(&call.request, "agents_api_v1_agents_get_version");
    assert_eq!(p[1], ("version".to_owned(), "prod".to_owned()));
}

#[test]
fn alias_operations_conform() {
    let call = agents::create_or_update_alias(&cfg(), "ag_1", "prod", 3).unwrap();
    let (_, q) = ops::assert_conforms(&call.request, "agents_api_v1_agents_create_or_update_alias");
    assert_eq!(q, [("alias".to_owned(), "prod".to_owned()), ("version".to_owned(), "3".to_owned())]);
    let call = agents::list_version_aliases(&cfg(), "ag_1").unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_list_version_aliases");
    let call = agents::delete_alias(&cfg(), "ag_1", "prod").unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_delete_alias");
    let call = agents::delete(&cfg(), "ag_1").unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_delete");
}

/// The local alias check accepts exactly what the spec's pattern and
/// length limits accept.
#[test]
fn alias_check_matches_the_spec() {
    let (_, _, op) = ops::operation("agents_api_v1_agents_create_or_update_alias");
    let schema = op["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "alias").unwrap()["schema"].clone();
    let validator = spec::inline_validator(&schema);
    let long = "a".repeat(64);
    let too_long = "a".repeat(65);
    let candidates = [
        "a", "prod", "prod_v2", "x-1", "a1", "a_b-c9", &long, "", "Prod", "prod-", "prod_", "1abc", "-a", "_a", "a b",
        "é", "a.b", "a/b", "aé", "aBc", "a__b", "a--9", &too_long, "a\n",
    ];
    for alias in candidates {
        let spec_ok = validator.is_valid(&json!(alias));
        let ours = agents::create_or_update_alias(&cfg(), "ag_1", alias, 1);
        assert_eq!(ours.is_ok(), spec_ok, "alias {alias:?}: ours {ours:?}, spec says {spec_ok}");
        if !spec_ok {
            assert_eq!(invalid_field(ours), "alias");
            assert_eq!(invalid_field(agents::delete_alias(&cfg(), "ag_1", alias)), "alias");
        }
    }
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let c = cfg();
    assert_eq!(invalid_field(agents::get(&c, "", None)), "agent_id");
    assert_eq!(invalid_field(agents::update(&c, "", &UpdateAgentRequest::default())), "agent_id");
    assert_eq!(invalid_field(agents::update_version(&c, "", 1)), "agent_id");
    assert_eq!(invalid_field(agents::delete(&c, "")), "agent_id");
    assert_eq!(invalid_field(agents::list_versions(&c, "", Default::default())), "agent_id");
    assert_eq!(invalid_field(agents::get_version(&c, "", &AgentVersion::Number(1))), "agent_id");
    assert_eq!(invalid_field(agents::create_or_update_alias(&c, "", "prod", 1)), "agent_id");
    assert_eq!(invalid_field(agents::list_version_aliases(&c, "")), "agent_id");
    assert_eq!(invalid_field(agents::delete_alias(&c, "", "prod")), "agent_id");

    assert_eq!(invalid_field(agents::get(&c, "ag_1", Some(&AgentVersion::Text(String::new())))), "agent_version");
    assert_eq!(invalid_field(agents::get_version(&c, "ag_1", &AgentVersion::Text(String::new()))), "version");

    for size in [0, 1001] {
        let params = agents::ListAgentsParams { page_size: Some(size), ..Default::default() };
        assert_eq!(invalid_field(agents::list(&c, &params)), "page_size");
        let params = agents::ListAgentPagesParams { page_size: Some(size), ..Default::default() };
        assert_eq!(invalid_field(agents::list_pages(&c, &params)), "page_size");
    }
    for size in [0, 101] {
        let params = agents::ListAgentVersionsParams { page: None, page_size: Some(size) };
        assert_eq!(invalid_field(agents::list_versions(&c, "ag_1", params)), "page_size");
    }

    let mut create = CreateAgentRequest::new("m", "n");
    create.handoffs = Some(vec![]);
    assert_eq!(invalid_field(agents::create(&c, &create)), "handoffs");
    let update = UpdateAgentRequest { handoffs: Some(Some(vec![])), ..Default::default() };
    assert_eq!(invalid_field(agents::update(&c, "ag_1", &update)), "handoffs");

    // The limit is 500 characters, not bytes.
    let mut create = CreateAgentRequest::new("m", "n");
    create.version_message = Some("é".repeat(500));
    let call = agents::create(&c, &create).unwrap();
    ops::assert_conforms(&call.request, "agents_api_v1_agents_create");
    create.version_message = Some("x".repeat(501));
    assert_eq!(invalid_field(agents::create(&c, &create)), "version_message");
    let update = UpdateAgentRequest { version_message: Some(Some("x".repeat(501))), ..Default::default() };
    assert_eq!(invalid_field(agents::update(&c, "ag_1", &update)), "version_message");
}

#[test]
fn successful_answers_decode() {
    let c = cfg();
    let agent = spec::synthesize("Agent");
    let created = agents::create(&c, &CreateAgentRequest::new("m", "n")).unwrap().parse(ok(agent.clone())).unwrap();
    assert_eq!(serde_json::to_value(&created).unwrap(), agent);
    for call in [agents::get(&c, "ag_1", None).unwrap(), agents::update_version(&c, "ag_1", 1).unwrap()] {
        assert_eq!(call.target(), "Agent");
        assert_eq!(call.parse(ok(agent.clone())).unwrap(), created);
    }
    let list = agents::list(&c, &Default::default()).unwrap().parse(ok(json!([agent, agent]))).unwrap();
    assert_eq!(list.len(), 2);
    let versions = agents::list_versions(&c, "ag_1", Default::default()).unwrap().parse(ok(json!([agent]))).unwrap();
    assert_eq!(versions[0].id, created.id);

    let alias = spec::synthesize("AgentAliasResponse");
    let one = agents::create_or_update_alias(&c, "ag_1", "prod", 1).unwrap().parse(ok(alias.clone())).unwrap();
    assert_eq!(serde_json::to_value(&one).unwrap(), alias);
    let all = agents::list_version_aliases(&c, "ag_1").unwrap().parse(ok(json!([alias, alias]))).unwrap();
    assert_eq!(all, vec![one.clone(), one]);

    let no_content = HttpResponse { status: 204, headers: vec![], body: String::new() };
    agents::delete(&c, "ag_1").unwrap().parse(no_content.clone()).unwrap();
    agents::delete_alias(&c, "ag_1", "prod").unwrap().parse(no_content).unwrap();
}

#[test]
fn malformed_success_bodies_are_decode_errors() {
    let c = cfg();
    let mut agent = spec::synthesize("Agent");
    agent["tools"][0]["function"]["name"] = json!(7);
    match agents::get(&c, "ag_1", None).unwrap().parse(ok(agent)) {
        Err(Error::Decode(e)) => {
            assert_eq!(e.target, "Agent");
            assert!(e.path.starts_with("tools[0]"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    match agents::list(&c, &Default::default()).unwrap().parse(ok(json!({"data": []}))) {
        Err(Error::Decode(e)) => assert_eq!(e.target, "Agent[]"),
        other => panic!("{other:?}"),
    }
    let truncated = HttpResponse { status: 200, headers: vec![], body: r#"{"alias": "prod", "vers"#.into() };
    assert!(matches!(
        agents::create_or_update_alias(&c, "ag_1", "prod", 1).unwrap().parse(truncated),
        Err(Error::Decode(_))
    ));
}

#[test]
fn error_answers_are_typed_and_keep_the_body() {
    let c = cfg();
    let call = agents::get(&c, "ag_missing", None).unwrap();

    let body = r#"{"object":"error","message":"Agent not found","type":"invalid_request_error","code":"3000"}"#;
    let resp = HttpResponse { status: 404, headers: vec![("x-request-id".into(), "req_42".into())], body: body.into() };
    let Err(Error::Api(e)) = call.parse(resp) else { panic!("404 must be an API error") };
    assert_eq!((e.status, &e.kind, e.body.as_str()), (404, &ApiErrorKind::Status, body));
    assert_eq!(e.message().as_deref(), Some("Agent not found"));
    assert_eq!(e.request_id.as_deref(), Some("req_42"));

    let detail = json!({"detail": [
        {"loc": ["body", "handoffs", 0], "msg": "Agent ag_x does not exist", "type": "value_error"},
        {"loc": ["query", "version"], "msg": "Input should be a valid integer", "type": "int_parsing"}
    ]});
    spec::assert_valid("HTTPValidationError", &detail);
    let call = agents::update(&c, "ag_1", &UpdateAgentRequest::default()).unwrap();
    let Err(Error::Api(e)) = call.parse(HttpResponse { status: 422, headers: vec![], body: detail.to_string() }) else {
        panic!("422 must be an API error")
    };
    let ApiErrorKind::Validation(fields) = &e.kind else { panic!("{:?}", e.kind) };
    let paths: Vec<String> = fields.iter().map(|f| f.path()).collect();
    assert_eq!(paths, ["handoffs[0]", "version"]);
    assert!(e.to_string().contains("`handoffs[0]`: Agent ag_x does not exist"), "{e}");

    let call = agents::list_pages(&c, &Default::default()).unwrap();
    let resp = HttpResponse { status: 429, headers: vec![("retry-after".into(), "3".into())], body: "{}".into() };
    let Err(Error::Api(e)) = call.parse(resp) else { panic!("429 must be an API error") };
    assert_eq!(e.kind, ApiErrorKind::RateLimited { retry_after_ms: Some(3000) });

    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let call = agents::delete(&c, "ag_1").unwrap();
    let Err(Error::Api(e)) = call.parse(HttpResponse { status: 500, headers: vec![], body: html.into() }) else {
        panic!("500 must be an API error")
    };
    assert_eq!((e.status, &e.kind, e.body.as_str(), &e.json), (500, &ApiErrorKind::Status, html, &None));
    assert!(e.to_string().contains("502 Bad Gateway"), "{e}");
}

/// The key goes in the `Authorization` header only, and never in `Debug`.
#[test]
fn the_key_stays_out_of_logs() {
    let call = agents::create_or_update_alias(&cfg(), "ag_1", "prod", 1).unwrap();
    assert_eq!(call.request.header("authorization"), Some("Bearer sk-test"));
    assert!(!call.request.url.contains("sk-test"));
    assert!(!format!("{call:?}").contains("sk-test"));
    assert!(!format!("{:?}", cfg()).contains("sk-test"));
}
