//! What a run gives back, and how it fails.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::tools::ToolName;
use crate::models::common::JsonObject;

/// The outcome of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub conversation_id: Option<String>,
    /// Every entry of the run in order: the inputs, the model's outputs,
    /// the `function.result`s sent.
    pub entries: Vec<Value>,
    /// The text of the last message the model produced.
    pub output_text: String,
    /// The parsed and checked answer of a structured run.
    pub output: Option<Value>,
    /// Token counts summed over the turns.
    pub usage: JsonObject,
    /// Model answers received.
    pub turns: u32,
    /// The names the model saw and the tools behind them.
    pub tool_names: Vec<ToolName>,
    /// Agent mode with the run's tools: the agent version made for them
    /// (the agent's current version is left as it was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum RunErrorKind {
    /// The model still called tools when the turn limit was reached.
    MaxTurns { max_turns: u32 },
    /// A tool failed and `continue_on_tool_error` is off.
    ToolFailed { tool_call_id: String, tool: String, message: String },
    /// The final answer is not JSON matching the output schema.
    Output { problem: String },
    /// The exchange went out of order (a response without outputs, ...).
    Protocol { detail: String },
}

/// A run that stopped early, with what it had gathered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunError {
    pub kind: RunErrorKind,
    pub partial: RunResult,
}

impl fmt::Display for RunErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MaxTurns { max_turns } => write!(f, "the model still calls tools after {max_turns} turns (maxTurns)"),
            Self::ToolFailed { tool, message, .. } => write!(f, "tool `{tool}` failed: {message}"),
            Self::Output { problem } => write!(f, "the final answer does not match the output schema: {problem}"),
            Self::Protocol { detail } => write!(f, "run out of order: {detail}"),
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

/// Adds the numeric members of `usage` to `total`.
pub(crate) fn add_usage(total: &mut JsonObject, usage: &Value) {
    let Some(usage) = usage.as_object() else {
        return;
    };
    for (k, v) in usage {
        let Some(n) = v.as_u64() else { continue };
        let sum = total.get(k).and_then(Value::as_u64).unwrap_or(0).saturating_add(n);
        total.insert(k.clone(), Value::from(sum));
    }
}

/// The text of a message's content: a string, or the `text` of its chunks.
pub(crate) fn message_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(chunks)) => {
            chunks.iter().filter_map(|c| c.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join("")
        }
        _ => String::new(),
    }
}
