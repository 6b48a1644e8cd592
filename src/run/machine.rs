//! The run loop as a state machine over the conversation's wire JSON: it
//! builds each request, reads each response, says which calls to execute
//! (or confirm), and turns their results into the next append. Sending,
//! executing and waiting are the caller's; so the whole loop is
//! deterministic and tested without a network.
//!
//! Invariant: every `function.call` of a turn gets exactly one
//! `function.result` in the next append (unknown tools, bad arguments and
//! denied calls get an error result), so the conversation on the server
//! never misses a result nor gets one twice.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::output::{check_output, response_format};
use super::result::{add_usage, message_text, RunError, RunErrorKind, RunResult};
use super::tools::ToolSet;
use crate::json_schema;
use crate::models::common::JsonObject;

/// Default turn limit: model answers the run asks for.
pub const DEFAULT_MAX_TURNS: u32 = 10;

/// Request members that only a conversation's start takes: an append
/// cannot change who answers or with which tools.
const START_ONLY: [&str; 9] =
    ["model", "agent_id", "agent_version", "instructions", "tools", "name", "description", "metadata", "guardrails"];

const CONTINUED: &str = "a continued conversation keeps the model, agent and tools it started with";

/// The first member of `request` that a run continuing a conversation
/// (`conversation_id`) cannot take, if any.
pub fn start_only_member(request: &JsonObject) -> Option<&'static str> {
    if !request.contains_key("conversation_id") {
        return None;
    }
    START_ONLY.into_iter().find(|k| request.get(*k).is_some_and(|v| !v.is_null()))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    pub max_turns: u32,
    /// A failing tool's error goes to the model as its result; otherwise
    /// the run stops with [`RunErrorKind::ToolFailed`].
    pub continue_on_tool_error: bool,
    /// The final answer must be JSON matching this schema.
    pub output_schema: Option<Value>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { max_turns: DEFAULT_MAX_TURNS, continue_on_tool_error: false, output_schema: None }
    }
}

/// A call the model made this turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedCall {
    pub tool_call_id: String,
    /// The name the model used.
    pub name: String,
    /// The tool (index in the [`ToolSet`]); `None` for a server-side call
    /// awaiting confirmation.
    pub tool: Option<usize>,
    /// The parsed arguments.
    pub arguments: Value,
    /// A call of a server-side tool that waits for `tool_confirmations`.
    pub server_pending: bool,
}

/// What became of one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResult {
    pub tool_call_id: String,
    /// The `function.result` text, or the error to report.
    pub outcome: Result<String, String>,
}

/// The app's answer to a confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub tool_call_id: String,
    pub allow: bool,
}

/// Which operation a request goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Endpoint {
    Start,
    Append {
        conversation_id: String,
    },
    /// `agents.get`: the agent whose tools the run extends.
    GetAgent {
        agent_id: String,
    },
    /// `agents.update` with `body`: a new version carrying the run's tools.
    UpdateAgent {
        agent_id: String,
    },
    /// `agents.updateVersion`: the current version put back.
    SetAgentVersion {
        agent_id: String,
        version: i64,
    },
}

/// What the caller does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send this body (start or append) and feed the response back.
    Send {
        endpoint: Endpoint,
        body: JsonObject,
    },
    /// Run these calls (concurrently) and feed their results back.
    Execute(Vec<PlannedCall>),
    /// Ask the app about these calls, then feed its decisions back.
    Confirm(Vec<PlannedCall>),
    Done(Box<RunResult>),
    Failed(Box<RunError>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Phase {
    New,
    /// Agent mode with tools of the run: reading the agent, adding a
    /// version, restoring the current one (see [`Run::start`]).
    AgentRead,
    AgentUpdate {
        previous: i64,
    },
    AgentRestore {
        pinned: i64,
    },
    /// A request is out.
    Waiting,
    /// Calls of the turn are being decided or executed.
    Calls,
    Over,
}

/// The state of one run. Serializable: a run that waits for confirmations
/// can be handed back later (`resume`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    request: JsonObject,
    tools: ToolSet,
    opts: RunOptions,
    phase: Phase,
    result: RunResult,
    /// Calls of the current turn not answered yet.
    open: Vec<PlannedCall>,
    /// Results ready for the next append, in the order of the calls.
    answered: Vec<CallResult>,
    /// `tool_confirmations` for the next append.
    confirmations: Vec<Decision>,
    /// The turn's call ids in the model's order, which the results keep.
    order: Vec<String>,
}

