//! The run loop's state machine, driven by hand: every request body it
//! builds is checked against the spec's schema, and every turn's calls are
//! answered exactly once.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::spec;
use mistral_edge::run::names::{assign, is_valid, sanitize};
use mistral_edge::run::*;
use serde_json::{json, Value};

fn local(name: &str, parameters: Value) -> RunTool {
    RunTool { name: name.into(), source: ToolSource::Local, description: Some(format!("does {name}")), parameters, strict: None, requires_confirmation: false }
}

fn mcp(name: &str, label: &str) -> RunTool {
    RunTool { name: name.into(), source: ToolSource::Mcp { server: 0, label: label.into() }, description: None, parameters: json!({"type": "object"}), strict: None, requires_confirmation: false }
}

fn weather() -> RunTool {
    local("get_weather", json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}))
}

fn request() -> serde_json::Map<String, Value> {
    json!({"model": "mistral-medium-latest", "inputs": "Weather in Paris and Rome?", "tools": [{"type": "web_search"}]}).as_object().unwrap().clone()
}

fn call(id: &str, name: &str, arguments: Value) -> Value {
    json!({"type": "function.call", "object": "entry", "tool_call_id": id, "name": name, "arguments": arguments})
}

fn response(outputs: Vec<Value>) -> Value {
    json!({"object": "conversation.response", "conversation_id": "conv_1", "outputs": outputs,
           "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})
}

fn message(text: &str) -> Value {
    json!({"type": "message.output", "object": "entry", "role": "assistant", "content": text})
}

fn send_body(step: Step) -> (Endpoint, Value) {
    match step {
        Step::Send { endpoint, body } => (endpoint, Value::Object(body)),
        other => panic!("expected Send, got {other:?}"),
    }
}

fn results_of(step: &Step) -> Vec<String> {
    match step {
        Step::Execute(calls) => calls.iter().map(|c| c.tool_call_id.clone()).collect(),
        other => panic!("expected Execute, got {other:?}"),
    }
}

fn function_results(body: &Value) -> Vec<(String, String)> {
    body["inputs"].as_array().unwrap().iter().map(|e| {
        assert_eq!(e["type"], "function.result");
        (e["tool_call_id"].as_str().unwrap().to_owned(), e["result"].as_str().unwrap().to_owned())
    }).collect()
}

#[test]
fn names_are_kept_when_valid_and_made_unique_and_valid_otherwise() {
    assert!(is_valid("get_weather-2") && !is_valid("get weather") && !is_valid("") && !is_valid(&"a".repeat(65)));
    assert_eq!(sanitize("get.weather/now"), "get_weather_now");
    assert_eq!(sanitize("ünï"), "_n_");
    assert_eq!(sanitize(""), "tool");
    let names = assign(&[("search", Some("github")), ("search", None), ("search", Some("jira")), ("a b", None), ("a_b", None), (&"x".repeat(80), None), (&"x".repeat(70), None)]);
    // The clean local name is kept; MCP tools that collide get their server's label, then a number.
    assert_eq!(names[1], "search");
    assert_eq!(names[0], "github_search");
    assert_eq!(names[2], "jira_search");
    assert_eq!(names[4], "a_b");
    assert_eq!(names[3], "a_b_2");
    assert_eq!(names[5], "x".repeat(64));
    assert_eq!(names[6], format!("{}_2", "x".repeat(62)));
    for n in &names {
        assert!(is_valid(n), "{n}");
    }
    let unique: std::collections::BTreeSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len());
}

#[test]
fn a_run_over_three_turns_answers_every_call_once_and_sums_usage() {
    let tools = ToolSet::new(vec![weather(), mcp("get_weather", "meteo")], vec![]);
    let names: Vec<_> = tools.names().into_iter().map(|n| (n.name, n.original)).collect();
    assert_eq!(names, vec![("get_weather".to_owned(), "get_weather".to_owned()), ("meteo_get_weather".to_owned(), "get_weather".to_owned())]);
    let mut run = Run::new(request(), tools, RunOptions::default());
    let (endpoint, body) = send_body(run.start());
    assert_eq!(endpoint, Endpoint::Start);
    spec::assert_valid("ConversationRequest", &body);
    let tool_types: Vec<_> = body["tools"].as_array().unwrap().iter().map(|t| t["type"].as_str().unwrap()).collect();
    assert_eq!(tool_types, ["web_search", "function", "function"], "server tools pass through first");
    assert_eq!(body["tools"][2]["function"]["name"], "meteo_get_weather");

    // Turn 1: two parallel calls, one to each tool.
    let step = run.on_response(&response(vec![call("c1", "get_weather", json!({"city": "Paris"})), call("c2", "meteo_get_weather", json!("{\"city\":\"Rome\"}"))]));
    assert_eq!(results_of(&step), ["c1", "c2"]);
    let Step::Execute(calls) = &step else { unreachable!() };
    assert_eq!(calls[1].arguments, json!({"city": "Rome"}), "JSON text arguments are parsed");
    assert_eq!(run.tools().get(calls[1].tool.unwrap()).unwrap().source, ToolSource::Mcp { server: 0, label: "meteo".into() });
    let (endpoint, body) = send_body(run.on_results(vec![
        CallResult { tool_call_id: "c2".into(), outcome: Ok("18C".into()) },
        CallResult { tool_call_id: "c1".into(), outcome: Ok("21C".into()) },
    ]));
    assert_eq!(endpoint, Endpoint::Append { conversation_id: "conv_1".into() });
    spec::assert_valid("ConversationAppendRequest", &body);
    assert_eq!(function_results(&body), [("c1".to_owned(), "21C".to_owned()), ("c2".to_owned(), "18C".to_owned())]);

    // Turn 2: one more call; turn 3: the answer.
    let step = run.on_response(&response(vec![call("c3", "get_weather", json!({"city": "Oslo"}))]));
    assert_eq!(results_of(&step), ["c3"]);
    let (_, body) = send_body(run.on_results(vec![CallResult { tool_call_id: "c3".into(), outcome: Ok("2C".into()) }]));
    assert_eq!(function_results(&body).len(), 1);
    let Step::Done(result) = run.on_response(&response(vec![message("Paris 21C, Rome 18C, Oslo 2C")])) else { panic!() };
    assert_eq!(result.output_text, "Paris 21C, Rome 18C, Oslo 2C");
    assert_eq!(result.turns, 3);
    assert_eq!(result.usage["total_tokens"], 45);
    assert_eq!(result.conversation_id.as_deref(), Some("conv_1"));
    let kinds: Vec<_> = result.entries.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["message.input", "function.call", "function.call", "function.result", "function.result", "function.call", "function.result", "message.output"]);
}

