//! The MCP types a client sends and receives, for every revision from
//! 2024-11-05 to 2026-07-28, named after the schema's definitions and split
//! by feature area.
//!
//! One set of types serves all revisions: members that only some revisions
//! have are optional, and members this crate does not know are kept in each
//! object's `extra` map (the schemas let every object grow), so forwarding a
//! tool list or a tool result never loses data. Unions that servers extend
//! (content blocks, input requests, elicitation modes) are open: an unknown
//! kind is kept as raw JSON instead of failing the whole message.

pub(crate) mod open;

pub mod completion;
pub mod content;
pub mod elicitation;
pub mod elicitation_schema;
pub mod input;
pub mod lifecycle;
pub mod logging;
pub mod meta;
pub mod methods;
pub mod notifications;
pub mod prompts;
pub mod resources;
pub mod roots;
pub mod sampling;
pub mod subscriptions;
pub mod tools;

pub use completion::*;
pub use content::*;
pub use elicitation::*;
pub use elicitation_schema::*;
pub use input::*;
pub use lifecycle::*;
pub use logging::*;
pub use meta::*;
pub use notifications::*;
pub use prompts::*;
pub use resources::*;
pub use roots::*;
pub use sampling::*;
pub use subscriptions::*;
pub use tools::*;
