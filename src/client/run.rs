//! The run loop from Rust: [`Mistral::run`] drives [`crate::run::Run`] with
//! async Rust functions as tools (the JS `client.run()` drives the same
//! machine with JS functions and MCP clients).

use futures_util::future::LocalBoxFuture;
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::Mistral;
use crate::api::{agents, conversations, request_from_json};
use crate::error::Error;
use crate::http::CallOptions;
use crate::models::common::JsonObject;
use crate::run::{
    CallResult, Decision, Endpoint, PlannedCall, Run, RunError, RunOptions, RunResult, RunTool, Step, ToolSet,
    ToolSource,
};

/// A tool function: arguments in, the `function.result` text or an error out.
pub type ToolFn = Box<dyn Fn(Value) -> LocalBoxFuture<'static, Result<String, String>>>;

/// The tools of a Rust run.
#[derive(Default)]
pub struct RunTools {
    tools: Vec<RunTool>,
    functions: Vec<ToolFn>,
    passthrough: Vec<Value>,
}

impl RunTools {
    pub fn new() -> Self {
        Self::default()
    }

    /// A function the model may call; `parameters` is its JSON Schema.
    pub fn function(mut self, name: &str, description: &str, parameters: Value, f: ToolFn) -> Self {
        self.tools.push(RunTool {
            name: name.to_owned(),
            source: ToolSource::Local,
            description: Some(description.to_owned()),
            parameters,
            strict: None,
            requires_confirmation: false,
        });
        self.functions.push(f);
        self
    }

    /// A server-side tool (`{"type": "web_search"}`, ...), passed on.
    pub fn server_tool(mut self, tool: Value) -> Self {
        self.passthrough.push(tool);
        self
    }
}

/// Why a Rust run stopped.
#[derive(Debug)]
pub enum RunFailure {
    /// The loop stopped (turn limit, a failing tool, a bad final answer).
    Run(Box<RunError>),
    /// A call failed (HTTP, network, abort).
    Http(Error),
}

impl std::fmt::Display for RunFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Run(e) => e.fmt(f),
            Self::Http(e) => e.fmt(f),
        }
    }
}

impl Mistral {
    /// Sends one request of a run and reads the answer's JSON.
    pub async fn run_request(&self, endpoint: &Endpoint, body: JsonObject, opts: CallOptions) -> Result<Value, Error> {
        let text = Value::Object(body).to_string();
        let cfg = self.api_config();
        let call = match endpoint {
            Endpoint::Start => {
                request_from_json("body", &text).and_then(|req| conversations::start(cfg, &req)).map(|c| c.json_text())
            }
            Endpoint::Append { conversation_id } => request_from_json("body", &text)
                .and_then(|req| conversations::append(cfg, conversation_id, &req))
                .map(|c| c.json_text()),
            Endpoint::GetAgent { agent_id } => agents::get(cfg, agent_id, None).map(|c| c.json_text()),
            Endpoint::UpdateAgent { agent_id } => request_from_json("body", &text)
                .and_then(|req| agents::update(cfg, agent_id, &req))
                .map(|c| c.json_text()),
            Endpoint::SetAgentVersion { agent_id, version } => {
                agents::update_version(cfg, agent_id, *version).map(|c| c.json_text())
            }
        };
        let raw = self.send(call, opts).await?;
        serde_json::from_str(raw.get()).map_err(|e| Error::invalid("response", e.to_string()))
    }

    /// Runs the model with `tools` until it answers without calls.
    /// `request` holds the conversation request members (`model` or
    /// `agent_id`, `inputs`, `instructions`, ...). Calls that need a
    /// confirmation are denied (use the machine directly to decide them).
    pub async fn run(
        &self,
        request: JsonObject,
        tools: RunTools,
        opts: RunOptions,
        call_opts: CallOptions,
    ) -> Result<RunResult, RunFailure> {
        let RunTools { tools, functions, passthrough } = tools;
        let mut run = Run::new(request, ToolSet::new(tools, passthrough), opts);
        let mut step = run.start();
        loop {
            step = match step {
                Step::Send { endpoint, body } => {
                    let response =
                        self.run_request(&endpoint, body, call_opts.clone()).await.map_err(RunFailure::Http)?;
                    run.on_response(&response)
                }
                Step::Execute(calls) => {
                    let results = stream::iter(calls.into_iter().map(|call: PlannedCall| {
                        let f = call.tool.and_then(|i| functions.get(i));
                        async move {
                            let outcome = match f {
                                Some(f) => f(call.arguments).await,
                                None => Err("error: no function for this tool".to_owned()),
                            };
                            CallResult { tool_call_id: call.tool_call_id, outcome }
                        }
                    }))
                    .buffered(4)
                    .collect::<Vec<_>>()
                    .await;
                    run.on_results(results)
                }
                Step::Confirm(calls) => {
                    let denied: Vec<Decision> =
                        calls.iter().map(|c| Decision { tool_call_id: c.tool_call_id.clone(), allow: false }).collect();
                    run.on_decisions(&denied)
                }
                Step::Done(result) => return Ok(*result),
                Step::Failed(error) => return Err(RunFailure::Run(error)),
            };
        }
    }
}
