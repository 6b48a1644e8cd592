//! The method table: each MCP method as a type that ties its wire name to
//! its params and result types, so that building a request and reading its
//! answer cannot pair the wrong types (the rmcp approach, with marker types
//! instead of per-method request structs).
//!
//! Methods of every revision are here; which ones a session may use depends
//! on the negotiated version, which is the client's business, not the
//! table's.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::completion::{CompleteRequestParams, CompleteResult};
use super::elicitation::{ElicitRequestParams, ElicitResult, ElicitationCompleteNotificationParams};
use super::input::ResultOrInput;
use super::lifecycle::{DiscoverResult, InitializeRequestParams, InitializeResult};
use super::logging::{LoggingMessageNotificationParams, SetLevelRequestParams};
use super::meta::{EmptyResult, PaginatedRequestParams, RequestParams};
use super::notifications::{CancelledNotificationParams, NotificationParams, ProgressNotificationParams};
use super::prompts::{GetPromptRequestParams, GetPromptResult, ListPromptsResult};
use super::resources::{
    ListResourceTemplatesResult, ListResourcesResult, ReadResourceRequestParams, ReadResourceResult,
    ResourceUpdatedNotificationParams, SubscribeRequestParams,
};
use super::roots::{ListRootsRequestParams, ListRootsResult};
use super::sampling::{CreateMessageRequestParams, CreateMessageResult};
use super::subscriptions::{
    SubscriptionsAcknowledgedNotificationParams, SubscriptionsListenRequestParams, SubscriptionsListenResult,
};
use super::tools::{CallToolRequestParams, CallToolResult, ListToolsResult};
use crate::mcp::error::{DecodeFailure, McpError, ProtocolError};
use crate::mcp::jsonrpc::{Notification, Request, RequestId, ResultResponse};
use crate::models::common::JsonObject;

/// A method that is answered.
pub trait RequestMethod {
    const METHOD: &'static str;
    type Params: Serialize + DeserializeOwned;
    type Result: Serialize + DeserializeOwned;
}

/// A method that is not answered.
pub trait NotificationMethod {
    const METHOD: &'static str;
    type Params: Serialize + DeserializeOwned;
}

