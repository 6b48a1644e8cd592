//! MCP capability objects, as they appear in a server card (`capabilities`
//! the server offers, `requires` of the client).
//!
//! The marker capabilities (an empty object whose presence is the whole
//! message) are plain maps: any member a newer MCP revision adds is kept.

use serde_json::{Map, Value};

use super::open_object;

/// An MCP capability whose presence is all it says, e.g. `LoggingCapability`.
pub type MarkerCapability = Map<String, Value>;

/// `CompletionsCapability`.
pub type CompletionsCapability = MarkerCapability;
/// `LoggingCapability`.
pub type LoggingCapability = MarkerCapability;
/// `FormElicitationCapability`.
pub type FormElicitationCapability = MarkerCapability;
/// `UrlElicitationCapability`.
pub type UrlElicitationCapability = MarkerCapability;
/// `SamplingContextCapability` (soft-deprecated by MCP in favour of tools).
pub type SamplingContextCapability = MarkerCapability;
/// `SamplingToolsCapability`.
pub type SamplingToolsCapability = MarkerCapability;
/// `TasksCallCapability`.
pub type TasksCallCapability = MarkerCapability;
/// `TasksCancelCapability`.
pub type TasksCancelCapability = MarkerCapability;
/// `TasksListCapability`.
pub type TasksListCapability = MarkerCapability;
/// `TasksCreateElicitationCapability`.
pub type TasksCreateElicitationCapability = MarkerCapability;
/// `TasksCreateMessageCapability`.
pub type TasksCreateMessageCapability = MarkerCapability;

/// Experimental capabilities, keyed by name.
pub type ExperimentalCapabilities = Map<String, Value>;

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