fn entry(kind: &str, pairs: Vec<(&str, Value)>) -> Value {
    let mut e = JsonObject::new();
    e.insert("type".into(), Value::String(kind.into()));
    for (k, v) in pairs {
        e.insert(k.into(), v);
    }
    Value::Object(e)
}

impl Run {
    /// `request` is the conversation request the app gave (model or
    /// `agent_id`, `inputs`, `instructions`, `completion_args`, ...).
    pub fn new(request: JsonObject, tools: ToolSet, opts: RunOptions) -> Run {
        let mut result = RunResult { tool_names: tools.names(), ..RunResult::default() };
        match request.get("inputs") {
            Some(Value::String(text)) => result.entries.push(entry(
                "message.input",
                vec![("role", Value::String("user".into())), ("content", Value::String(text.clone()))],
            )),
            Some(Value::Array(items)) => result.entries.extend(items.iter().cloned()),
            _ => {}
        }
        Run {
            request,
            tools,
            opts,
            phase: Phase::New,
            result,
            open: Vec::new(),
            answered: Vec::new(),
            confirmations: Vec::new(),
            order: Vec::new(),
        }
    }

    pub fn tools(&self) -> &ToolSet {
        &self.tools
    }

    /// What the run has gathered so far.
    pub fn partial(&self) -> &RunResult {
        &self.result
    }

    fn fail(&mut self, kind: RunErrorKind) -> Step {
        self.phase = Phase::Over;
        Step::Failed(Box::new(RunError { kind, partial: self.result.clone() }))
    }

    /// Members both requests carry: `completion_args` (with the response
    /// format of a structured run), `store`, `handoff_execution`.
    fn shared_members(&self, body: &mut JsonObject) {
        let mut args = match self.request.get("completion_args") {
            Some(Value::Object(a)) => a.clone(),
            _ => JsonObject::new(),
        };
        if let Some(schema) = &self.opts.output_schema {
            args.insert("response_format".into(), response_format(schema));
        }
        if !args.is_empty() {
            body.insert("completion_args".into(), Value::Object(args));
        }
        for key in ["store", "handoff_execution"] {
            if let Some(v) = self.request.get(key) {
                body.insert(key.into(), v.clone());
            }
        }
    }

    /// The first request: the app's, with the tools and the response format.
    ///
    /// With an `agent_id` the stored agent must not change, yet a
    /// conversation cannot add tools to an agent: the run's function tools
    /// go into a new version of the agent, the previous current version is
    /// put back at once, and the conversation is pinned (`agent_version`)
    /// to the new one.
    ///
    /// With a `conversation_id` the run continues that conversation: the
    /// first request is an append, and the model, agent and tools are the
    /// ones the conversation started with (the run's functions are
    /// executed when the model calls them).
    pub fn start(&mut self) -> Step {
        if self.phase != Phase::New {
            return self.fail(RunErrorKind::Protocol { detail: "the run was already started".into() });
        }
        if let Some(conversation_id) = self.request.get("conversation_id").and_then(Value::as_str) {
            let conversation_id = conversation_id.to_owned();
            return self.continue_conversation(conversation_id);
        }
        if let Some(agent_id) = self.agent_id() {
            if !self.tools.is_empty() && !self.request.contains_key("agent_version") {
                self.phase = Phase::AgentRead;
                return Step::Send { endpoint: Endpoint::GetAgent { agent_id }, body: JsonObject::new() };
            }
        }
        self.start_conversation()
    }

    fn agent_id(&self) -> Option<String> {
        self.request.get("agent_id").and_then(Value::as_str).map(str::to_owned)
    }

