//! The params of the notifications every revision has: cancellation,
//! progress, and the bare "something changed" ones.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::meta::{NotificationMeta, ProgressToken};
use crate::mcp::jsonrpc::{Notification, RequestId};
use crate::models::common::JsonObject;

/// `notifications/cancelled`.
pub const CANCELLED: &str = "notifications/cancelled";

/// `CancelledNotificationParams`: the sender no longer wants the answer to
/// `requestId`; a response that still arrives is ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelledNotificationParams {
    /// Required from 2026-07-28; optional in 2025-11-25 (where tasks are
    /// cancelled by another request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<RequestId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<NotificationMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl CancelledNotificationParams {
    /// The notification cancelling `id`. Built member by member, so that
    /// cancelling (often on an error path) cannot itself fail.
    pub fn notification(id: &RequestId, reason: Option<&str>) -> Notification {
        let mut params = Map::new();
        params.insert("requestId".into(), id.to_json());
        if let Some(reason) = reason {
            params.insert("reason".into(), Value::String(reason.to_owned()));
        }
        Notification { method: CANCELLED.into(), params: Some(params) }
    }
}

/// `ProgressNotificationParams`: how far the request that sent
/// `progressToken` has got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressNotificationParams {
    pub progress_token: ProgressToken,
    /// Increases with each notification, even when the total is unknown.
    pub progress: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<NotificationMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `NotificationParams`: the params of notifications that carry nothing
/// but `_meta` (`initialized`, the `list_changed` ones).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationParams {
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<NotificationMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}