macro_rules! request_methods {
    ($( $(#[$doc:meta])* $name:ident = $wire:literal, $params:ty => $result:ty; )+) => {
        $( $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub enum $name {}

        impl RequestMethod for $name {
            const METHOD: &'static str = $wire;
            type Params = $params;
            type Result = $result;
        } )+
    };
}

macro_rules! notification_methods {
    ($( $(#[$doc:meta])* $name:ident = $wire:literal, $params:ty; )+) => {
        $( $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub enum $name {}

        impl NotificationMethod for $name {
            const METHOD: &'static str = $wire;
            type Params = $params;
        } )+
    };
}

request_methods! {
    /// The handshake (up to 2025-11-25).
    Initialize = "initialize", InitializeRequestParams => InitializeResult;
    /// Liveness check (up to 2025-11-25), in either direction.
    Ping = "ping", RequestParams => EmptyResult;
    /// Versions and capabilities (2026-07-28).
    Discover = "server/discover", RequestParams => DiscoverResult;
    ListTools = "tools/list", PaginatedRequestParams => ListToolsResult;
    CallTool = "tools/call", CallToolRequestParams => ResultOrInput<CallToolResult>;
    ListResources = "resources/list", PaginatedRequestParams => ListResourcesResult;
    ListResourceTemplates = "resources/templates/list", PaginatedRequestParams => ListResourceTemplatesResult;
    ReadResource = "resources/read", ReadResourceRequestParams => ResultOrInput<ReadResourceResult>;
    /// Up to 2025-11-25.
    Subscribe = "resources/subscribe", SubscribeRequestParams => EmptyResult;
    /// Up to 2025-11-25.
    Unsubscribe = "resources/unsubscribe", SubscribeRequestParams => EmptyResult;
    /// 2026-07-28.
    SubscriptionsListen = "subscriptions/listen", SubscriptionsListenRequestParams => SubscriptionsListenResult;
    ListPrompts = "prompts/list", PaginatedRequestParams => ListPromptsResult;
    GetPrompt = "prompts/get", GetPromptRequestParams => ResultOrInput<GetPromptResult>;
    Complete = "completion/complete", CompleteRequestParams => CompleteResult;
    /// Up to 2025-11-25.
    SetLevel = "logging/setLevel", SetLevelRequestParams => EmptyResult;
    /// Server to client.
    CreateMessage = "sampling/createMessage", CreateMessageRequestParams => CreateMessageResult;
    /// Server to client.
    Elicit = "elicitation/create", ElicitRequestParams => ElicitResult;
    /// Server to client.
    ListRoots = "roots/list", ListRootsRequestParams => ListRootsResult;
}

notification_methods! {
    /// Client to server, after `initialize` (up to 2025-11-25).
    Initialized = "notifications/initialized", NotificationParams;
    Cancelled = "notifications/cancelled", CancelledNotificationParams;
    Progress = "notifications/progress", ProgressNotificationParams;
    /// Client to server (up to 2025-11-25).
    RootsListChanged = "notifications/roots/list_changed", NotificationParams;
    ToolListChanged = "notifications/tools/list_changed", NotificationParams;
    PromptListChanged = "notifications/prompts/list_changed", NotificationParams;
    ResourceListChanged = "notifications/resources/list_changed", NotificationParams;
    ResourceUpdated = "notifications/resources/updated", ResourceUpdatedNotificationParams;
    LoggingMessage = "notifications/message", LoggingMessageNotificationParams;
    /// 2025-11-25.
    ElicitationComplete = "notifications/elicitation/complete", ElicitationCompleteNotificationParams;
    /// 2026-07-28.
    SubscriptionsAcknowledged = "notifications/subscriptions/acknowledged", SubscriptionsAcknowledgedNotificationParams;
}

/// Params as the object JSON-RPC needs; an empty one is left out, as the
/// reference SDKs do.
fn encode(method: &str, params: &impl Serialize) -> Result<Option<JsonObject>, McpError> {
    let encode_error = |detail: String| McpError::from(ProtocolError::Encode { method: method.into(), detail });
    match serde_json::to_value(params).map_err(|e| encode_error(e.to_string()))? {
        Value::Object(map) if map.is_empty() => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        other => Err(encode_error(format!("params must be an object, not {other}"))),
    }
}

fn decode<T: DeserializeOwned>(method: &str, part: &'static str, value: Value) -> Result<T, McpError> {
    crate::json_path::decode_value(&value).map_err(|(path, detail)| {
        McpError::from(ProtocolError::Decode(DecodeFailure { method: method.into(), part, path, detail }))
    })
}

/// A request for `M`.
pub fn request<M: RequestMethod>(id: RequestId, params: &M::Params) -> Result<Request, McpError> {
    Ok(Request { id, method: M::METHOD.into(), params: encode(M::METHOD, params)? })
}

/// A notification for `M`.
pub fn notification<M: NotificationMethod>(params: &M::Params) -> Result<Notification, McpError> {
    Ok(Notification { method: M::METHOD.into(), params: encode(M::METHOD, params)? })
}

/// The answer to a request for `M` (a client answers server requests).
pub fn result_response<M: RequestMethod>(id: RequestId, result: &M::Result) -> Result<ResultResponse, McpError> {
    Ok(ResultResponse { id, result: encode(M::METHOD, result)?.unwrap_or_default() })
}

/// Reads the result of a request for `M`.
pub fn decode_result<M: RequestMethod>(result: JsonObject) -> Result<M::Result, McpError> {
    decode(M::METHOD, "result", Value::Object(result))
}

/// Reads the params of a request for `M` (absent params read as `{}`).
pub fn decode_request<M: RequestMethod>(request: &Request) -> Result<M::Params, McpError> {
    decode(M::METHOD, "params", Value::Object(request.params.clone().unwrap_or_default()))
}

/// Reads the params of a notification for `M` (absent params read as `{}`).
pub fn decode_notification<M: NotificationMethod>(notification: &Notification) -> Result<M::Params, McpError> {
    decode(M::METHOD, "params", Value::Object(notification.params.clone().unwrap_or_default()))
}
