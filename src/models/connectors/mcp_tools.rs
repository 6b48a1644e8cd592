//! MCP tool descriptions, as `GET /v1/connectors/{id}/tools` lists them
//! (the MCP `Tool` type with Mistral's typed `_meta`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::open_object;
use super::server_card::ServerLocale;
use crate::models::common::{from_value, is_none, string_enum, JsonObject};

/// `MCPTool`: a tool of an MCP server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPTool {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    /// The arguments' JSON Schema, verbatim.
    #[serde(rename = "inputSchema")]
    pub input_schema: JsonObject,
    #[serde(rename = "outputSchema", default, skip_serializing_if = "is_none")]
    pub output_schema: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub icons: Option<Vec<MCPServerIcon>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub annotations: Option<ToolAnnotations>,
    #[serde(rename = "_meta", default, skip_serializing_if = "is_none")]
    pub meta: Option<MCPToolMeta>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub execution: Option<ToolExecution>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `MCPServerCardTool` (the same shape as [`MCPTool`]).
#[cfg_attr(feature = "ts", tsify::declare)]
pub type MCPServerCardTool = MCPTool;

/// What `GET /v1/connectors/{id}/tools` returns: MCP tools, or with
/// `pretty=true` a simplified object per tool. The spec's unnamed
/// `anyOf [MCPTool[], object[]]`; the whole list is read as tools when every
/// item is one, otherwise kept as objects.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), serde(untagged))]
pub enum ConnectorToolList {
    Tools(Vec<MCPTool>),
    Objects(Vec<JsonObject>),
}

impl ConnectorToolList {
    /// The tool names, whichever form the list came in.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Self::Tools(tools) => tools.iter().map(|t| t.name.as_str()).collect(),
            Self::Objects(items) => items.iter().filter_map(|o| o.get("name").and_then(Value::as_str)).collect(),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Self::Tools(t) => t.len(),
            Self::Objects(o) => o.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Serialize for ConnectorToolList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Tools(v) => v.serialize(s),
            Self::Objects(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ConnectorToolList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::within(d, |value: Value| -> Result<Self, D::Error> {
            // Read by reference first, so the fallback needs no copy of the list.
            match Vec::<MCPTool>::deserialize(&value) {
                Ok(tools) => Ok(Self::Tools(tools)),
                Err(_) => from_value(value).map(Self::Objects),
            }
        })
    }
}

open_object! {
    /// `ToolAnnotations`: hints about a tool's behaviour. Hints only: MCP says
    /// never to rely on them for a server you do not trust.
    pub struct ToolAnnotations {
        title: String,
        #[serde(rename = "readOnlyHint")]
        read_only_hint: bool,
        #[serde(rename = "destructiveHint")]
        destructive_hint: bool,
        #[serde(rename = "idempotentHint")]
        idempotent_hint: bool,
        #[serde(rename = "openWorldHint")]
        open_world_hint: bool,
    }
}

open_object! {
    /// `ToolExecution`: execution properties of an MCP tool.
    pub struct ToolExecution {
        #[serde(rename = "taskSupport")]
        task_support: TaskSupport,
    }
}

string_enum! {
    /// `ToolExecution.taskSupport`: whether the tool may run as an MCP task.
    pub enum TaskSupport {
        Forbidden = "forbidden",
        Optional = "optional",
        Required = "required",
    }
}

open_object! {
    /// `MCPToolMeta`: a tool's `_meta`; the UI and Mistral members are typed.
    pub struct MCPToolMeta {
        ui: MCPUIToolMeta,
        #[serde(rename = "ai.mistral/turbine")]
        turbine: TurbineToolMeta,
    }
}

open_object! {
    /// `MCPUIToolMeta`: the UI resource a tool refers to.
    pub struct MCPUIToolMeta {
        #[serde(rename = "resourceUri")]
        resource_uri: String,
        visibility: Vec<McpUiVisibility>,
    }
}

string_enum! {
    /// An item of `MCPUIToolMeta.visibility`.
    pub enum McpUiVisibility {
        Model = "model",
        App = "app",
    }
}

/// `TurbineToolMeta`: Mistral's metadata about a tool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TurbineToolMeta {
    #[serde(default, skip_serializing_if = "is_none")]
    pub locale: Option<TurbineToolLocale>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_type: Option<ToolType>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "is_none")]
    pub timeout: Option<f64>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub private_execution: Option<bool>,
}

/// `TurbineToolLocale` (the same shape as [`ServerLocale`]).
#[cfg_attr(feature = "ts", tsify::declare)]
pub type TurbineToolLocale = ServerLocale;

string_enum! {
    /// `ToolType`.
    pub enum ToolType {
        Rag = "rag",
        Image = "image",
        Code = "code",
        Event = "event",
    }
}

string_enum! {
    /// `MCPSupportedLanguage`: the keys of the locale maps in MCP metadata.
    pub enum MCPSupportedLanguage {
        En = "en",
        Fr = "fr",
        De = "de",
        Es = "es",
        Pl = "pl",
        It = "it",
        Ar = "ar",
        PtBr = "pt-BR",
        Nl = "nl",
    }
}

/// `MCPServerIcon`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct MCPServerIcon {
    pub src: String,
    #[serde(rename = "mimeType", default, skip_serializing_if = "is_none")]
    pub mime_type: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub sizes: Option<Vec<String>>,
    /// Members this SDK does not know, kept as sent.
    #[serde(flatten)]
    pub extra: JsonObject,
}
