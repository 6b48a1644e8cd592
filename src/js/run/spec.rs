//! Reading `client.run(options)`: the conversation request members (wire
//! names, as `conversations.start` takes them), the run's own options
//! (camelCase) and the tools, each a local function, an MCP client, the
//! MCP guide's `{ type: "mcp", config }`, or a server-side tool passed on.

use js_sys::{Array, Function, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::Error;
use crate::js::convert::js_to_json;
use crate::models::common::JsonObject;
use crate::run::{start_only_member, RunOptions, RunTool, ToolSource, DEFAULT_MAX_TURNS};

/// How a tool is executed.
#[derive(Clone)]
pub enum Exec {
    Local(Function),
    /// An object with `callTool(name, args, opts)` (an `McpClient`).
    Mcp {
        client: JsValue,
        name: String,
    },
}

/// Everything `run()` was given.
pub struct RunSpec {
    pub request: JsonObject,
    pub opts: RunOptions,
    pub signal: Option<web_sys::AbortSignal>,
    pub on_confirm: Option<Function>,
    pub max_concurrency: usize,
    pub tool_timeout_ms: u64,
    /// `result.pending` of an earlier run, and the app's decisions.
    pub resume: Option<Value>,
    pub confirmations: Vec<crate::run::Decision>,
    tools: JsValue,
}

/// Conversation request members a run passes on.
const REQUEST_MEMBERS: [&str; 13] = [
    "inputs",
    "conversation_id",
    "model",
    "agent_id",
    "agent_version",
    "instructions",
    "completion_args",
    "store",
    "handoff_execution",
    "name",
    "description",
    "metadata",
    "guardrails",
];

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn positive(object: &JsValue, key: &str, default: u64) -> Result<u64, Error> {
    match get(object, key) {
        v if absent(&v) => Ok(default),
        v => match v.as_f64() {
            Some(n) if n.is_finite() && n >= 1.0 && n.fract() == 0.0 => Ok(n as u64),
            _ => Err(Error::invalid(key, "a positive whole number")),
        },
    }
}

fn function(object: &JsValue, key: &str, field: &str) -> Result<Option<Function>, Error> {
    match get(object, key) {
        v if absent(&v) => Ok(None),
        v => v.dyn_into::<Function>().map(Some).map_err(|_| Error::invalid(field, "a function")),
    }
}

impl RunSpec {
    pub fn read(options: &JsValue) -> Result<RunSpec, Error> {
        if !options.is_object() {
            return Err(Error::invalid("options", "an object with `inputs` and `model` or `agent_id`"));
        }
        let mut request = JsonObject::new();
        for key in REQUEST_MEMBERS {
            let v = get(options, key);
            if absent(&v) {
                continue;
            }
            let json = js_to_json(&v).ok_or_else(|| Error::invalid(key, "JSON data"))?;
            request.insert(key.into(), json);
        }
        let resume = match get(options, "resume") {
            v if absent(&v) => None,
            v => Some(js_to_json(&v).ok_or_else(|| Error::invalid("resume", "the `pending` of an earlier run"))?),
        };
        if resume.is_none() {
            if !request.contains_key("inputs") {
                return Err(Error::invalid("inputs", "a string or an array of entries"));
            }
            if !["model", "agent_id", "conversation_id"].iter().any(|k| request.contains_key(*k)) {
                return Err(Error::invalid(
                    "model",
                    "a model name, an `agent_id`, or the `conversation_id` to continue",
                ));
            }
            if let Some(member) = start_only_member(&request) {
                return Err(Error::invalid(
                    member,
                    "absent beside `conversation_id` (a continued conversation keeps its model, agent and tools)",
                ));
            }
            if request.get("conversation_id").is_some_and(|id| !id.is_string()) {
                return Err(Error::invalid("conversation_id", "a string"));
            }
        }
        let output_schema = match get(options, "outputSchema") {
            v if absent(&v) => None,
            v => match js_to_json(&v) {
                Some(schema) if schema.is_object() => {
                    crate::json_schema::check_schema(&schema).map_err(|e| Error::invalid("outputSchema", e))?;
                    Some(schema)
                }
                _ => return Err(Error::invalid("outputSchema", "a JSON Schema object")),
            },
        };
        let signal = match get(options, "signal") {
            v if absent(&v) => None,
            v => Some(v.dyn_into().map_err(|_| Error::invalid("signal", "an AbortSignal"))?),
        };
        let confirmations = match get(options, "confirmations") {
            v if absent(&v) => Vec::new(),
            v => serde_json::from_value(js_to_json(&v).unwrap_or(Value::Null))
                .map_err(|_| Error::invalid("confirmations", "an array of { tool_call_id, allow }"))?,
        };
        Ok(RunSpec {
            request,
            opts: RunOptions {
                max_turns: positive(options, "maxTurns", u64::from(DEFAULT_MAX_TURNS))?.min(u64::from(u32::MAX)) as u32,
                continue_on_tool_error: get(options, "continueOnToolError").as_bool().unwrap_or(false),
                output_schema,
            },
            signal,
            on_confirm: function(options, "onConfirm", "onConfirm")?,
            max_concurrency: positive(options, "maxConcurrency", 4)? as usize,
            tool_timeout_ms: positive(options, "toolTimeoutMs", 60_000)?,
            resume,
            confirmations,
            tools: get(options, "tools"),
        })
    }

    /// The tools as the run sees them, how to execute each, and the
    /// server-side ones to pass on. MCP clients are asked for their tools.
    pub async fn tools(&self) -> Result<(Vec<RunTool>, Vec<Exec>, Vec<Value>), JsValue> {
        let mut tools = Vec::new();
        let mut execs = Vec::new();
        let mut passthrough = Vec::new();
        if absent(&self.tools) {
            return Ok((tools, execs, passthrough));
        }
        if !Array::is_array(&self.tools) {
            return Err(invalid("tools", "an array"));
        }
        let mut servers = 0usize;
        for (i, item) in Array::from(&self.tools).iter().enumerate() {
            let field = format!("tools[{i}]");
            if is_mcp_client(&item) {
                add_mcp(&item, &JsValue::UNDEFINED, servers, &mut tools, &mut execs).await?;
                servers += 1;
                continue;
            }
            let kind = get(&item, "type").as_string();
            let client = get(&item, "mcp");
            if is_mcp_client(&client) {
                add_mcp(&client, &item, servers, &mut tools, &mut execs).await?;
                servers += 1;
                continue;
            }
            match kind.as_deref() {
                Some("function") => {
                    let execute = function(&item, "execute", &format!("{field}.execute"))
                        .map_err(crate::js::convert::to_js_error)?
                        .ok_or_else(|| invalid(&format!("{field}.execute"), "a function that runs the tool"))?;
                    let f = get(&item, "function");
                    let name = get(&f, "name")
                        .as_string()
                        .ok_or_else(|| invalid(&format!("{field}.function.name"), "a string"))?;
                    let parameters = match js_to_json(&get(&f, "parameters")) {
                        Some(p @ Value::Object(_)) => p,
                        None | Some(Value::Null) => {
                            serde_json::json!({ "type": "object", "properties": {} })
                        }
                        Some(_) => {
                            return Err(invalid(&format!("{field}.function.parameters"), "a JSON Schema object"))
                        }
                    };
                    tools.push(RunTool {
                        name,
                        source: ToolSource::Local,
                        description: get(&f, "description").as_string(),
                        parameters,
                        strict: get(&f, "strict").as_bool(),
                        requires_confirmation: get(&item, "requiresConfirmation").as_bool().unwrap_or(false),
                    });
                    execs.push(Exec::Local(execute));
                }
                Some("mcp") => {
                    let client = mcp_from_config(&get(&item, "config"), &field)?;
                    add_mcp(&client, &item, servers, &mut tools, &mut execs).await?;
                    servers += 1;
                }
                Some(_) => passthrough.push(js_to_json(&item).ok_or_else(|| invalid(&field, "JSON data"))?),
                None => {
                    return Err(invalid(&field, "a tool: { type, ... }, an McpClient, or { mcp, include, exclude }"))
                }
            }
        }
        Ok((tools, execs, passthrough))
    }
}

fn invalid(field: &str, expected: &str) -> JsValue {
    crate::js::convert::to_js_error(Error::invalid(field, expected))
}

fn is_mcp_client(v: &JsValue) -> bool {
    v.is_object() && get(v, "listTools").is_function() && get(v, "callTool").is_function()
}

/// The MCP guide's `{ server_url, auth: { type: "bearer", token } | { type:
/// "api_key", key, header }, timeout }` as an `McpClient`.
fn mcp_from_config(config: &JsValue, field: &str) -> Result<JsValue, JsValue> {
    let url = get(config, "server_url");
    if url.as_string().is_none() {
        return Err(invalid(&format!("{field}.config.server_url"), "a string"));
    }
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"url".into(), &url);
    let auth = get(config, "auth");
    if !absent(&auth) {
        let _ = Reflect::set(&options, &"auth".into(), &auth);
    }
    let timeout = get(config, "timeout");
    if let Some(seconds) = timeout.as_f64().filter(|s| s.is_finite() && *s > 0.0) {
        let _ = Reflect::set(&options, &"timeoutMs".into(), &JsValue::from((seconds * 1000.0).round()));
    }
    crate::js::mcp::JsMcpClient::new(options.into()).map(JsValue::from)
}

