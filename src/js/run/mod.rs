//! `client.run(options)`: the run loop of [`crate::run`] driven over the
//! client's conversations calls, with the app's functions and MCP tools
//! executed here (concurrently, each with a timeout and the run's signal).

mod spec;
mod streamed;

use std::rc::Rc;

use futures_util::stream::{self, StreamExt};
use js_sys::{Function, Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use self::spec::{Exec, RunSpec};
use super::client::JsMistral;
use super::convert::{json_to_js_value, make_error, to_js_error};
use crate::client::Mistral;
use crate::error::Error;
use crate::http::CallOptions;
use crate::run::{CallResult, Decision, Endpoint, PlannedCall, Run, RunError, RunResult, Step, ToolSet};

#[wasm_bindgen(module = "/src/js/run/exec.js")]
extern "C" {
    #[wasm_bindgen(js_name = runTool)]
    fn run_tool(
        kind: &str,
        target: &JsValue,
        name: &str,
        args: &JsValue,
        context: &JsValue,
        timeout_ms: f64,
        signal: &JsValue,
    ) -> Promise;
}

#[wasm_bindgen(js_class = Mistral)]
impl JsMistral {
    /// Runs the model with tools until it answers without calls; resolves
    /// to the `RunResult`, or (calls waiting for confirmation and no
    /// `onConfirm`) to a result with `pending`, handed back with
    /// `confirmations` as `resume`.
    pub fn run(&self, options: JsValue) -> Promise {
        let client = self.client();
        future_to_promise(async move {
            let spec = RunSpec::read(&options).map_err(to_js_error)?;
            drive(&client, spec).await
        })
    }
}

/// The run to drive and its first step: a fresh start, or a resumed run
/// with the app's decisions applied.
async fn start(spec: &RunSpec) -> Result<(Run, Step, Vec<Exec>), JsValue> {
    let (tools, execs, passthrough) = spec.tools().await?;
    let toolset = ToolSet::new(tools, passthrough);
    match &spec.resume {
        Some(pending) => {
            let state = pending.get("state").cloned().unwrap_or(Value::Null);
            let mut run: Run = serde_json::from_value(state)
                .map_err(|e| to_js_error(Error::invalid("resume", format!("the `pending` of an earlier run ({e})"))))?;
            if run.tools().names() != toolset.names() {
                return Err(to_js_error(Error::invalid("tools", "the same tools as the run being resumed")));
            }
            let step = run.on_decisions(&spec.confirmations);
            Ok((run, step, execs))
        }
        None => {
            let mut run = Run::new(spec.request.clone(), toolset, spec.opts.clone());
            let step = run.start();
            Ok((run, step, execs))
        }
    }
}

async fn drive(client: &Rc<Mistral>, spec: RunSpec) -> Result<JsValue, JsValue> {
    let (mut run, mut step, execs) = start(&spec).await?;
    let opts = CallOptions { signal: spec.signal.clone(), ..CallOptions::default() };
    loop {
        step = match step {
            Step::Send { endpoint, body } => {
                let response = send(client, endpoint, body, opts.clone()).await?;
                run.on_response(&response)
            }
            Step::Execute(calls) => {
                let results = execute(&run, &execs, calls, &spec).await?;
                run.on_results(results)
            }
            Step::Confirm(calls) => match &spec.on_confirm {
                Some(f) => {
                    let decisions = confirm(f, &calls).await?;
                    run.on_decisions(&decisions)
                }
                None => return pending_result(&run, &calls),
            },
            Step::Done(result) => return result_to_js(&result, None),
            Step::Failed(error) => return Err(run_error(&error)),
        };
    }
}

/// Sends one request of the run (see [`Mistral::run_request`]).
pub(super) async fn send(
    client: &Rc<Mistral>,
    endpoint: Endpoint,
    body: crate::models::common::JsonObject,
    opts: CallOptions,
) -> Result<Value, JsValue> {
    client.run_request(&endpoint, body, opts).await.map_err(to_js_error)
}

/// Runs the calls, at most `max_concurrency` at a time, in call order.
pub(super) async fn execute(
    run: &Run,
    execs: &[Exec],
    calls: Vec<PlannedCall>,
    spec: &RunSpec,
) -> Result<Vec<CallResult>, JsValue> {
    let signal: JsValue = spec.signal.clone().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let conversation_id = run.partial().conversation_id.clone();
    let futures = calls.into_iter().map(|call| {
        let exec = call.tool.and_then(|i| execs.get(i)).cloned();
        let signal = signal.clone();
        let conversation_id = conversation_id.clone();
        async move {
            let args = json_to_js_value(&call.arguments).unwrap_or(JsValue::UNDEFINED);
            let ctx = Object::new();
            let _ = Reflect::set(&ctx, &"toolCallId".into(), &call.tool_call_id.as_str().into());
            let _ = Reflect::set(&ctx, &"name".into(), &call.name.as_str().into());
            if let Some(id) = &conversation_id {
                let _ = Reflect::set(&ctx, &"conversationId".into(), &id.as_str().into());
            }
            let promise = match &exec {
                Some(Exec::Local(f)) => {
                    run_tool("local", f, &call.name, &args, &ctx, spec.tool_timeout_ms as f64, &signal)
                }
                Some(Exec::Mcp { client, name }) => {
                    run_tool("mcp", client, name, &args, &ctx, spec.tool_timeout_ms as f64, &signal)
                }
                None => return (call.tool_call_id, Err("error: no executor for this tool".to_owned()), false),
            };
            let outcome = JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED);
            let ok = Reflect::get(&outcome, &"ok".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
            let text = Reflect::get(&outcome, &"text".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            let aborted = Reflect::get(&outcome, &"aborted".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
            (call.tool_call_id, if ok { Ok(text) } else { Err(text) }, aborted)
        }
    });
    let done: Vec<(String, Result<String, String>, bool)> =
        stream::iter(futures).buffered(spec.max_concurrency.max(1)).collect().await;
    if done.iter().any(|(_, _, aborted)| *aborted) || spec.signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(to_js_error(Error::Aborted));
    }
    Ok(done.into_iter().map(|(tool_call_id, outcome, _)| CallResult { tool_call_id, outcome }).collect())
}

/// Asks `onConfirm(call)` about each call; `true` allows it.
pub(super) async fn confirm(f: &Function, calls: &[PlannedCall]) -> Result<Vec<Decision>, JsValue> {
    let mut decisions = Vec::with_capacity(calls.len());
    for call in calls {
        let arg = json_to_js_value(&serde_json::json!({
            "tool_call_id": call.tool_call_id,
            "name": call.name,
            "arguments": call.arguments,
            "server": call.server_pending,
        }))?;
        let answer = JsFuture::from(Promise::resolve(&f.call1(&JsValue::UNDEFINED, &arg)?)).await?;
        decisions.push(Decision { tool_call_id: call.tool_call_id.clone(), allow: answer.as_bool() == Some(true) });
    }
    Ok(decisions)
}

/// The result so far, with `pending`: the calls to decide on and the run's
/// state to resume from.
pub(super) fn pending_value(run: &Run, calls: &[PlannedCall]) -> Value {
    let pending = serde_json::json!({
        "calls": calls.iter().map(|c| serde_json::json!({
            "tool_call_id": c.tool_call_id, "name": c.name, "arguments": c.arguments, "server": c.server_pending,
        })).collect::<Vec<_>>(),
        "state": serde_json::to_value(run).unwrap_or(Value::Null),
    });
    result_value(run.partial(), Some(pending))
}

fn pending_result(run: &Run, calls: &[PlannedCall]) -> Result<JsValue, JsValue> {
    json_to_js_value(&pending_value(run, calls))
}

/// The result as JSON, with `pending` when the run waits for decisions.
pub(super) fn result_value(result: &RunResult, pending: Option<Value>) -> Value {
    let mut value = serde_json::to_value(result).unwrap_or(Value::Null);
    if let (Value::Object(map), Some(p)) = (&mut value, pending) {
        map.insert("pending".into(), p);
    }
    value
}

fn result_to_js(result: &RunResult, pending: Option<Value>) -> Result<JsValue, JsValue> {
    json_to_js_value(&result_value(result, pending))
}

pub(super) fn run_error(error: &RunError) -> JsValue {
    let details = serde_json::to_value(&error.kind).unwrap_or(Value::Null);
    let details = json_to_js_value(&details).unwrap_or_else(|_| Object::new().into());
    if let Ok(partial) = result_to_js(&error.partial, None) {
        let _ = Reflect::set(&details, &"partial".into(), &partial);
    }
    make_error("run", &error.to_string(), &details, &JsValue::UNDEFINED)
}