    /// The agent-mode steps: the agent read, its new version made, the
    /// previous version restored.
    fn on_agent(&mut self, response: &Value) -> Step {
        let Some(agent_id) = self.agent_id() else {
            return self.fail(RunErrorKind::Protocol { detail: "agent mode without an agent_id".into() });
        };
        let version = response.get("version").and_then(Value::as_i64);
        match (self.phase.clone(), version) {
            (Phase::AgentRead, Some(previous)) => {
                let mut tools = match response.get("tools") {
                    Some(Value::Array(t)) => t.clone(),
                    _ => Vec::new(),
                };
                // The run's tools replace same-named functions and same-typed
                // server tools of the agent; the rest of its tools stay.
                let ours = self.tools.wire_tools();
                let clashes = |t: &Value| {
                    let kind = t.get("type").and_then(Value::as_str);
                    let name = t.pointer("/function/name").and_then(Value::as_str);
                    ours.iter().any(|o| match kind {
                        Some("function") => o.pointer("/function/name").and_then(Value::as_str) == name,
                        _ => o.get("type").and_then(Value::as_str) == kind,
                    })
                };
                tools.retain(|t| !clashes(t));
                tools.extend(ours.iter().cloned());
                let mut body = JsonObject::new();
                body.insert("tools".into(), Value::Array(tools));
                self.phase = Phase::AgentUpdate { previous };
                Step::Send { endpoint: Endpoint::UpdateAgent { agent_id }, body }
            }
            (Phase::AgentUpdate { previous }, Some(pinned)) => {
                self.phase = Phase::AgentRestore { pinned };
                self.result.agent_version = Some(pinned);
                Step::Send {
                    endpoint: Endpoint::SetAgentVersion { agent_id, version: previous },
                    body: JsonObject::new(),
                }
            }
            (Phase::AgentRestore { pinned }, _) => {
                self.request.insert("agent_version".into(), Value::from(pinned));
                self.phase = Phase::New;
                self.start_conversation()
            }
            _ => self.fail(RunErrorKind::Protocol { detail: "the agent has no integer `version`".into() }),
        }
    }

    /// The first request of a run that continues a conversation: an append
    /// of the inputs (and the response format of a structured run).
    fn continue_conversation(&mut self, conversation_id: String) -> Step {
        if let Some(member) = start_only_member(&self.request) {
            let detail = format!("`{member}` cannot be given with `conversation_id`: {CONTINUED}");
            return self.fail(RunErrorKind::Protocol { detail });
        }
        if self.tools.has_passthrough() {
            let detail = format!("server-side tools cannot be added with `conversation_id`: {CONTINUED}");
            return self.fail(RunErrorKind::Protocol { detail });
        }
        let mut body = JsonObject::new();
        if let Some(inputs) = self.request.get("inputs") {
            body.insert("inputs".into(), inputs.clone());
        }
        self.shared_members(&mut body);
        self.result.conversation_id = Some(conversation_id.clone());
        self.phase = Phase::Waiting;
        Step::Send { endpoint: Endpoint::Append { conversation_id }, body }
    }

    fn start_conversation(&mut self) -> Step {
        let pinned_agent = self.result.agent_version.is_some();
        let mut body = self.request.clone();
        let mut tools = match body.remove("tools") {
            Some(Value::Array(t)) => t,
            _ => Vec::new(),
        };
        if !pinned_agent {
            tools.extend(self.tools.wire_tools());
        }
        if !tools.is_empty() {
            body.insert("tools".into(), Value::Array(tools));
        }
        self.shared_members(&mut body);
        body.remove("stream");
        self.phase = Phase::Waiting;
        Step::Send { endpoint: Endpoint::Start, body }
    }

