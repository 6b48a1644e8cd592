//! One JS class per API group; each method is argument conversion plus one
//! core builder (see `call.rs`).

mod agents;
mod chat;
mod connectors;
mod conversations;
mod models;

pub use agents::Agents;
pub use chat::Chat;
pub use connectors::Connectors;
pub use conversations::Conversations;
pub use models::Models;