#[test]
fn unknown_tools_and_bad_arguments_are_answered_with_errors_without_executing() {
    let mut run = Run::new(request(), ToolSet::new(vec![weather()], vec![]), RunOptions::default());
    send_body(run.start());
    let step = run.on_response(&response(vec![
        call("u", "launch_rockets", json!({})),
        call("j", "get_weather", json!("{city: Paris")),
        call("s", "get_weather", json!({"city": 42})),
        call("a", "get_weather", json!("[1]")),
        call("ok", "get_weather", json!({"city": "Lyon"})),
    ]));
    assert_eq!(results_of(&step), ["ok"]);
    let (_, body) = send_body(run.on_results(vec![CallResult { tool_call_id: "ok".into(), outcome: Ok("sunny".into()) }]));
    spec::assert_valid("ConversationAppendRequest", &body);
    let results = function_results(&body);
    let ids: Vec<_> = results.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["u", "j", "s", "a", "ok"], "every call answered once");
    assert!(results[0].1.contains("no tool named `launch_rockets`"), "{}", results[0].1);
    assert!(results[1].1.contains("not valid JSON"), "{}", results[1].1);
    assert!(results[2].1.contains("/city: expected a string"), "{}", results[2].1);
    assert!(results[3].1.contains("not an object"), "{}", results[3].1);
}

