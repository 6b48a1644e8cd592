//! Request builders for the Agents API (`/v1/agents`): create, list (paged
//! and by cursor), get, update, version switching, versions and aliases.
//!
//! Constraints the spec states on parameters and bodies (page sizes, alias
//! syntax, non-empty `handoffs`, `version_message` length) are checked here,
//! so a bad value fails before any network round trip with an error that
//! names the field, instead of coming back as a 422.

use super::call::Call;
use super::request::{path_param, ApiConfig, Method, RequestBuilder};
use crate::error::Error;
use crate::models::{
    Agent, AgentAliasResponse, AgentListPage, AgentVersion, CreateAgentRequest, MetadataDict, RequestSource,
    UpdateAgentRequest,
};

/// Optional query parameters of [`list`].
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListAgentsParams {
    /// 0-based page number.
    pub page: Option<u32>,
    /// 1 to 1000 (server default 20).
    pub page_size: Option<u32>,
    pub deployment_chat: Option<bool>,
    pub sources: Option<Vec<RequestSource>>,
    /// Exact agent name.
    pub name: Option<String>,
    /// Matches names or ids.
    pub search: Option<String>,
    pub id: Option<String>,
    /// Only agents whose metadata contains these pairs.
    pub metadata: Option<MetadataDict>,
}

/// Optional query parameters of [`list_pages`].
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListAgentPagesParams {
    /// 1 to 1000 (server default 20).
    pub page_size: Option<u32>,
    pub deployment_chat: Option<bool>,
    pub sources: Option<Vec<RequestSource>>,
    pub name: Option<String>,
    pub search: Option<String>,
    pub id: Option<String>,
    pub metadata: Option<MetadataDict>,
    /// `next_page_token` of the previous page; absent for the first page.
    pub page_token: Option<String>,
}

impl ListAgentPagesParams {
    /// The same filters, positioned after `page`; `None` on the last page.
    pub fn next(&self, page: &AgentListPage) -> Option<Self> {
        let token = page.next_page_token.as_ref().filter(|t| !t.is_empty())?;
        Some(Self { page_token: Some(token.clone()), ..self.clone() })
    }
}

/// Optional query parameters of [`list_versions`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListAgentVersionsParams {
    /// 0-based page number.
    pub page: Option<u32>,
    /// 1 to 100 (server default 20).
    pub page_size: Option<u32>,
}

/// `POST /v1/agents`: creates an agent (its version 0).
pub fn create(cfg: &ApiConfig, body: &CreateAgentRequest) -> Result<Call<Agent>, Error> {
    check_handoffs(body.handoffs.as_ref())?;
    check_version_message(body.version_message.as_deref())?;
    super::checks::known_tools(body.tools.as_ref())?;
    let req = cfg.request(Method::Post, "/v1/agents").json(body)?.build();
    Ok(Call::json(req, "Agent"))
}

/// `GET /v1/agents`: a page of agents by page number. Deprecated by the
/// server in favour of [`list_pages`], which also honours agent sharing.
pub fn list(cfg: &ApiConfig, params: &ListAgentsParams) -> Result<Call<Vec<Agent>>, Error> {
    check_page_size(params.page_size, 1000)?;
    let b = cfg.request(Method::Get, "/v1/agents").query("page", params.page).query("page_size", params.page_size);
    let b = filters(
        b,
        params.deployment_chat,
        params.sources.as_deref(),
        &params.name,
        &params.search,
        &params.id,
        params.metadata.as_ref(),
    )?;
    Ok(Call::json(b.build(), "Agent[]"))
}

/// `GET /v1/agents/pages`: a page of agents by opaque cursor; follow
/// [`ListAgentPagesParams::next`] until it returns `None`.
pub fn list_pages(cfg: &ApiConfig, params: &ListAgentPagesParams) -> Result<Call<AgentListPage>, Error> {
    check_page_size(params.page_size, 1000)?;
    let b = cfg.request(Method::Get, "/v1/agents/pages").query("page_size", params.page_size);
    let b = filters(
        b,
        params.deployment_chat,
        params.sources.as_deref(),
        &params.name,
        &params.search,
        &params.id,
        params.metadata.as_ref(),
    )?;
    let b = b.query("page_token", params.page_token.as_deref());
    Ok(Call::json(b.build(), "AgentListPage"))
}

