//! The tools of a run: local functions and MCP tools (executed here, shown
//! to the model as function tools under unique names) and server-side tools
//! (web search, code interpreter, ...: passed through untouched).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::names;
use crate::models::common::JsonObject;

/// Where a tool runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToolSource {
    /// A function of the app.
    Local,
    /// A tool of the `server`-th MCP client, labelled `label`.
    Mcp { server: usize, label: String },
}

/// A tool the run executes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunTool {
    /// Its own name (the function's, the MCP tool's).
    pub name: String,
    pub source: ToolSource,
    pub description: Option<String>,
    /// The JSON Schema of its arguments (an object schema).
    pub parameters: Value,
    pub strict: Option<bool>,
    /// Calls wait for the app's confirmation before running.
    pub requires_confirmation: bool,
}

/// How a name the model sees maps back to a tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolName {
    /// The name the model sees and calls.
    pub name: String,
    /// The tool's own name.
    pub original: String,
    pub source: ToolSource,
}

/// The executable tools under their model-facing names, and the server-side
/// tools to pass on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolSet {
    tools: Vec<(String, RunTool)>,
    passthrough: Vec<Value>,
}

impl ToolSet {
    pub fn new(tools: Vec<RunTool>, passthrough: Vec<Value>) -> ToolSet {
        let wanted: Vec<(&str, Option<&str>)> = tools
            .iter()
            .map(|t| {
                let group = match &t.source {
                    ToolSource::Mcp { label, .. } => Some(label.as_str()),
                    ToolSource::Local => None,
                };
                (t.name.as_str(), group)
            })
            .collect();
        let wire = names::assign(&wanted);
        ToolSet { tools: wire.into_iter().zip(tools).collect(), passthrough }
    }

    /// The `tools` of the conversation request.
    pub fn wire_tools(&self) -> Vec<Value> {
        let mut out = self.passthrough.clone();
        out.extend(self.wire_tools_of_run());
        out
    }

    /// Whether server-side tools are passed on.
    pub fn has_passthrough(&self) -> bool {
        !self.passthrough.is_empty()
    }

    /// Whether the run executes any tool itself.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// The function tools the run executes, as the model sees them.
    pub fn wire_tools_of_run(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for (name, tool) in &self.tools {
            let mut function = JsonObject::new();
            function.insert("name".into(), Value::String(name.clone()));
            if let Some(d) = &tool.description {
                function.insert("description".into(), Value::String(d.clone()));
            }
            function.insert("parameters".into(), tool.parameters.clone());
            if let Some(strict) = tool.strict {
                function.insert("strict".into(), Value::Bool(strict));
            }
            let mut entry = JsonObject::new();
            entry.insert("type".into(), Value::String("function".into()));
            entry.insert("function".into(), Value::Object(function));
            out.push(Value::Object(entry));
        }
        out
    }

    /// The tool the model calls `name`, and its index.
    pub fn find(&self, name: &str) -> Option<(usize, &RunTool)> {
        self.tools.iter().enumerate().find(|(_, (n, _))| n == name).map(|(i, (_, t))| (i, t))
    }

    pub fn get(&self, index: usize) -> Option<&RunTool> {
        self.tools.get(index).map(|(_, t)| t)
    }

    /// Every renaming, for the result (`tool_names`).
    pub fn names(&self) -> Vec<ToolName> {
        self.tools
            .iter()
            .map(|(name, t)| ToolName { name: name.clone(), original: t.name.clone(), source: t.source.clone() })
            .collect()
    }
}
