//! Connectors: custom MCP servers registered with Mistral, their
//! authentication, their tools and the results of calling those tools.
//!
//! Split by concept because the group is large (a hundred schemas, most of
//! them MCP types the connector API passes through):
//! * `connector`: the `Connector` resource, its list page and filters;
//! * `auth`: authentication methods, credentials status, OAuth metadata;
//! * `execution`: tool configuration and execution environments;
//! * `requests`: the create, update and call-tool bodies;
//! * `mcp_tools`: MCP tool descriptions (`tools/list` of a connector);
//! * `tool_call`: MCP content blocks of a tool call's result;
//! * `server_card` and `capabilities`: the MCP server card.
//!
//! Schemas whose spec sets `additionalProperties: true` are MCP objects that
//! the protocol lets servers extend; those types keep unknown members in an
//! `extra` map, so forwarding one (a tool result to a model, a tool list to a
//! UI) never loses data. Everything else ignores unknown members, as the
//! other groups do.

mod auth;
mod capabilities;
mod connector;
mod execution;
mod mcp_tools;
mod requests;
mod server_card;
mod tool_call;

pub use auth::*;
pub use capabilities::*;
pub use connector::*;
pub use execution::*;
pub use mcp_tools::*;
pub use requests::*;
pub use server_card::*;
pub use tool_call::*;

/// Declares a struct of optional members plus an `extra` map, for the open
/// (`additionalProperties: true`) MCP schemas whose members are all optional.
macro_rules! open_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident: $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub struct $name {
            $( $(#[$fmeta])*
            #[serde(default, skip_serializing_if = "crate::models::common::is_none")]
            pub $field: Option<$ty>, )*
            /// Members this SDK does not know, kept as sent.
            #[serde(flatten)]
            pub extra: $crate::models::common::JsonObject,
        }
    };
}
pub(crate) use open_object;