#[test]
fn a_failing_tool_stops_the_run_or_goes_to_the_model() {
    for continue_on_tool_error in [false, true] {
        let opts = RunOptions { continue_on_tool_error, ..RunOptions::default() };
        let mut run = Run::new(request(), ToolSet::new(vec![weather()], vec![]), opts);
        send_body(run.start());
        run.on_response(&response(vec![call("c1", "get_weather", json!({"city": "Paris"})), call("c2", "get_weather", json!({"city": "Nice"}))]));
        let step = run.on_results(vec![
            CallResult { tool_call_id: "c1".into(), outcome: Err("error: upstream 503".into()) },
            CallResult { tool_call_id: "c2".into(), outcome: Ok("sunny".into()) },
        ]);
        if continue_on_tool_error {
            let (_, body) = send_body(step);
            assert_eq!(function_results(&body), [("c1".to_owned(), "error: upstream 503".to_owned()), ("c2".to_owned(), "sunny".to_owned())]);
        } else {
            let Step::Failed(e) = step else { panic!("{step:?}") };
            assert_eq!(e.kind, RunErrorKind::ToolFailed { tool_call_id: "c1".into(), tool: "get_weather".into(), message: "error: upstream 503".into() });
            assert_eq!(e.to_string(), "tool `get_weather` failed: error: upstream 503");
            assert_eq!(e.partial.entries.len(), 3, "the inputs and both calls");
        }
    }
}

#[test]
fn a_call_without_a_result_is_answered_with_an_error() {
    let opts = RunOptions { continue_on_tool_error: true, ..RunOptions::default() };
    let mut run = Run::new(request(), ToolSet::new(vec![weather()], vec![]), opts);
    send_body(run.start());
    run.on_response(&response(vec![call("c1", "get_weather", json!({"city": "Paris"}))]));
    let (_, body) = send_body(run.on_results(vec![CallResult { tool_call_id: "other".into(), outcome: Ok("x".into()) }]));
    assert_eq!(function_results(&body), [("c1".to_owned(), "error: the tool gave no result".to_owned())]);
}

#[test]
fn the_turn_limit_stops_a_model_that_keeps_calling() {
    let opts = RunOptions { max_turns: 2, ..RunOptions::default() };
    let mut run = Run::new(request(), ToolSet::new(vec![weather()], vec![]), opts);
    send_body(run.start());
    run.on_response(&response(vec![call("c1", "get_weather", json!({"city": "A"}))]));
    send_body(run.on_results(vec![CallResult { tool_call_id: "c1".into(), outcome: Ok("x".into()) }]));
    let Step::Failed(e) = run.on_response(&response(vec![call("c2", "get_weather", json!({"city": "B"}))])) else { panic!() };
    assert_eq!(e.kind, RunErrorKind::MaxTurns { max_turns: 2 });
    assert_eq!(e.partial.turns, 2);
    assert_eq!(e.partial.entries.last().unwrap()["tool_call_id"], "c2");
}