    /// A conversation response (start or append, or a stream's assembled
    /// response).
    pub fn on_response(&mut self, response: &Value) -> Step {
        if matches!(self.phase, Phase::AgentRead | Phase::AgentUpdate { .. } | Phase::AgentRestore { .. }) {
            return self.on_agent(response);
        }
        if self.phase != Phase::Waiting {
            return self.fail(RunErrorKind::Protocol { detail: "a response arrived while none was awaited".into() });
        }
        if let Some(id) = response.get("conversation_id").and_then(Value::as_str) {
            self.result.conversation_id = Some(id.to_owned());
        }
        if let Some(usage) = response.get("usage") {
            add_usage(&mut self.result.usage, usage);
        }
        self.result.turns += 1;
        let outputs = match response.get("outputs") {
            Some(Value::Array(o)) => o.clone(),
            _ => return self.fail(RunErrorKind::Protocol { detail: "the response has no `outputs` array".into() }),
        };
        let mut calls = Vec::new();
        for output in &outputs {
            self.result.entries.push(output.clone());
            match output.get("type").and_then(Value::as_str) {
                Some("function.call") => calls.push(output.clone()),
                Some("message.output") => self.result.output_text = message_text(output.get("content")),
                _ => {}
            }
        }
        if calls.is_empty() {
            let handed_off =
                outputs.last().and_then(|o| o.get("type")).and_then(Value::as_str) == Some("agent.handoff");
            let client_side = self.request.get("handoff_execution").and_then(Value::as_str) == Some("client");
            if handed_off && client_side {
                return self.follow_handoff();
            }
            return self.finish();
        }
        if self.result.turns >= self.opts.max_turns {
            return self.fail(RunErrorKind::MaxTurns { max_turns: self.opts.max_turns });
        }
        self.plan(&calls)
    }

    /// Sorts the turn's calls: answered at once (unknown tool, bad
    /// arguments), to confirm, or to execute.
    fn plan(&mut self, calls: &[Value]) -> Step {
        self.phase = Phase::Calls;
        self.open.clear();
        self.answered.clear();
        self.confirmations.clear();
        self.order.clear();
        let mut confirm = Vec::new();
        for call in calls {
            let id = call.get("tool_call_id").and_then(Value::as_str).unwrap_or_default().to_owned();
            let name = call.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            if id.is_empty() || self.order.contains(&id) {
                // Nothing to answer it with, or already planned.
                continue;
            }
            self.order.push(id.clone());
            let pending = call.get("confirmation_status").and_then(Value::as_str) == Some("pending");
            let found = self.tools.find(&name).map(|(i, t)| (i, t.requires_confirmation, t.parameters.clone()));
            let Some((index, needs_confirmation, schema)) = found else {
                if pending {
                    let planned = PlannedCall {
                        tool_call_id: id,
                        name,
                        tool: None,
                        arguments: Value::Null,
                        server_pending: true,
                    };
                    self.open.push(planned.clone());
                    confirm.push(planned);
                } else {
                    self.answer_now(id, format!("error: there is no tool named `{name}`"));
                }
                continue;
            };
            let arguments = match parse_arguments(call.get("arguments")) {
                Ok(v) => v,
                Err(problem) => {
                    self.answer_now(id, format!("error: the arguments of `{name}` {problem}"));
                    continue;
                }
            };
            if let Err(violations) = json_schema::validate(&schema, &arguments) {
                let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
                self.answer_now(id, format!("error: the arguments of `{name}` break its schema: {}", list.join("; ")));
                continue;
            }
            let planned = PlannedCall { tool_call_id: id, name, tool: Some(index), arguments, server_pending: false };
            self.open.push(planned.clone());
            if needs_confirmation {
                confirm.push(planned);
            }
        }
        if !confirm.is_empty() {
            return Step::Confirm(confirm);
        }
        self.execute_step()
    }

    fn answer_now(&mut self, tool_call_id: String, error: String) {
        self.answered.push(CallResult { tool_call_id, outcome: Err(error) });
    }

    fn execute_step(&mut self) -> Step {
        let run: Vec<PlannedCall> = self.open.iter().filter(|c| !c.server_pending).cloned().collect();
        if run.is_empty() {
            return self.append();
        }
        Step::Execute(run)
    }

    /// The app's decisions on the calls of [`Step::Confirm`]. A call without
    /// a decision is denied.
    pub fn on_decisions(&mut self, decisions: &[Decision]) -> Step {
        if self.phase != Phase::Calls {
            return self.fail(RunErrorKind::Protocol { detail: "no calls await a decision".into() });
        }
        let allowed = |id: &str| decisions.iter().any(|d| d.tool_call_id == id && d.allow);
        let mut keep = Vec::new();
        for call in std::mem::take(&mut self.open) {
            let needs = call.server_pending
                || call.tool.and_then(|i| self.tools.get(i)).is_some_and(|t| t.requires_confirmation);
            if !needs {
                keep.push(call);
                continue;
            }
            let allow = allowed(&call.tool_call_id);
            if call.server_pending {
                self.confirmations.push(Decision { tool_call_id: call.tool_call_id.clone(), allow });
                continue;
            }
            if allow {
                keep.push(call);
            } else {
                self.answer_now(call.tool_call_id, "error: the user denied this call".into());
            }
        }
        self.open = keep;
        self.execute_step()
    }