/// Lists a client's tools and keeps those `include`/`exclude` allow.
async fn add_mcp(
    client: &JsValue,
    filter: &JsValue,
    server: usize,
    tools: &mut Vec<RunTool>,
    execs: &mut Vec<Exec>,
) -> Result<(), JsValue> {
    let names = |key: &str| -> Option<Vec<String>> {
        let v = get(filter, key);
        Array::is_array(&v).then(|| Array::from(&v).iter().filter_map(|n| n.as_string()).collect())
    };
    let (include, exclude) = (names("include"), names("exclude"));
    let list: Function = get(client, "listTools").unchecked_into();
    let listed = JsFuture::from(js_sys::Promise::resolve(&list.call0(client)?)).await?;
    let label = get(&get(client, "serverInfo"), "name").as_string().unwrap_or_else(|| format!("mcp{server}"));
    let items = get(&listed, "tools");
    for tool in Array::from(&items).iter() {
        let Some(name) = get(&tool, "name").as_string() else {
            continue;
        };
        if include.as_ref().is_some_and(|inc| !inc.contains(&name))
            || exclude.as_ref().is_some_and(|exc| exc.contains(&name))
        {
            continue;
        }
        let parameters = match js_to_json(&get(&tool, "inputSchema")) {
            Some(p @ Value::Object(_)) => p,
            _ => serde_json::json!({ "type": "object" }),
        };
        tools.push(RunTool {
            name: name.clone(),
            source: ToolSource::Mcp { server, label: label.clone() },
            description: get(&tool, "description").as_string(),
            parameters,
            strict: None,
            requires_confirmation: false,
        });
        execs.push(Exec::Mcp { client: client.clone(), name });
    }
    Ok(())
}
