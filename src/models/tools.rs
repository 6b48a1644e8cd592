//! Tools an agent or conversation can use: client-side functions, Mistral's
//! built-in connectors and custom (MCP) connectors; plus chat's tool choice.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{is_none, string_enum, variant_from, JsonObject};

open_enum! {
    /// One entry of the `tools` list of agents and conversations (the spec's
    /// inline `oneOf` discriminated by `type`; it has no schema name, and
    /// `Tool` is chat's function-only tool).
    pub enum ConversationTool {
        "function" => Function(FunctionTool),
        "web_search" => WebSearch(WebSearchTool),
        "web_search_premium" => WebSearchPremium(WebSearchPremiumTool),
        "code_interpreter" => CodeInterpreter(CodeInterpreterTool),
        "image_generation" => ImageGeneration(ImageGenerationTool),
        "document_library" => DocumentLibrary(DocumentLibraryTool),
        "connector" => Connector(CustomConnector),
    }
}

variant_from!(ConversationTool {
    Function(FunctionTool),
    WebSearch(WebSearchTool),
    WebSearchPremium(WebSearchPremiumTool),
    CodeInterpreter(CodeInterpreterTool),
    ImageGeneration(ImageGenerationTool),
    DocumentLibrary(DocumentLibraryTool),
    Connector(CustomConnector),
});

impl From<Function> for ConversationTool {
    fn from(function: Function) -> Self {
        Self::Function(FunctionTool { function })
    }
}

/// `FunctionTool`: a function the client executes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FunctionTool {
    #[cfg_attr(feature = "ts", tsify(type = "FunctionDefinition"))]
    pub function: Function,
}

/// `Function`: name, description and JSON-Schema parameters of a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Declared as `FunctionDefinition` in TypeScript (`FunctionTool.function`
// names it so too): a `Function` declaration would shadow the global one in
// the package's .d.ts, and a reference to it would silently mean the global.
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(rename = "FunctionDefinition"))]
pub struct Function {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub strict: Option<bool>,
    /// The parameters' JSON Schema, verbatim.
    pub parameters: JsonObject,
}

impl Function {
    pub fn new(name: impl Into<String>, description: impl Into<String>, parameters: Map<String, Value>) -> Self {
        Self { name: name.into(), description: Some(description.into()), strict: None, parameters }
    }
}

/// Declares a built-in tool: only an optional `tool_configuration`.
macro_rules! built_in_tool {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub struct $name {
            #[serde(default, skip_serializing_if = "is_none")]
            pub tool_configuration: Option<ToolConfiguration>,
        }
    };
}

built_in_tool!(
    /// `WebSearchTool`.
    WebSearchTool
);
built_in_tool!(
    /// `WebSearchPremiumTool`: web search with news agencies' sources.
    WebSearchPremiumTool
);
built_in_tool!(
    /// `CodeInterpreterTool`.
    CodeInterpreterTool
);
built_in_tool!(
    /// `ImageGenerationTool`.
    ImageGenerationTool
);

/// `DocumentLibraryTool`: search in the given libraries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DocumentLibraryTool {
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_configuration: Option<ToolConfiguration>,
    /// At least one library id.
    pub library_ids: Vec<String>,
}

/// `CustomConnector`: a connector (e.g. an MCP server) registered with Mistral.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct CustomConnector {
    pub connector_id: String,
    #[serde(default, skip_serializing_if = "is_none")]
    pub authorization: Option<ConnectorAuthorization>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub tool_configuration: Option<ToolConfiguration>,
}

open_enum! {
    /// `CustomConnector.authorization`.
    pub enum ConnectorAuthorization {
        "oauth2-token" => OAuth2Token(OAuth2TokenAuth),
        "api-key" => ApiKey(APIKeyAuth),
    }
}

variant_from!(ConnectorAuthorization { OAuth2Token(OAuth2TokenAuth), ApiKey(APIKeyAuth) });

/// Declares a credential holder whose `Debug` hides the secret, so that
/// logging a request never leaks it.
macro_rules! credential {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub struct $name {
            pub value: String,
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).field("value", &"<redacted>").finish()
            }
        }
    };
}

credential!(
    /// `OAuth2TokenAuth`.
    OAuth2TokenAuth
);
credential!(
    /// `APIKeyAuth`.
    APIKeyAuth
);

/// `ToolConfiguration`: which of a connector's tools to expose, and which
/// need the user's confirmation before running.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolConfiguration {
    #[serde(default, skip_serializing_if = "is_none")]
    pub exclude: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub include: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_none")]
    pub requires_confirmation: Option<Vec<String>>,
}

string_enum! {
    /// `BuiltInConnectors`. Also used for the `anyOf [BuiltInConnectors, string]`
    /// tool names of entries and events, which `Other` covers.
    pub enum BuiltInConnectors {
        WebSearch = "web_search",
        WebSearchPremium = "web_search_premium",
        CodeInterpreter = "code_interpreter",
        ImageGeneration = "image_generation",
        DocumentLibrary = "document_library",
    }
}

/// `ToolChoice`: force a specific function (chat completions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ToolChoice {
    #[serde(rename = "type", default)]
    pub kind: ToolTypes,
    pub function: FunctionName,
}

impl ToolChoice {
    pub fn function(name: impl Into<String>) -> Self {
        Self { kind: ToolTypes::Function, function: FunctionName { name: name.into() } }
    }
}

/// `FunctionName`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct FunctionName {
    pub name: String,
}

string_enum! {
    /// `ToolTypes`.
    #[derive(Default)]
    pub enum ToolTypes {
        #[default]
        Function = "function",
    }
}
