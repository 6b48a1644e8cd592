//! How a connector's tools run: per-credential tool configuration (which
//! tools, which need confirmation), the connection settings, and the
//! credential-free execution environment Mistral derives from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::connector::ConsumerType;
use crate::models::common::{from_value, is_none, string_enum, variant_from, JsonObject};
use crate::models::tools::ConversationTool;

/// `ExecutionConfig`: how Mistral runs a tool. Deliberately untyped in the
/// spec ("mcp config can change"), so only `type` is named and the rest is
/// kept as sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ExecutionConfig {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `ConnectionPreference`: a named tool configuration of a connector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConnectionPreference {
    pub name: String,
    pub tool_configuration: ToolExecutionConfiguration,
    #[serde(default, skip_serializing_if = "is_none")]
    pub is_default: Option<bool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub consumer_type: Option<ConsumerType>,
}

/// `ToolExecutionConfiguration`: which tools are exposed and which need the
/// user's confirmation (or may skip it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolExecutionConfiguration {
    #[serde(default, skip_serializing_if = "is_none")]
    pub requires_confirmation: Option<ConfirmationRule>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub skip_confirmation: Option<ConfirmationRule>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub include: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub exclude: Option<Vec<String>>,
}

/// A rule selecting tools (the spec's unnamed `anyOf` in
/// `requires_confirmation`, `skip_confirmation` and
/// `LogicalExpression.expressions`): tool names, a combination of rules,
/// or a property the tools must have.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), serde(untagged))]
pub enum ConfirmationRule {
    Tools(Vec<String>),
    Expression(LogicalExpression),
    Properties(ToolProperties),
}

variant_from!(ConfirmationRule { Tools(Vec<String>), Expression(LogicalExpression), Properties(ToolProperties) });

impl Serialize for ConfirmationRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Tools(v) => v.serialize(s),
            Self::Expression(v) => v.serialize(s),
            Self::Properties(v) => v.serialize(s),
        }
    }
}

/// Told apart by shape: an array is tool names, an object with
/// `expressions` (or `type`) is an expression, any other object is
/// properties; a malformed branch reports its own field.
impl<'de> Deserialize<'de> for ConfirmationRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            match &value {
                Value::Array(_) => from_value(value).map(Self::Tools),
                Value::Object(m) if m.contains_key("expressions") || m.contains_key("type") => {
                    from_value(value).map(Self::Expression)
                }
                Value::Object(_) => from_value(value).map(Self::Properties),
                _ => Err(D::Error::custom("expected an array of tool names, a logical expression or tool properties")),
            }
        })
    }
}

/// `LogicalExpression`: rules combined with `and`/`or`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct LogicalExpression {
    #[serde(rename = "type")]
    pub operator: LogicalOperator,
    pub expressions: Vec<ConfirmationRule>,
}

string_enum! {
    /// `LogicalExpression.type`.
    pub enum LogicalOperator {
        And = "and",
        Or = "or",
    }
}

/// `ToolProperties`: select tools by their properties.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolProperties {
    /// Required but nullable: written as `null` when absent.
    #[serde(default)]
    pub read_only: Option<bool>,
}

string_enum! {
    /// `ConnectionConfigType`.
    pub enum ConnectionConfigType {
        Mcp = "mcp",
        Turbine = "turbine",
        Eolienne = "eolienne",
    }
}

/// `PublicConnectionConfig`: how Mistral reaches the connector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PublicConnectionConfig {
    /// Defaults to `mcp`.
    #[serde(rename = "type", default, skip_serializing_if = "is_none")]
    pub kind: Option<ConnectionConfigType>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub signed: Option<bool>,
}

/// `PublicExecutionEnv`: the tools a connector contributes and how they run,
/// without credentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PublicExecutionEnv {
    /// The spec's chat `Tool`, which this crate represents as
    /// [`ConversationTool::Function`] (as chat requests do).
    pub tools: Vec<ConversationTool>,
    pub tool_execution_data: PublicConnectorExecutionData,
    pub errors: Vec<String>,
}

/// `PublicConnectorExecutionData`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PublicConnectorExecutionData {
    pub integrations: Vec<PublicExecutionConnector>,
    pub tools: Vec<ExecutionTool>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub use_connectors_gateway: Option<bool>,
}

/// `PublicExecutionConnector`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PublicExecutionConnector {
    pub id: String,
    pub name: String,
    /// Required but nullable: written as `null` when absent.
    #[serde(default)]
    pub connection_config: Option<PublicExecutionConnectionConfig>,
}

/// `PublicExecutionConnectionConfig`: a connection config that can never
/// carry credentials (the spec forbids extra members; decoding still
/// ignores them, as for every response).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PublicExecutionConnectionConfig {
    #[serde(rename = "type")]
    pub kind: ConnectionConfigType,
    #[serde(default, skip_serializing_if = "is_none")]
    pub server: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_configuration: Option<ToolExecutionConfiguration>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub hosted_internally: Option<bool>,
}

/// `ExecutionTool`: a tool and the connector (`integration_id`) it runs on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ExecutionTool {
    pub name: String,
    pub integration_id: String,
    /// Required but nullable: written as `null` when absent.
    #[serde(default)]
    pub execution_config: Option<ExecutionConfig>,
}
