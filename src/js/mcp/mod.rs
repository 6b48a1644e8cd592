//! `new McpClient(options)`: an MCP client for every HTTP era (2026-07-28
//! stateless, 2025 Streamable HTTP, 2024-11-05 HTTP+SSE), negotiated on
//! `connect()` and remembered per URL. Calls run concurrently; results are
//! the server's JSON; failures are `McpError` (with a `reason`) or the
//! fetch layer's classes.

mod config;
mod error;
mod handlers;

use js_sys::{Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use self::config::{mcp_config, optional_ms, optional_progress};
use self::error::{driver_error, mcp_error};
use super::convert::{from_js_or_default, json_to_js_value, string_arg, to_js_error};
use crate::error::Error;
use crate::http::mcp::{McpSession, ProgressHandler, RequestOptions, ServerSummary};
use crate::mcp::transport::negotiate::Era;
use crate::mcp::types::tools::Tool;
use crate::models::common::JsonObject;

#[wasm_bindgen(js_name = McpClient)]
pub struct JsMcpClient {
    session: McpSession,
    on_progress: Option<ProgressHandler>,
}

/// Per-call `{ signal, onProgress, timeoutMs }`.
fn request_options(client_progress: &Option<ProgressHandler>, opts: &JsValue) -> Result<RequestOptions, Error> {
    let mut out = RequestOptions { on_progress: client_progress.clone(), ..RequestOptions::default() };
    if opts.is_undefined() || opts.is_null() {
        return Ok(out);
    }
    if !opts.is_object() {
        return Err(Error::invalid("options", "an object"));
    }
    let signal = Reflect::get(opts, &"signal".into()).unwrap_or(JsValue::UNDEFINED);
    if !signal.is_undefined() && !signal.is_null() {
        out.signal = Some(signal.dyn_into().map_err(|_| Error::invalid("options.signal", "an AbortSignal"))?);
    }
    out.timeout_ms = optional_ms(opts, "timeoutMs", "options.timeoutMs")?;
    if let Some(p) = optional_progress(opts, "options.onProgress")? {
        out.on_progress = Some(p);
    }
    Ok(out)
}

fn object_to_js(object: JsonObject) -> Result<JsValue, JsValue> {
    json_to_js_value(&Value::Object(object))
}

fn params_of(pairs: Vec<(&str, Value)>) -> JsonObject {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn protocol_error(message: String) -> JsValue {
    mcp_error("protocol", &message, Object::new())
}

#[wasm_bindgen(js_class = McpClient)]
impl JsMcpClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsMcpClient, JsValue> {
        let cfg = mcp_config(&options).map_err(to_js_error)?;
        let on_progress = optional_progress(&options, "options.onProgress").map_err(to_js_error)?;
        Ok(JsMcpClient { session: McpSession::new(cfg), on_progress })
    }

    /// Negotiates the era and runs its handshake; resolves to `undefined`.
    /// Calling it again starts a new connection.
    pub fn connect(&self) -> Promise {
        let session = self.session.clone();
        future_to_promise(async move {
            session.connect().await.map_err(driver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Every tool, all pages: `{ tools }`. On a 2026-07-28 server, tools
    /// whose `x-mcp-header` declarations break the rules are left out.
    #[wasm_bindgen(js_name = listTools)]
    pub fn list_tools(&self, opts: JsValue) -> Promise {
        let session = self.session.clone();
        let ropts = request_options(&None, &opts);
        future_to_promise(async move {
            let ropts = ropts.map_err(to_js_error)?;
            let items = list_all(&session, "tools/list", "tools", &ropts).await?;
            let mut tools = Vec::with_capacity(items.len());
            let mut typed = Vec::with_capacity(items.len());
            for item in items {
                match serde_json::from_value::<Tool>(item.clone()) {
                    Ok(tool) => {
                        typed.push(tool);
                        tools.push(item);
                    }
                    Err(e) => return Err(protocol_error(format!("tools/list: a tool that is not a Tool: {e}"))),
                }
            }
            let rejected = session.learn_tools(&typed);
            tools.retain(|t| !rejected.iter().any(|r| t.get("name").and_then(Value::as_str) == Some(r)));
            object_to_js(params_of(vec![("tools", Value::Array(tools))]))
        })
    }

    #[wasm_bindgen(js_name = listResources)]
    pub fn list_resources(&self, opts: JsValue) -> Promise {
        self.list("resources/list", "resources", opts)
    }

    #[wasm_bindgen(js_name = listResourceTemplates)]
    pub fn list_resource_templates(&self, opts: JsValue) -> Promise {
        self.list("resources/templates/list", "resourceTemplates", opts)
    }

    #[wasm_bindgen(js_name = listPrompts)]
    pub fn list_prompts(&self, opts: JsValue) -> Promise {
        self.list("prompts/list", "prompts", opts)
    }

    /// A tool's `CallToolResult`; a tool failure is `isError: true` in it.
    /// `structuredContent` is checked against the tool's `outputSchema`
    /// (known once `listTools()` ran).
    #[wasm_bindgen(js_name = callTool)]
    pub fn call_tool(&self, name: JsValue, args: JsValue, opts: JsValue) -> Promise {
        let session = self.session.clone();
        let prepared = named_params(&name, args)
            .and_then(|p| Ok((p, string_arg("name", &name)?, request_options(&self.on_progress, &opts)?)));
        future_to_promise(async move {
            let (params, name, ropts) = prepared.map_err(to_js_error)?;
            let result = session.request("tools/call", params, &ropts).await.map_err(driver_error)?;
            check_output(&session, &name, &result)?;
            object_to_js(result)
        })
    }

    #[wasm_bindgen(js_name = readResource)]
    pub fn read_resource(&self, uri: JsValue, opts: JsValue) -> Promise {
        let params = string_arg("uri", &uri).map(|uri| params_of(vec![("uri", Value::String(uri))]));
        self.call("resources/read", params, opts)
    }

    /// `notifications/resources/updated` for `uri` go to `onNotification`.
    #[wasm_bindgen(js_name = subscribeResource)]
    pub fn subscribe_resource(&self, uri: JsValue, opts: JsValue) -> Promise {
        self.subscription(uri, true, opts)
    }

    #[wasm_bindgen(js_name = unsubscribeResource)]
    pub fn unsubscribe_resource(&self, uri: JsValue, opts: JsValue) -> Promise {
        self.subscription(uri, false, opts)
    }

    #[wasm_bindgen(js_name = getPrompt)]
    pub fn get_prompt(&self, name: JsValue, args: JsValue, opts: JsValue) -> Promise {
        self.call("prompts/get", named_params(&name, args), opts)
    }

    /// Argument completion: `ref` is `{ type: "ref/prompt", name }` or
    /// `{ type: "ref/resource", uri }`, `argument` is `{ name, value }`.
    pub fn complete(&self, reference: JsValue, argument: JsValue, context: JsValue, opts: JsValue) -> Promise {
        let params = (|| {
            let reference: JsonObject = from_js_or_default("ref", Some(reference))?;
            if !matches!(reference.get("type").and_then(Value::as_str), Some("ref/prompt" | "ref/resource")) {
                return Err(Error::invalid("ref.type", "\"ref/prompt\" or \"ref/resource\""));
            }
            let argument: JsonObject = from_js_or_default("argument", Some(argument))?;
            if !argument.get("name").is_some_and(Value::is_string)
                || !argument.get("value").is_some_and(Value::is_string)
            {
                return Err(Error::invalid("argument", "{ name: string, value: string }"));
            }
            let mut params = params_of(vec![("ref", Value::Object(reference)), ("argument", Value::Object(argument))]);
            let context: JsonObject = from_js_or_default("context", Some(context))?;
            if !context.is_empty() {
                params.insert("context".into(), Value::Object(context));
            }
            Ok(params)
        })();
        self.call("completion/complete", params, opts)
    }

    /// The level of log messages the server sends (`onNotification`).
    #[wasm_bindgen(js_name = setLoggingLevel)]
    pub fn set_logging_level(&self, level: JsValue, opts: JsValue) -> Promise {
        const LEVELS: [&str; 8] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
        let session = self.session.clone();
        let level = level.as_string().filter(|l| LEVELS.contains(&l.as_str()));
        let ropts = request_options(&None, &opts);
        future_to_promise(async move {
            let level = level.ok_or_else(|| to_js_error(Error::invalid("level", LEVELS.join(" | "))))?;
            let ropts = ropts.map_err(to_js_error)?;
            session.set_log_level(&level, &ropts).await.map_err(driver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Checks the server is there (2026-07-28 has no `ping`: a
    /// `server/discover` stands in).
    pub fn ping(&self, opts: JsValue) -> Promise {
        let session = self.session.clone();
        let ropts = request_options(&None, &opts);
        future_to_promise(async move {
            let ropts = ropts.map_err(to_js_error)?;
            let method = match session.summary().map(|s| s.era) {
                Some(Era::Stateless) => "server/discover",
                _ => "ping",
            };
            session.request(method, JsonObject::new(), &ropts).await.map_err(driver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Completes an authorization whose `onAuthorize` returned nothing (the
    /// page went to the authorization server): `callbackUrl` is the URL
    /// the browser came back to. Works in a new page too, given the same
    /// `storage`. Resolves to `undefined`; the next call is authorized.
    #[wasm_bindgen(js_name = finishAuth)]
    pub fn finish_auth(&self, callback_url: JsValue) -> Promise {
        let session = self.session.clone();
        let url = string_arg("callbackUrl", &callback_url);
        future_to_promise(async move {
            let url = url.map_err(to_js_error)?;
            session.finish_auth(&url).await.map_err(driver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Ends the connection (DELETE of the session); resolves to `undefined`.
    pub fn close(&self) -> Promise {
        let session = self.session.clone();
        future_to_promise(async move {
            session.close().await;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `"stateless"`, `"streamable"` or `"sse"`, once connected.
    #[wasm_bindgen(getter)]
    pub fn era(&self) -> Option<String> {
        self.summary().map(|s| {
            match s.era {
                Era::Stateless => "stateless",
                Era::Streamable => "streamable",
                Era::LegacySse => "sse",
            }
            .to_owned()
        })
    }

    #[wasm_bindgen(getter, js_name = protocolVersion)]
    pub fn protocol_version(&self) -> Option<String> {
        self.summary().map(|s| s.protocol_version)
    }

    /// The server's `Implementation` (`name`, `version`, ...), once connected.
    #[wasm_bindgen(getter, js_name = serverInfo)]
    pub fn server_info(&self) -> JsValue {
        self.summary().and_then(|s| s.server_info).and_then(|i| crate::js::convert::to_js(&i).ok()).unwrap_or_default()
    }

    #[wasm_bindgen(getter)]
    pub fn capabilities(&self) -> JsValue {
        self.summary().and_then(|s| crate::js::convert::to_js(&s.capabilities).ok()).unwrap_or_default()
    }

    #[wasm_bindgen(getter)]
    pub fn instructions(&self) -> Option<String> {
        self.summary().and_then(|s| s.instructions)
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn describe(&self) -> String {
        "McpClient {}".to_owned()
    }
}

impl JsMcpClient {
    fn subscription(&self, uri: JsValue, subscribed: bool, opts: JsValue) -> Promise {
        let session = self.session.clone();
        let prepared = string_arg("uri", &uri).and_then(|u| Ok((u, request_options(&None, &opts)?)));
        future_to_promise(async move {
            let (uri, ropts) = prepared.map_err(to_js_error)?;
            session.set_subscription(&uri, subscribed, &ropts).await.map_err(driver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    fn summary(&self) -> Option<ServerSummary> {
        self.session.summary()
    }

    fn call(&self, method: &'static str, params: Result<JsonObject, Error>, opts: JsValue) -> Promise {
        let session = self.session.clone();
        let prepared = params.and_then(|p| Ok((p, request_options(&self.on_progress, &opts)?)));
        future_to_promise(async move {
            let (params, ropts) = prepared.map_err(to_js_error)?;
            let result = session.request(method, params, &ropts).await.map_err(driver_error)?;
            object_to_js(result)
        })
    }

    fn list(&self, method: &'static str, key: &'static str, opts: JsValue) -> Promise {
        let session = self.session.clone();
        let ropts = request_options(&None, &opts);
        future_to_promise(async move {
            let ropts = ropts.map_err(to_js_error)?;
            let items = list_all(&session, method, key, &ropts).await?;
            object_to_js(params_of(vec![(key, Value::Array(items))]))
        })
    }
}

/// Most pages a listing follows: a server that hands out cursors forever
/// must not keep the caller forever.
const MAX_PAGES: usize = 1000;

/// Follows `nextCursor` to the last page; the items of every page.
async fn list_all(session: &McpSession, method: &str, key: &str, opts: &RequestOptions) -> Result<Vec<Value>, JsValue> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let mut params = JsonObject::new();
        if let Some(c) = cursor.take() {
            params.insert("cursor".into(), Value::String(c));
        }
        let mut page = session.request(method, params, opts).await.map_err(driver_error)?;
        match page.remove(key) {
            Some(Value::Array(list)) => items.extend(list),
            _ => return Err(protocol_error(format!("{method}: the result has no `{key}` array"))),
        }
        match page.remove("nextCursor") {
            Some(Value::String(next)) if !next.is_empty() => cursor = Some(next),
            _ => return Ok(items),
        }
    }
    Err(protocol_error(format!("{method}: more than {MAX_PAGES} pages")))
}

/// `{ name, arguments }`.
fn named_params(name: &JsValue, args: JsValue) -> Result<JsonObject, Error> {
    let name = string_arg("name", name)?;
    let args: JsonObject = from_js_or_default("arguments", Some(args))?;
    Ok(params_of(vec![("name", Value::String(name)), ("arguments", Value::Object(args))]))
}

/// A successful result of a tool with an `outputSchema` must carry
/// `structuredContent` that matches it (the spec's MUST for servers; a
/// client that passes a mismatch on hands a model data it was not promised).
fn check_output(session: &McpSession, tool: &str, result: &JsonObject) -> Result<(), JsValue> {
    if result.get("isError").and_then(Value::as_bool) == Some(true) {
        return Ok(());
    }
    let Some(schema) = session.output_schema(tool) else {
        return Ok(());
    };
    let details = Object::new();
    let _ = Reflect::set(&details, &"tool".into(), &tool.into());
    let Some(content) = result.get("structuredContent") else {
        let message = format!("tool `{tool}` declares an outputSchema but returned no structuredContent");
        return Err(mcp_error("output_schema", &message, details));
    };
    match crate::json_schema::validate(&schema, content) {
        Ok(()) => Ok(()),
        Err(violations) => {
            let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
            let _ = Reflect::set(&details, &"violations".into(), &json_to_js_value(&serde_json::json!(list))?);
            let message =
                format!("tool `{tool}` returned structuredContent that breaks its outputSchema: {}", list.join("; "));
            Err(mcp_error("output_schema", &message, details))
        }
    }
}