/// `GET /v1/agents/{agent_id}`: the current version, or the one
/// `agent_version` names (a version number or an alias).
pub fn get(cfg: &ApiConfig, agent_id: &str, agent_version: Option<&AgentVersion>) -> Result<Call<Agent>, Error> {
    let version = agent_version.map(|v| version_text("agent_version", v)).transpose()?;
    let path = format!("/v1/agents/{}", path_param("agent_id", agent_id)?);
    let req = cfg.request(Method::Get, &path).query("agent_version", version).build();
    Ok(Call::json(req, "Agent"))
}

/// `PATCH /v1/agents/{agent_id}`: changes the given members and creates a
/// new version, which becomes the current one.
pub fn update(cfg: &ApiConfig, agent_id: &str, body: &UpdateAgentRequest) -> Result<Call<Agent>, Error> {
    check_handoffs(body.handoffs.as_ref().and_then(Option::as_ref))?;
    check_version_message(body.version_message.as_ref().and_then(Option::as_deref))?;
    super::checks::known_tools(body.tools.as_ref())?;
    let path = format!("/v1/agents/{}", path_param("agent_id", agent_id)?);
    let req = cfg.request(Method::Patch, &path).json(body)?.build();
    Ok(Call::json(req, "Agent"))
}

/// `PATCH /v1/agents/{agent_id}/version?version=`: makes an existing
/// version the current one (a rollback); no new version is created.
pub fn update_version(cfg: &ApiConfig, agent_id: &str, version: i64) -> Result<Call<Agent>, Error> {
    let path = format!("/v1/agents/{}/version", path_param("agent_id", agent_id)?);
    let req = cfg.request(Method::Patch, &path).query("version", Some(version)).build();
    Ok(Call::json(req, "Agent"))
}

/// `DELETE /v1/agents/{agent_id}`: answers `204 No Content`.
pub fn delete(cfg: &ApiConfig, agent_id: &str) -> Result<Call<()>, Error> {
    let path = format!("/v1/agents/{}", path_param("agent_id", agent_id)?);
    Ok(Call::empty(cfg.request(Method::Delete, &path).build()))
}

/// `GET /v1/agents/{agent_id}/versions`: every version, as full agents.
pub fn list_versions(
    cfg: &ApiConfig,
    agent_id: &str,
    params: ListAgentVersionsParams,
) -> Result<Call<Vec<Agent>>, Error> {
    check_page_size(params.page_size, 100)?;
    let path = format!("/v1/agents/{}/versions", path_param("agent_id", agent_id)?);
    let req = cfg.request(Method::Get, &path).query("page", params.page).query("page_size", params.page_size).build();
    Ok(Call::json(req, "Agent[]"))
}

/// `GET /v1/agents/{agent_id}/versions/{version}`. The spec types the path
/// segment as a string, so an alias is passed through as well as a number.
pub fn get_version(cfg: &ApiConfig, agent_id: &str, version: &AgentVersion) -> Result<Call<Agent>, Error> {
    let path = format!(
        "/v1/agents/{}/versions/{}",
        path_param("agent_id", agent_id)?,
        path_param("version", &version_text("version", version)?)?
    );
    Ok(Call::json(cfg.request(Method::Get, &path).build(), "Agent"))
}

/// `PUT /v1/agents/{agent_id}/aliases?alias=&version=`: points `alias` at
/// `version`, creating the alias or moving it. Both travel in the query;
/// the operation has no body.
pub fn create_or_update_alias(
    cfg: &ApiConfig,
    agent_id: &str,
    alias: &str,
    version: i64,
) -> Result<Call<AgentAliasResponse>, Error> {
    check_alias(alias)?;
    let path = format!("/v1/agents/{}/aliases", path_param("agent_id", agent_id)?);
    let req = cfg.request(Method::Put, &path).query("alias", Some(alias)).query("version", Some(version)).build();
    Ok(Call::json(req, "AgentAliasResponse"))
}