#[test]
fn confirmations_gate_local_calls_and_answer_server_calls() {
    let mut guarded = weather();
    guarded.requires_confirmation = true;
    let mut run = Run::new(request(), ToolSet::new(vec![guarded, local("free", json!({"type": "object"}))], vec![]), RunOptions::default());
    send_body(run.start());
    let step = run.on_response(&response(vec![
        call("g1", "get_weather", json!({"city": "A"})),
        call("g2", "get_weather", json!({"city": "B"})),
        call("f1", "free", json!({})),
        json!({"type": "function.call", "tool_call_id": "s1", "name": "send_email", "arguments": "{}", "confirmation_status": "pending"}),
    ]));
    let Step::Confirm(asked) = &step else { panic!("{step:?}") };
    let ids: Vec<_> = asked.iter().map(|c| (c.tool_call_id.as_str(), c.server_pending)).collect();
    assert_eq!(ids, [("g1", false), ("g2", false), ("s1", true)]);

    // The state survives a round trip through JSON (a run handed back later).
    let saved = serde_json::to_string(&run).unwrap();
    let mut run: Run = serde_json::from_str(&saved).unwrap();
    let step = run.on_decisions(&[Decision { tool_call_id: "g1".into(), allow: true }, Decision { tool_call_id: "s1".into(), allow: true }]);
    assert_eq!(results_of(&step), ["g1", "f1"], "g2 had no decision: denied");
    let (_, body) = send_body(run.on_results(vec![
        CallResult { tool_call_id: "g1".into(), outcome: Ok("ok".into()) },
        CallResult { tool_call_id: "f1".into(), outcome: Ok("ok".into()) },
    ]));
    spec::assert_valid("ConversationAppendRequest", &body);
    let results = function_results(&body);
    assert_eq!(results[1], ("g2".to_owned(), "error: the user denied this call".to_owned()), "results keep the calls' order");
    assert_eq!(results.len(), 3, "the server-side call gets no function.result");
    assert_eq!(body["tool_confirmations"], json!([{"tool_call_id": "s1", "confirmation": "allow"}]));
}

#[test]
fn structured_output_is_requested_parsed_and_checked() {
    let schema = json!({"type": "object", "properties": {"city": {"type": "string"}, "temp": {"type": "number"}}, "required": ["city", "temp"]});
    for (answer, ok) in [("{\"city\": \"Paris\", \"temp\": 21}", true), ("{\"city\": \"Paris\"}", false), ("sunny", false)] {
        let opts = RunOptions { output_schema: Some(schema.clone()), ..RunOptions::default() };
        let mut req = request();
        req.insert("completion_args".into(), json!({"temperature": 0.2}));
        let mut run = Run::new(req, ToolSet::default(), opts);
        let (_, body) = send_body(run.start());
        spec::assert_valid("ConversationRequest", &body);
        assert_eq!(body["completion_args"]["temperature"], 0.2);
        assert_eq!(body["completion_args"]["response_format"]["type"], "json_schema");
        assert_eq!(body["completion_args"]["response_format"]["json_schema"]["schema"], schema);
        match run.on_response(&response(vec![message(answer)])) {
            Step::Done(r) if ok => assert_eq!(r.output, Some(json!({"city": "Paris", "temp": 21}))),
            Step::Failed(e) if !ok => {
                let RunErrorKind::Output { problem } = &e.kind else { panic!("{e:?}") };
                assert!(problem.contains("not JSON") || problem.contains("temp"), "{problem}");
                assert_eq!(e.partial.output_text, answer);
            }
            other => panic!("{answer}: {other:?}"),
        }
    }
}

#[test]
fn out_of_order_feeding_is_a_typed_error_not_a_panic() {
    let mut run = Run::new(request(), ToolSet::default(), RunOptions::default());
    assert!(matches!(run.on_response(&response(vec![])), Step::Failed(e) if matches!(e.kind, RunErrorKind::Protocol { .. })));
    let mut run = Run::new(request(), ToolSet::default(), RunOptions::default());
    send_body(run.start());
    assert!(matches!(run.on_response(&json!({"conversation_id": "c"})), Step::Failed(_)));
    let mut run = Run::new(request(), ToolSet::new(vec![weather()], vec![]), RunOptions::default());
    send_body(run.start());
    assert!(matches!(run.on_results(vec![]), Step::Failed(_)));
    // A call without an id cannot be answered and is not planned; one listed twice is planned once.
    let mut run = Run::new(request(), ToolSet::new(vec![weather()], vec![]), RunOptions::default());
    send_body(run.start());
    let step = run.on_response(&response(vec![json!({"type": "function.call", "name": "get_weather", "arguments": {}}), call("d", "get_weather", json!({"city": "A"})), call("d", "get_weather", json!({"city": "A"}))]));
    assert_eq!(results_of(&step), ["d"]);
}

