//! Wire types of Mistral's API, named after the schemas of the official
//! OpenAPI spec (`components/schemas/<Name>` is `models::<Name>`), one file per
//! API group. Server-sent tagged unions are open (see [`open_enum`]).

// TypeScript declarations of the hand-written serde impls (`ts` feature).
#[doc(hidden)]
pub mod ts;
#[macro_use]
pub mod open_enum;

// Conversations, entries, tools, content, events and shared pieces.
pub mod common;
pub mod content;
pub mod conversations;
pub mod events;
pub mod tools;
pub use common::*;
pub use content::*;
pub use conversations::*;
pub use events::*;
pub use tools::*;

// Agents: the agent resource, its requests, aliases and list page.
pub mod agents;
pub use agents::*;

// Chat completions and model cards.
pub mod chat;
pub mod model_cards;
pub use chat::*;
pub use model_cards::*;

// Connectors: MCP servers registered with Mistral, their auth and tools.
pub mod connectors;
pub use connectors::*;

// Rebuilding a whole answer from a conversation stream's deltas.
pub mod assembly;
pub use assembly::{AssemblyError, ResponseAssembler};
