//! MCP capability objects, as they appear in a server card (`capabilities`
//! the server offers, `requires` of the client).
//!
//! The marker capabilities (an empty object whose presence is the whole
//! message) are plain maps: any member a newer MCP revision adds is kept.

use crate::models::common::JsonObject;

use super::open_object;

/// An MCP capability whose presence is all it says, e.g. `LoggingCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type MarkerCapability = JsonObject;

/// `CompletionsCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type CompletionsCapability = MarkerCapability;
/// `LoggingCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type LoggingCapability = MarkerCapability;
/// `FormElicitationCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type FormElicitationCapability = MarkerCapability;
/// `UrlElicitationCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type UrlElicitationCapability = MarkerCapability;
/// `SamplingContextCapability` (soft-deprecated by MCP in favour of tools).
#[cfg_attr(feature = "ts", tsify::declare)]
pub type SamplingContextCapability = MarkerCapability;
/// `SamplingToolsCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type SamplingToolsCapability = MarkerCapability;
/// `TasksCallCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type TasksCallCapability = MarkerCapability;
/// `TasksCancelCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type TasksCancelCapability = MarkerCapability;
/// `TasksListCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type TasksListCapability = MarkerCapability;
/// `TasksCreateElicitationCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type TasksCreateElicitationCapability = MarkerCapability;
/// `TasksCreateMessageCapability`.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type TasksCreateMessageCapability = MarkerCapability;

/// Experimental capabilities, keyed by name.
#[cfg_attr(feature = "ts", tsify::declare)]
pub type ExperimentalCapabilities = JsonObject;

open_object! {
    /// `ServerCapabilities`: what an MCP server offers.
    pub struct ServerCapabilities {
        experimental: ExperimentalCapabilities,
        logging: LoggingCapability,
        prompts: PromptsCapability,
        resources: ResourcesCapability,
        tools: ToolsCapability,
        completions: CompletionsCapability,
        tasks: ServerTasksCapability,
    }
}

open_object! {
    /// `ClientCapabilities`: what an MCP client supports (a server card's
    /// `requires`).
    pub struct ClientCapabilities {
        experimental: ExperimentalCapabilities,
        sampling: SamplingCapability,
        elicitation: ElicitationCapability,
        roots: RootsCapability,
        tasks: ClientTasksCapability,
    }
}

open_object! {
    /// `PromptsCapability`.
    pub struct PromptsCapability {
        #[serde(rename = "listChanged")]
        list_changed: bool,
    }
}

open_object! {
    /// `ResourcesCapability`.
    pub struct ResourcesCapability {
        subscribe: bool,
        #[serde(rename = "listChanged")]
        list_changed: bool,
    }
}

open_object! {
    /// `ToolsCapability`.
    pub struct ToolsCapability {
        #[serde(rename = "listChanged")]
        list_changed: bool,
    }
}

open_object! {
    /// `RootsCapability`.
    pub struct RootsCapability {
        #[serde(rename = "listChanged")]
        list_changed: bool,
    }
}

open_object! {
    /// `SamplingCapability`.
    pub struct SamplingCapability {
        context: SamplingContextCapability,
        tools: SamplingToolsCapability,
    }
}

open_object! {
    /// `ElicitationCapability` (a client supports at least one mode).
    pub struct ElicitationCapability {
        form: FormElicitationCapability,
        url: UrlElicitationCapability,
    }
}

open_object! {
    /// `ServerTasksCapability`.
    pub struct ServerTasksCapability {
        list: TasksListCapability,
        cancel: TasksCancelCapability,
        requests: ServerTasksRequestsCapability,
    }
}

open_object! {
    /// `ClientTasksCapability`.
    pub struct ClientTasksCapability {
        list: TasksListCapability,
        cancel: TasksCancelCapability,
        requests: ClientTasksRequestsCapability,
    }
}

open_object! {
    /// `ServerTasksRequestsCapability`.
    pub struct ServerTasksRequestsCapability {
        tools: TasksToolsCapability,
    }
}

open_object! {
    /// `ClientTasksRequestsCapability`.
    pub struct ClientTasksRequestsCapability {
        sampling: TasksSamplingCapability,
        elicitation: TasksElicitationCapability,
    }
}

open_object! {
    /// `TasksToolsCapability`.
    pub struct TasksToolsCapability {
        call: TasksCallCapability,
    }
}

open_object! {
    /// `TasksSamplingCapability`.
    pub struct TasksSamplingCapability {
        #[serde(rename = "createMessage")]
        create_message: TasksCreateMessageCapability,
    }
}

open_object! {
    /// `TasksElicitationCapability`.
    pub struct TasksElicitationCapability {
        create: TasksCreateElicitationCapability,
    }
}