#[test]
fn a_client_side_handoff_lets_the_next_agent_answer() {
    let mut req = request();
    req.insert("handoff_execution".into(), json!("client"));
    let mut run = Run::new(req, ToolSet::default(), RunOptions::default());
    let (_, body) = send_body(run.start());
    assert_eq!(body["handoff_execution"], "client");
    let handoff = json!({"type": "agent.handoff", "object": "entry", "previous_agent_id": "ag_a", "previous_agent_name": "a", "next_agent_id": "ag_b", "next_agent_name": "b"});
    let (endpoint, body) = send_body(run.on_response(&response(vec![handoff])));
    assert_eq!(endpoint, Endpoint::Append { conversation_id: "conv_1".into() });
    spec::assert_valid("ConversationAppendRequest", &body);
    assert_eq!(body["inputs"], json!([]));
    assert_eq!(body["handoff_execution"], "client");
    let Step::Done(result) = run.on_response(&response(vec![message("agent b here")])) else { panic!() };
    assert_eq!(result.output_text, "agent b here");
    assert_eq!(result.turns, 2);
    // Server-side handoffs (the default) end with the answer they carry.
    let mut run = Run::new(request(), ToolSet::default(), RunOptions::default());
    send_body(run.start());
    let handoff = json!({"type": "agent.handoff", "previous_agent_id": "a", "previous_agent_name": "a", "next_agent_id": "b", "next_agent_name": "b"});
    assert!(matches!(run.on_response(&response(vec![handoff])), Step::Done(_)));
}

#[test]
fn agent_mode_pins_a_new_version_with_the_runs_tools_and_restores_the_current_one() {
    let req = json!({"agent_id": "ag_1", "inputs": "Weather?"}).as_object().unwrap().clone();
    let tools = ToolSet::new(vec![weather()], vec![json!({"type": "web_search"})]);
    let mut run = Run::new(req, tools, RunOptions::default());
    assert_eq!(send_body(run.start()).0, Endpoint::GetAgent { agent_id: "ag_1".into() });
    let agent = json!({"id": "ag_1", "version": 3, "tools": [
        {"type": "function", "function": {"name": "get_weather", "parameters": {}}},
        {"type": "function", "function": {"name": "keep_me", "parameters": {}}},
        {"type": "web_search"}, {"type": "code_interpreter"}]});
    let (endpoint, body) = send_body(run.on_response(&agent));
    assert_eq!(endpoint, Endpoint::UpdateAgent { agent_id: "ag_1".into() });
    spec::assert_valid("UpdateAgentRequest", &body);
    let names: Vec<String> = body["tools"].as_array().unwrap().iter().map(|t| t.pointer("/function/name").or(t.get("type")).unwrap().as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["keep_me", "code_interpreter", "web_search", "get_weather"], "the agent's other tools stay, ours replace same-named ones");
    let (endpoint, body) = send_body(run.on_response(&json!({"id": "ag_1", "version": 4})));
    assert_eq!(endpoint, Endpoint::SetAgentVersion { agent_id: "ag_1".into(), version: 3 }, "the current version goes back to 3");
    assert_eq!(body, json!({}));
    let (endpoint, body) = send_body(run.on_response(&json!({"id": "ag_1", "version": 3})));
    assert_eq!(endpoint, Endpoint::Start);
    spec::assert_valid("ConversationRequest", &body);
    assert_eq!(body["agent_version"], 4, "the conversation is pinned to the new version");
    assert!(body.get("tools").is_none(), "the tools live in the version, not the request");
    let step = run.on_response(&response(vec![call("c1", "get_weather", json!({"city": "Paris"}))]));
    assert_eq!(results_of(&step), ["c1"]);
    send_body(run.on_results(vec![CallResult { tool_call_id: "c1".into(), outcome: Ok("sunny".into()) }]));
    let Step::Done(result) = run.on_response(&response(vec![message("sunny")])) else { panic!() };
    assert_eq!(result.agent_version, Some(4));

    // An agent answer without a version is a typed error; an agent run without run tools starts at once.
    let req = json!({"agent_id": "ag_1", "inputs": "x"}).as_object().unwrap().clone();
    let mut run = Run::new(req.clone(), ToolSet::new(vec![weather()], vec![]), RunOptions::default());
    send_body(run.start());
    assert!(matches!(run.on_response(&json!({"id": "ag_1"})), Step::Failed(e) if matches!(e.kind, RunErrorKind::Protocol { .. })));
    let mut run = Run::new(req, ToolSet::default(), RunOptions::default());
    assert_eq!(send_body(run.start()).0, Endpoint::Start);
}