/// `GET /v1/agents/{agent_id}/aliases`.
pub fn list_version_aliases(cfg: &ApiConfig, agent_id: &str) -> Result<Call<Vec<AgentAliasResponse>>, Error> {
    let path = format!("/v1/agents/{}/aliases", path_param("agent_id", agent_id)?);
    Ok(Call::json(cfg.request(Method::Get, &path).build(), "AgentAliasResponse[]"))
}

/// `DELETE /v1/agents/{agent_id}/aliases?alias=`: answers `204 No Content`.
pub fn delete_alias(cfg: &ApiConfig, agent_id: &str, alias: &str) -> Result<Call<()>, Error> {
    check_alias(alias)?;
    let path = format!("/v1/agents/{}/aliases", path_param("agent_id", agent_id)?);
    Ok(Call::empty(cfg.request(Method::Delete, &path).query("alias", Some(alias)).build()))
}

/// The filters shared by both list operations. `sources` is exploded
/// (`sources=api&sources=playground`), the form-style default for array
/// query parameters that the server reads; `metadata` is JSON text, as the
/// spec declares it with `content: application/json`.
fn filters(
    b: RequestBuilder,
    deployment_chat: Option<bool>,
    sources: Option<&[RequestSource]>,
    name: &Option<String>,
    search: &Option<String>,
    id: &Option<String>,
    metadata: Option<&MetadataDict>,
) -> Result<RequestBuilder, Error> {
    let mut b = b.query("deployment_chat", deployment_chat);
    for source in sources.unwrap_or_default() {
        b = b.query("sources", Some(source.as_str()));
    }
    b.query("name", name.as_deref())
        .query("search", search.as_deref())
        .query("id", id.as_deref())
        .query_json("metadata", metadata)
}

fn check_page_size(page_size: Option<u32>, max: u32) -> Result<(), Error> {
    match page_size {
        Some(n) if n == 0 || n > max => Err(Error::invalid("page_size", format!("an integer from 1 to {max}"))),
        _ => Ok(()),
    }
}

/// The spec's `minItems: 1`: clearing handoffs is `null`, never `[]`.
fn check_handoffs(handoffs: Option<&Vec<String>>) -> Result<(), Error> {
    match handoffs {
        Some(list) if list.is_empty() => Err(Error::invalid("handoffs", "at least one agent id (or no `handoffs`)")),
        _ => Ok(()),
    }
}

/// The spec's `maxLength: 500`, which JSON Schema counts in characters.
fn check_version_message(message: Option<&str>) -> Result<(), Error> {
    match message {
        Some(m) if m.chars().count() > 500 => Err(Error::invalid("version_message", "at most 500 characters")),
        _ => Ok(()),
    }
}

/// The spec's alias syntax: `^[a-z]([a-z0-9_-]*[a-z0-9])?$`, 1 to 64 bytes.
fn check_alias(alias: &str) -> Result<(), Error> {
    let bytes = alias.as_bytes();
    let inner_ok = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_' || *b == b'-';
    let valid = matches!(bytes.first(), Some(b) if b.is_ascii_lowercase())
        && matches!(bytes.last(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.iter().all(inner_ok)
        && bytes.len() <= 64;
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(
            "alias",
            "1 to 64 characters of a-z, 0-9, `_` and `-`, starting with a letter and ending with a letter or digit",
        ))
    }
}

/// An [`AgentVersion`] as it appears in a URL; an empty alias is refused
/// rather than sent as `agent_version=` (which the server reads as a value).
fn version_text(field: &'static str, version: &AgentVersion) -> Result<String, Error> {
    match version {
        AgentVersion::Number(n) => Ok(n.to_string()),
        AgentVersion::Text(t) if t.is_empty() => Err(Error::invalid(field, "a version number or a non-empty alias")),
        AgentVersion::Text(t) => Ok(t.clone()),
    }
}
