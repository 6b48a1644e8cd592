//! Tools: listing them and calling them.
//!
//! A tool's input and output schemas are JSON Schemas, kept verbatim as
//! objects: they are handed to a model or a validator, never interpreted
//! here (and `outputSchema` may be any schema from 2026-07-28 on, not only
//! an object schema).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::content::ContentBlock;
use super::input::InputResponses;
use super::meta::{Icon, Meta, Page, RequestMeta, ResultMeta, ResultType};
use super::open::present;
use crate::models::common::JsonObject;

/// `Tool`: a function the server offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tool {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The arguments' JSON Schema (`type: "object"`).
    pub input_schema: JsonObject,
    /// The JSON Schema `structuredContent` conforms to (2025-06-18+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<ToolAnnotations>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this SDK does not know (2025-11-25 `execution`, ...), kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ToolAnnotations`: hints from the server, untrusted unless the server is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolAnnotations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only_hint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destructive_hint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent_hint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_world_hint: Option<bool>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ListToolsResult`: one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListToolsResult {
    pub tools: Vec<Tool>,
    /// The cursor, caching hints, `_meta` and unknown members.
    #[serde(flatten)]
    pub page: Page,
}

/// `CallToolRequestParams`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallToolRequestParams {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<JsonObject>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// 2026-07-28: answers to the server's `inputRequests`, on a retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_responses: Option<InputResponses>,
    /// 2026-07-28: echoed from an `InputRequiredResult`, on a retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Members this SDK does not know (2025-11-25 `task`, ...), kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `CallToolResult`. A tool that failed reports it here with `isError`
/// (so a model can see and correct it); a JSON-RPC error means the call
/// itself was wrong (unknown tool, bad arguments on some servers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallToolResult {
    pub content: Vec<ContentBlock>,
    /// The result as JSON, matching the tool's `outputSchema` when it has
    /// one: an object up to 2025-11-25, any JSON value from 2026-07-28.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub structured_content: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ResultMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl CallToolResult {
    /// Whether the tool reported a failure (`isError` absent means no).
    pub fn failed(&self) -> bool {
        self.is_error == Some(true)
    }
}
