//! `client.agents()`: the Agents API over the transport.

use super::Mistral;
use crate::api::agents::{self, ListAgentPagesParams, ListAgentVersionsParams, ListAgentsParams};
use crate::error::Error;
use crate::http::CallOptions;
use crate::models::{Agent, AgentAliasResponse, AgentListPage, AgentVersion, CreateAgentRequest, UpdateAgentRequest};

/// Borrowed from [`Mistral::agents`].
#[derive(Debug, Clone, Copy)]
pub struct Agents<'a>(pub(super) &'a Mistral);

impl Agents<'_> {
    /// Creates an agent (its version 0).
    pub async fn create(&self, body: &CreateAgentRequest, opts: CallOptions) -> Result<Agent, Error> {
        self.0.send(agents::create(&self.0.api, body), opts).await
    }

    /// One page by number.
    pub async fn list(&self, params: &ListAgentsParams, opts: CallOptions) -> Result<Vec<Agent>, Error> {
        self.0.send(agents::list(&self.0.api, params), opts).await
    }

    /// One page by token; follow [`ListAgentPagesParams::next`] for the rest.
    pub async fn list_pages(&self, params: &ListAgentPagesParams, opts: CallOptions) -> Result<AgentListPage, Error> {
        self.0.send(agents::list_pages(&self.0.api, params), opts).await
    }

    /// The latest version, or `version` (a number or an alias).
    pub async fn get(&self, agent_id: &str, version: Option<&AgentVersion>, opts: CallOptions) -> Result<Agent, Error> {
        self.0.send(agents::get(&self.0.api, agent_id, version), opts).await
    }

    /// Writes a new version.
    pub async fn update(&self, agent_id: &str, body: &UpdateAgentRequest, opts: CallOptions) -> Result<Agent, Error> {
        self.0.send(agents::update(&self.0.api, agent_id, body), opts).await
    }

    /// Makes an earlier version the current one.
    pub async fn update_version(&self, agent_id: &str, version: i64, opts: CallOptions) -> Result<Agent, Error> {
        self.0.send(agents::update_version(&self.0.api, agent_id, version), opts).await
    }

    pub async fn delete(&self, agent_id: &str, opts: CallOptions) -> Result<(), Error> {
        self.0.send(agents::delete(&self.0.api, agent_id), opts).await
    }

    pub async fn list_versions(
        &self,
        agent_id: &str,
        params: ListAgentVersionsParams,
        opts: CallOptions,
    ) -> Result<Vec<Agent>, Error> {
        self.0.send(agents::list_versions(&self.0.api, agent_id, params), opts).await
    }

    pub async fn get_version(&self, agent_id: &str, version: &AgentVersion, opts: CallOptions) -> Result<Agent, Error> {
        self.0.send(agents::get_version(&self.0.api, agent_id, version), opts).await
    }

    /// Points `alias` at `version` (creating or moving it).
    pub async fn create_or_update_alias(
        &self,
        agent_id: &str,
        alias: &str,
        version: i64,
        opts: CallOptions,
    ) -> Result<AgentAliasResponse, Error> {
        self.0.send(agents::create_or_update_alias(&self.0.api, agent_id, alias, version), opts).await
    }

    pub async fn list_aliases(&self, agent_id: &str, opts: CallOptions) -> Result<Vec<AgentAliasResponse>, Error> {
        self.0.send(agents::list_version_aliases(&self.0.api, agent_id), opts).await
    }

    pub async fn delete_alias(&self, agent_id: &str, alias: &str, opts: CallOptions) -> Result<(), Error> {
        self.0.send(agents::delete_alias(&self.0.api, agent_id, alias), opts).await
    }
}