#[test]
fn a_run_with_a_conversation_id_continues_that_conversation() {
    let req = json!({"conversation_id": "conv_1", "inputs": "And in Rome?", "store": true}).as_object().unwrap().clone();
    let schema = json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]});
    let opts = RunOptions { output_schema: Some(schema), ..RunOptions::default() };
    let mut run = Run::new(req, ToolSet::new(vec![weather()], vec![]), opts);
    let (endpoint, body) = send_body(run.start());
    assert_eq!(endpoint, Endpoint::Append { conversation_id: "conv_1".into() }, "the first request appends");
    spec::assert_valid("ConversationAppendRequest", &body);
    assert_eq!(body["inputs"], "And in Rome?");
    assert_eq!(body["store"], true);
    assert_eq!(body["completion_args"]["response_format"]["type"], "json_schema", "a structured run keeps its format");
    assert!(body.get("tools").is_none(), "the conversation keeps the tools it started with");
    assert_eq!(run.partial().conversation_id.as_deref(), Some("conv_1"), "known before the first answer");
    // The run's functions still run when the model calls them.
    let step = run.on_response(&response(vec![call("c1", "get_weather", json!({"city": "Rome"}))]));
    assert_eq!(results_of(&step), ["c1"]);
    let (endpoint, _) = send_body(run.on_results(vec![CallResult { tool_call_id: "c1".into(), outcome: Ok("18C".into()) }]));
    assert_eq!(endpoint, Endpoint::Append { conversation_id: "conv_1".into() });
    let Step::Done(result) = run.on_response(&response(vec![message("{\"city\": \"Rome\"}")])) else { panic!() };
    assert_eq!(result.output, Some(json!({"city": "Rome"})));
    assert_eq!(result.entries[0]["type"], "message.input");

    // What only a start takes is refused, never dropped.
    for member in ["model", "agent_id", "instructions"] {
        let mut req = json!({"conversation_id": "conv_1", "inputs": "x"}).as_object().unwrap().clone();
        req.insert(member.into(), json!("v"));
        assert_eq!(start_only_member(&req), Some(member));
        let mut run = Run::new(req, ToolSet::default(), RunOptions::default());
        let Step::Failed(e) = run.start() else { panic!("{member} beside conversation_id must fail") };
        assert!(matches!(&e.kind, RunErrorKind::Protocol { detail } if detail.contains(member)), "{:?}", e.kind);
    }
    let req = json!({"conversation_id": "conv_1", "inputs": "x"}).as_object().unwrap().clone();
    let mut run = Run::new(req, ToolSet::new(vec![], vec![json!({"type": "web_search"})]), RunOptions::default());
    assert!(matches!(run.start(), Step::Failed(e) if e.to_string().contains("server-side tools")));
    assert_eq!(start_only_member(&json!({"model": "m", "inputs": "x"}).as_object().unwrap().clone()), None, "a start takes them all");
}