    /// The results of [`Step::Execute`].
    pub fn on_results(&mut self, results: Vec<CallResult>) -> Step {
        if self.phase != Phase::Calls {
            return self.fail(RunErrorKind::Protocol { detail: "no calls are being executed".into() });
        }
        for call in std::mem::take(&mut self.open) {
            if call.server_pending {
                continue;
            }
            let result = results.iter().find(|r| r.tool_call_id == call.tool_call_id);
            let outcome = match result {
                Some(r) => r.outcome.clone(),
                None => Err("error: the tool gave no result".into()),
            };
            if let Err(message) = &outcome {
                if !self.opts.continue_on_tool_error {
                    let kind = RunErrorKind::ToolFailed {
                        tool_call_id: call.tool_call_id.clone(),
                        tool: call.name.clone(),
                        message: message.clone(),
                    };
                    return self.fail(kind);
                }
            }
            self.answered.push(CallResult { tool_call_id: call.tool_call_id, outcome });
        }
        self.append()
    }

    /// The append that answers every call of the turn.
    fn append(&mut self) -> Step {
        let Some(conversation_id) = self.result.conversation_id.clone() else {
            return self.fail(RunErrorKind::Protocol { detail: "the response named no conversation_id".into() });
        };
        let mut answered = std::mem::take(&mut self.answered);
        answered.sort_by_key(|r| self.order.iter().position(|id| *id == r.tool_call_id).unwrap_or(usize::MAX));
        let mut inputs = Vec::new();
        for r in answered {
            let text = match r.outcome {
                Ok(t) | Err(t) => t,
            };
            let e = entry(
                "function.result",
                vec![("tool_call_id", Value::String(r.tool_call_id)), ("result", Value::String(text))],
            );
            self.result.entries.push(e.clone());
            inputs.push(e);
        }
        let mut body = JsonObject::new();
        body.insert("inputs".into(), Value::Array(inputs));
        let confirmations = std::mem::take(&mut self.confirmations);
        if !confirmations.is_empty() {
            let list = confirmations
                .into_iter()
                .map(|d| {
                    let verdict = if d.allow { "allow" } else { "deny" };
                    serde_json::json!({ "tool_call_id": d.tool_call_id, "confirmation": verdict })
                })
                .collect();
            body.insert("tool_confirmations".into(), Value::Array(list));
        }
        self.shared_members(&mut body);
        self.phase = Phase::Waiting;
        Step::Send { endpoint: Endpoint::Append { conversation_id }, body }
    }

    /// A handoff the client executes: the conversation now belongs to the
    /// next agent, which answers an append that adds nothing.
    fn follow_handoff(&mut self) -> Step {
        if self.result.turns >= self.opts.max_turns {
            return self.fail(RunErrorKind::MaxTurns { max_turns: self.opts.max_turns });
        }
        self.phase = Phase::Calls;
        self.open.clear();
        self.order.clear();
        self.append()
    }

    /// The model answered without calls: the run is over.
    fn finish(&mut self) -> Step {
        if let Some(schema) = self.opts.output_schema.clone() {
            match check_output(&schema, &self.result.output_text) {
                Ok(value) => self.result.output = Some(value),
                Err(problem) => return self.fail(RunErrorKind::Output { problem }),
            }
        }
        self.phase = Phase::Over;
        Step::Done(Box::new(self.result.clone()))
    }
}

/// A call's arguments: a JSON object, or its text.
fn parse_arguments(arguments: Option<&Value>) -> Result<Value, String> {
    match arguments {
        Some(Value::Object(o)) => Ok(Value::Object(o.clone())),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Value::Object(JsonObject::new())),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => Ok(v),
            Ok(_) => Err("are JSON but not an object".into()),
            Err(e) => Err(format!("are not valid JSON ({e})")),
        },
        None | Some(Value::Null) => Ok(Value::Object(JsonObject::new())),
        Some(_) => Err("are neither an object nor JSON text".into()),
    }
}
