//! Logging: the server's log messages, at a level the client chooses
//! (`logging/setLevel` up to 2025-11-25, `_meta` per request from
//! 2026-07-28, which also deprecates the feature).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::meta::{NotificationMeta, RequestMeta};
use super::open::{open_string_enum, present};
use crate::models::common::JsonObject;

open_string_enum! {
    /// `LoggingLevel`: the syslog severities (RFC 5424), least severe first.
    pub enum LoggingLevel {
        Debug = "debug",
        Info = "info",
        Notice = "notice",
        Warning = "warning",
        Error = "error",
        Critical = "critical",
        Alert = "alert",
        Emergency = "emergency",
    }
}

/// `SetLevelRequestParams` (up to 2025-11-25).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetLevelRequestParams {
    /// The least severe level the server should send.
    pub level: LoggingLevel,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RequestMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `LoggingMessageNotificationParams`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggingMessageNotificationParams {
    pub level: LoggingLevel,
    /// Which part of the server logged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logger: Option<String>,
    /// Any JSON, `null` included: a string or a structured record. Required
    /// by the schema; `None` when a server leaves it out, rather than
    /// dropping the whole message.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<NotificationMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}
