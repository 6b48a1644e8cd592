//! Multi round-trip requests (2026-07-28). A stateless server cannot send
//! the client requests of its own, so when `tools/call`, `prompts/get` or
//! `resources/read` needs sampling, elicitation or roots it answers with an
//! `InputRequiredResult` instead; the client gathers the answers and retries
//! the same request with `inputResponses` (and the `requestState` it got).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::elicitation::{ElicitRequestParams, ElicitResult};
use super::meta::{ResultMeta, ResultType};
use super::roots::{ListRootsRequestParams, ListRootsResult};
use super::sampling::{CreateMessageRequestParams, CreateMessageResult};
use crate::models::common::{from_value, JsonObject};
use crate::models::open_enum::from_tagged;

/// `CreateMessageRequest` as an input request: `sampling/createMessage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateMessageRequest {
    pub params: CreateMessageRequestParams,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ElicitRequest` as an input request: `elicitation/create`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElicitRequest {
    pub params: ElicitRequestParams,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ListRootsRequest` as an input request: `roots/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRootsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<ListRootsRequestParams>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `InputRequest`: one thing the server needs, by `method`. A method this
/// SDK does not know is kept as sent (the client cannot answer it, and says
/// so instead of failing the whole result).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InputRequest {
    CreateMessage(CreateMessageRequest),
    Elicit(ElicitRequest),
    ListRoots(ListRootsRequest),
    Unknown(Value),
}

impl InputRequest {
    /// The wire `method`, also for unknown requests.
    pub fn method(&self) -> &str {
        match self {
            Self::CreateMessage(_) => "sampling/createMessage",
            Self::Elicit(_) => "elicitation/create",
            Self::ListRoots(_) => "roots/list",
            Self::Unknown(v) => v.get("method").and_then(Value::as_str).unwrap_or(""),
        }
    }
}

impl Serialize for InputRequest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct ByMethod<'a, T> {
            method: &'a str,
            #[serde(flatten)]
            inner: &'a T,
        }
        let method = self.method();
        match self {
            Self::CreateMessage(r) => ByMethod { method, inner: r }.serialize(s),
            Self::Elicit(r) => ByMethod { method, inner: r }.serialize(s),
            Self::ListRoots(r) => ByMethod { method, inner: r }.serialize(s),
            Self::Unknown(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for InputRequest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            let method = match value.get("method") {
                Some(Value::String(m)) => m.clone(),
                _ => return Err(D::Error::custom("an input request needs a string `method`")),
            };
            let err = |e: String| D::Error::custom(format_args!("input request `{method}`: {e}"));
            match method.as_str() {
                "sampling/createMessage" => from_tagged(value, "method").map(Self::CreateMessage).map_err(err),
                "elicitation/create" => from_tagged(value, "method").map(Self::Elicit).map_err(err),
                "roots/list" => from_tagged(value, "method").map(Self::ListRoots).map_err(err),
                _ => Ok(Self::Unknown(value)),
            }
        })
    }
}

/// `InputRequests`: what the server needs, by a key of its choosing.
pub type InputRequests = BTreeMap<String, InputRequest>;

/// `InputResponse`: the answer to one input request. The schema's union has
/// no discriminator; the kinds are told apart by their required members.
// Unboxed: a handful of answers per request, built and matched by callers.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InputResponse {
    CreateMessage(CreateMessageResult),
    ListRoots(ListRootsResult),
    Elicit(ElicitResult),
    Unknown(Value),
}

impl Serialize for InputResponse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::CreateMessage(r) => r.serialize(s),
            Self::ListRoots(r) => r.serialize(s),
            Self::Elicit(r) => r.serialize(s),
            Self::Unknown(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for InputResponse {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            let has = |key: &str| value.get(key).is_some();
            if has("action") {
                from_value(value).map(Self::Elicit)
            } else if has("roots") {
                from_value(value).map(Self::ListRoots)
            } else if has("model") && has("content") {
                from_value(value).map(Self::CreateMessage)
            } else {
                Ok(Self::Unknown(value))
            }
        })
    }
}

/// `InputResponses`: answers, under the keys of the `inputRequests`.
pub type InputResponses = BTreeMap<String, InputResponse>;

/// `InputRequiredResult`: not an answer yet. At least one of the two
/// members is present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputRequiredResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_requests: Option<InputRequests>,
    /// Opaque; sent back unchanged with the retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ResultMeta>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of a request that may need input first (`tools/call`,
/// `prompts/get`, `resources/read`): the method's result, or what the
/// server needs before it can give one. Told apart by `resultType`; a result
/// without it (every revision before 2026-07-28) is complete.
// The lint measures `T` as empty; the method results are as large.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ResultOrInput<T> {
    Complete(T),
    InputRequired(InputRequiredResult),
}

impl<T: Serialize> Serialize for ResultOrInput<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Complete(r) => r.serialize(s),
            Self::InputRequired(r) => r.serialize(s),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for ResultOrInput<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            match value.get("resultType").and_then(Value::as_str) {
                Some("input_required") => from_value(value).map(Self::InputRequired),
                _ => from_value(value).map(Self::Complete),
            }
        })
    }
}
