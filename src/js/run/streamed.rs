//! `client.runStream(options)`: the run as one stream of events. Each turn
//! is a streamed conversation call whose events pass through as received
//! (and are assembled into the turn's response for the loop); local calls
//! add `function.result` events; the last event is `run.done` with the
//! result. Breaking out of `for await` aborts the turn and the tools.

use std::collections::VecDeque;
use std::rc::Rc;

use futures_util::stream::{self, StreamExt};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::spec::{Exec, RunSpec};
use super::{execute, result_value, run_error, start};
use crate::api::{conversations, request_from_json, WithData};
use crate::client::Mistral;
use crate::error::{Error, Thrown};
use crate::http::{CallOptions, EventStream};
use crate::js::client::JsMistral;
use crate::js::convert::{stream_error, to_js_error};
use crate::js::stream::{abortable, event_stream, Item, StreamSource};
use crate::models::{ConversationEvent, ResponseAssembler};
use crate::run::{Endpoint, Run, Step};

struct Driver {
    client: Rc<Mistral>,
    spec: RunSpec,
    execs: Vec<Exec>,
    run: Run,
    step: Option<Step>,
    opts: CallOptions,
    turn: Option<(EventStream<WithData<ConversationEvent>>, ResponseAssembler)>,
    queue: VecDeque<Item>,
    done: bool,
}

fn synthetic(value: Value) -> Result<Item, Error> {
    Ok((value.to_string(), None))
}

impl Driver {
    /// Moves the run on until it has events to hand out or is over.
    async fn advance(&mut self) -> Result<(), Error> {
        if let Some((events, assembler)) = self.turn.as_mut() {
            match events.next().await {
                Some(event) => {
                    let raw = event?;
                    assembler.push(&raw.value);
                    self.queue.push_back((raw.data, Some(raw.value)));
                }
                None => {
                    let Some((_, assembler)) = self.turn.take() else {
                        return Ok(());
                    };
                    // A stream that ends before its last event (a cut the transport hid), or
                    // reports a failure in-band, is a broken stream, as in `finalResponse()`.
                    let response =
                        assembler.finish().map_err(|e| Error::Thrown(Thrown(stream_error(&e.to_string()))))?;
                    let response =
                        serde_json::to_value(&response).map_err(|e| Error::invalid("stream", e.to_string()))?;
                    self.step = Some(self.run.on_response(&response));
                }
            }
            return Ok(());
        }
        let Some(step) = self.step.take() else {
            self.done = true;
            return Ok(());
        };
        match step {
            Step::Send { endpoint, mut body } => {
                if !matches!(endpoint, Endpoint::Start | Endpoint::Append { .. }) {
                    // The agent-mode steps are plain calls.
                    let response = super::send(&self.client, endpoint, body, self.opts.clone())
                        .await
                        .map_err(|e| Error::Thrown(Thrown(e)))?;
                    self.step = Some(self.run.on_response(&response));
                    return Ok(());
                }
                body.insert("stream".into(), Value::Bool(true));
                let text = Value::Object(body).to_string();
                let cfg = self.client.api_config();
                let call = match &endpoint {
                    Endpoint::Append { conversation_id } => request_from_json("body", &text)
                        .and_then(|req| conversations::append_stream(cfg, conversation_id, &req)),
                    _ => request_from_json("body", &text).and_then(|req| conversations::start_stream(cfg, &req)),
                };
                let events = self.client.stream(call.map(|c| c.events_with_data()), self.opts.clone()).await?;
                self.turn = Some((events, ResponseAssembler::new()));
            }
            Step::Execute(calls) => {
                let results =
                    execute(&self.run, &self.execs, calls, &self.spec).await.map_err(|e| Error::Thrown(Thrown(e)))?;
                for r in &results {
                    let (text, is_error) = match &r.outcome {
                        Ok(t) => (t, false),
                        Err(t) => (t, true),
                    };
                    let event = serde_json::json!({
                        "type": "function.result", "tool_call_id": r.tool_call_id, "result": text, "is_error": is_error,
                    });
                    self.queue.push_back(synthetic(event)?);
                }
                self.step = Some(self.run.on_results(results));
            }
            Step::Confirm(calls) => match &self.spec.on_confirm {
                Some(f) => {
                    let decisions = super::confirm(f, &calls).await.map_err(|e| Error::Thrown(Thrown(e)))?;
                    self.step = Some(self.run.on_decisions(&decisions));
                }
                None => {
                    let result = super::pending_value(&self.run, &calls);
                    self.queue.push_back(synthetic(serde_json::json!({ "type": "run.done", "result": result }))?);
                    self.done = true;
                }
            },
            Step::Done(result) => {
                let result = result_value(&result, None);
                self.queue.push_back(synthetic(serde_json::json!({ "type": "run.done", "result": result }))?);
                self.done = true;
            }
            Step::Failed(error) => return Err(Error::Thrown(Thrown(run_error(&error)))),
        }
        Ok(())
    }
}

#[wasm_bindgen(js_class = Mistral)]
impl JsMistral {
    /// The run as an async iterable of events (see the module docs).
    #[wasm_bindgen(js_name = runStream)]
    pub fn run_stream(&self, options: JsValue) -> js_sys::Promise {
        let client = self.client();
        future_to_promise(async move {
            let mut spec = RunSpec::read(&options).map_err(to_js_error)?;
            let mut opts = CallOptions { signal: spec.signal.clone(), ..CallOptions::default() };
            let controller = abortable(&mut opts);
            // Tools stop with the stream too.
            spec.signal = opts.signal.clone();
            let (run, step, execs) = start(&spec).await?;
            let driver = Driver {
                client,
                spec,
                execs,
                run,
                step: Some(step),
                opts,
                turn: None,
                queue: VecDeque::new(),
                done: false,
            };
            let items = stream::unfold(driver, |mut d| async move {
                loop {
                    if let Some(item) = d.queue.pop_front() {
                        return Some((Ok(item), d));
                    }
                    if d.done {
                        return None;
                    }
                    if let Err(e) = d.advance().await {
                        d.done = true;
                        d.queue.clear();
                        return Some((Err(e), d));
                    }
                }
            });
            Ok(event_stream(StreamSource::new(items.map(|i| vec![i]).boxed_local(), false, controller)))
        })
    }
}
