//! Request builders for the Connectors API (`/v1/connectors`): create, list
//! by cursor (and [`ConnectorPages`] to walk every page), get by id or name,
//! update, delete, list and call a connector's tools, and the OAuth
//! authorization URL.
//!
//! Constraints the spec states in schemas (lengths, the `credentials_name`
//! pattern, page-size bounds) are checked here, so a bad value fails before
//! any round trip with an error naming the field.

use std::collections::HashSet;

use super::call::Call;
use super::request::{path_param, ApiConfig, Method};
use crate::error::{DecodeError, Error};
use crate::models::{
    AuthUrlResponse, Connector, ConnectorCallToolRequest, ConnectorToolCallResponse, ConnectorToolList,
    ConnectorsQueryFilters, CreateConnectorRequest, MessageResponse, OutboundAuthenticationType, PaginatedConnectors,
    UpdateConnectorRequest,
};

/// Longest URL the spec accepts for `server` and `oauth2_server_metadata_url`.
const MAX_URL_LEN: usize = 2083;
/// Longest `title` / `credentials_title`.
const MAX_TITLE_LEN: usize = 255;

/// Optional query parameters of [`list`].
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListConnectorsParams {
    pub query_filters: Option<ConnectorsQueryFilters>,
    /// `pagination.next_cursor` of the previous page; absent for the first.
    pub cursor: Option<String>,
    /// 1 to 1000 (server default 100).
    pub page_size: Option<u32>,
}

/// Optional query parameters of [`get`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GetConnectorParams {
    /// Include the caller's own data, e.g. `connection_credentials`.
    pub fetch_user_data: Option<bool>,
    /// Include the customer's data, e.g. secrets and configuration.
    pub fetch_customer_data: Option<bool>,
}

/// Optional query parameters of [`list_tools`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListConnectorToolsParams {
    /// 1-based page number (server default 1).
    pub page: Option<u32>,
    /// Server default 100.
    pub page_size: Option<u32>,
    /// Ask the MCP server again instead of using Mistral's cached list.
    pub refresh: Option<bool>,
    /// Only name, description, annotations and a compact input schema.
    pub pretty: Option<bool>,
    /// Which of the caller's credentials to use.
    pub credentials_name: Option<String>,
}

/// Optional query parameters of [`call_tool`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallConnectorToolParams {
    /// Which of the caller's credentials to use.
    pub credentials_name: Option<String>,
}

/// Optional query parameters of [`get_auth_url`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectorAuthUrlParams {
    /// Where the user lands after authorizing.
    pub app_return_url: Option<String>,
    /// Required when the connector has several interactive methods (e.g.
    /// `oauth2` and `github_app`); the server defaults to `oauth2`.
    pub method_type: Option<OutboundAuthenticationType>,
    /// The name to store the obtained credentials under.
    pub credentials_name: Option<String>,
    /// At most 255 characters.
    pub credentials_title: Option<String>,
    /// With `oauth2`: return a GitHub App installation URL when the connector
    /// is configured for it.
    pub github_installation_link: Option<bool>,
}

/// `POST /v1/connectors`: registers an MCP server (answers `201` with the
/// connector).
pub fn create(cfg: &ApiConfig, body: &CreateConnectorRequest) -> Result<Call<Connector>, Error> {
    check_len("title", body.title.as_deref(), 0, MAX_TITLE_LEN)?;
    check_len("server", Some(&body.server), 1, MAX_URL_LEN)?;
    check_len("oauth2_server_metadata_url", body.oauth2_server_metadata_url.as_deref(), 1, MAX_URL_LEN)?;
    if body.oauth2_server_metadata.is_some() && body.oauth2_server_metadata_url.is_some() {
        return Err(Error::invalid(
            "oauth2_server_metadata_url",
            "to be absent when `oauth2_server_metadata` is given (they are mutually exclusive)",
        ));
    }
    let req = cfg.request(Method::Post, "/v1/connectors").json(body)?.build();
    Ok(Call::json(req, "Connector"))
}

/// `GET /v1/connectors`: one page of the caller's connectors.
///
/// `query_filters` is an object parameter without a `style`, so OpenAPI's
/// default applies (`form`, exploded): each filter is its own query
/// parameter (`?active=true`), as the official SDKs send it.
pub fn list(cfg: &ApiConfig, params: &ListConnectorsParams) -> Result<Call<PaginatedConnectors>, Error> {
    if let Some(size) = params.page_size {
        if !(1..=1000).contains(&size) {
            return Err(Error::invalid("page_size", "an integer from 1 to 1000"));
        }
    }
    let filters = params.query_filters.as_ref();
    let req = cfg
        .request(Method::Get, "/v1/connectors")
        .query("active", filters.and_then(|f| f.active))
        .query("cursor", params.cursor.as_deref())
        .query("page_size", params.page_size)
        .build();
    Ok(Call::json(req, "PaginatedConnectors"))
}

/// `GET /v1/connectors/{connector_id_or_name}`: a connector by id or name.
pub fn get(cfg: &ApiConfig, connector_id_or_name: &str, params: &GetConnectorParams) -> Result<Call<Connector>, Error> {
    let path = format!("/v1/connectors/{}", path_param("connector_id_or_name", connector_id_or_name)?);
    let req = cfg
        .request(Method::Get, &path)
        .query("fetch_user_data", params.fetch_user_data)
        .query("fetch_customer_data", params.fetch_customer_data)
        .build();
    Ok(Call::json(req, "Connector"))
}

/// `PATCH /v1/connectors/{connector_id}`: changes a connector. By id only:
/// unlike `get`, the server does not resolve names here.
pub fn update(cfg: &ApiConfig, connector_id: &str, body: &UpdateConnectorRequest) -> Result<Call<Connector>, Error> {
    check_len("title", body.title.as_deref(), 0, MAX_TITLE_LEN)?;
    check_len("server", body.server.as_deref(), 1, MAX_URL_LEN)?;
    let path = format!("/v1/connectors/{}", path_param("connector_id", connector_id)?);
    let req = cfg.request(Method::Patch, &path).json(body)?.build();
    Ok(Call::json(req, "Connector"))
}

/// `DELETE /v1/connectors/{connector_id}`: by id only; answers with a
/// [`MessageResponse`] (not `204`).
pub fn delete(cfg: &ApiConfig, connector_id: &str) -> Result<Call<MessageResponse>, Error> {
    let path = format!("/v1/connectors/{}", path_param("connector_id", connector_id)?);
    Ok(Call::json(cfg.request(Method::Delete, &path).build(), "MessageResponse"))
}

/// `GET /v1/connectors/{connector_id_or_name}/tools`: the connector's MCP tools.
pub fn list_tools(
    cfg: &ApiConfig,
    connector_id_or_name: &str,
    params: &ListConnectorToolsParams,
) -> Result<Call<ConnectorToolList>, Error> {
    check_credentials_name(params.credentials_name.as_deref())?;
    let path = format!("/v1/connectors/{}/tools", path_param("connector_id_or_name", connector_id_or_name)?);
    let req = cfg
        .request(Method::Get, &path)
        .query("page", params.page)
        .query("page_size", params.page_size)
        .query("refresh", params.refresh)
        .query("pretty", params.pretty)
        .query("credentials_name", params.credentials_name.as_deref())
        .build();
    Ok(Call::json(req, "ConnectorToolList"))
}

/// `POST /v1/connectors/{connector_id_or_name}/tools/{tool_name}/call`: runs
/// one MCP tool. A tool that fails still answers `200`, with
/// [`ConnectorToolCallResponse::is_error`] set.
pub fn call_tool(
    cfg: &ApiConfig,
    connector_id_or_name: &str,
    tool_name: &str,
    body: &ConnectorCallToolRequest,
    params: &CallConnectorToolParams,
) -> Result<Call<ConnectorToolCallResponse>, Error> {
    check_credentials_name(params.credentials_name.as_deref())?;
    let path = format!(
        "/v1/connectors/{}/tools/{}/call",
        path_param("connector_id_or_name", connector_id_or_name)?,
        path_param("tool_name", tool_name)?
    );
    let req = cfg
        .request(Method::Post, &path)
        .query("credentials_name", params.credentials_name.as_deref())
        .json(body)?
        .build();
    Ok(Call::json(req, "ConnectorToolCallResponse"))
}

/// `GET /v1/connectors/{connector_id_or_name}/auth_url`: the URL that starts
/// the user's OAuth authorization of the connector (valid for `ttl` seconds).
pub fn get_auth_url(
    cfg: &ApiConfig,
    connector_id_or_name: &str,
    params: &ConnectorAuthUrlParams,
) -> Result<Call<AuthUrlResponse>, Error> {
    check_credentials_name(params.credentials_name.as_deref())?;
    check_len("credentials_title", params.credentials_title.as_deref(), 0, MAX_TITLE_LEN)?;
    let path = format!("/v1/connectors/{}/auth_url", path_param("connector_id_or_name", connector_id_or_name)?);
    let req = cfg
        .request(Method::Get, &path)
        .query("app_return_url", params.app_return_url.as_deref())
        .query("method_type", params.method_type.as_ref())
        .query("credentials_name", params.credentials_name.as_deref())
        .query("credentials_title", params.credentials_title.as_deref())
        .query("github_installation_link", params.github_installation_link)
        .build();
    Ok(Call::json(req, "AuthUrlResponse"))
}

/// Walks every page of [`list`], sans IO: the transport asks
/// [`next_call`](Self::next_call) for the request of the next page, sends
/// it, and hands the decoded page to [`advance`](Self::advance), until
/// `next_call` answers `None`. The cursor never leaves this type.
///
/// A server that hands back a cursor it already gave (which would make the
/// walk loop forever) ends the walk with a typed error instead.
#[derive(Debug, Clone)]
pub struct ConnectorPages {
    params: ListConnectorsParams,
    state: PagesState,
    /// Every cursor followed so far, to detect cycles of any length.
    seen: HashSet<String>,
    pages: usize,
}

#[derive(Debug, Clone)]
enum PagesState {
    /// The next request is `params` (with its cursor); repeatable until
    /// [`ConnectorPages::advance`], so a failed send can simply be retried.
    Ready,
    /// The walk stopped on a bad answer; reported once by `next_call`.
    Failed(Error),
    Done,
}

impl ConnectorPages {
    /// Starts at `params.cursor` (the first page when absent), with the same
    /// filters and page size on every page.
    pub fn new(params: ListConnectorsParams) -> Self {
        let seen = params.cursor.iter().cloned().collect();
        ConnectorPages { params, state: PagesState::Ready, seen, pages: 0 }
    }

    /// The request for the next page; `None` once every page was read (or
    /// after an error was returned). Calling it again before
    /// [`advance`](Self::advance) gives the same request.
    pub fn next_call(&mut self, cfg: &ApiConfig) -> Option<Result<Call<PaginatedConnectors>, Error>> {
        match std::mem::replace(&mut self.state, PagesState::Done) {
            PagesState::Ready => {
                let call = list(cfg, &self.params);
                if call.is_ok() {
                    self.state = PagesState::Ready;
                }
                Some(call)
            }
            PagesState::Failed(e) => Some(Err(e)),
            PagesState::Done => None,
        }
    }

    /// Records a page received for the last [`next_call`](Self::next_call):
    /// moves to its cursor, or ends the walk on the last page. Ignored once
    /// the walk has ended.
    pub fn advance(&mut self, page: &PaginatedConnectors) {
        self.advance_to(page.next_cursor());
    }

    /// [`advance`](Self::advance) for a caller that read only the page's
    /// `pagination.next_cursor` (an empty cursor counts as none).
    pub fn advance_to(&mut self, next_cursor: Option<&str>) {
        if !matches!(self.state, PagesState::Ready) {
            return;
        }
        self.pages += 1;
        match next_cursor.filter(|c| !c.is_empty()) {
            None => self.state = PagesState::Done,
            Some(cursor) if self.seen.contains(cursor) => {
                self.state = PagesState::Failed(Error::Decode(DecodeError {
                    target: "PaginatedConnectors",
                    path: "pagination.next_cursor".to_owned(),
                    message: format!(
                        "the server returned cursor {cursor:?} a second time (page {}); stopping instead of looping",
                        self.pages
                    ),
                }));
            }
            Some(cursor) => {
                self.seen.insert(cursor.to_owned());
                self.params.cursor = Some(cursor.to_owned());
            }
        }
    }

    /// Pages passed to [`advance`](Self::advance) so far.
    pub fn pages_read(&self) -> usize {
        self.pages
    }

    /// Whether [`next_call`](Self::next_call) will answer `None`.
    pub fn is_done(&self) -> bool {
        matches!(self.state, PagesState::Done)
    }
}

/// Checks the spec's `^[a-zA-Z0-9_-]{1,64}$` for credential names.
fn check_credentials_name(name: Option<&str>) -> Result<(), Error> {
    let Some(name) = name else { return Ok(()) };
    let ok =
        (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid("credentials_name", "1 to 64 letters, digits, `_` or `-`"))
    }
}

/// Checks a length in characters, as JSON Schema counts them.
fn check_len(field: &'static str, value: Option<&str>, min: usize, max: usize) -> Result<(), Error> {
    let Some(value) = value else { return Ok(()) };
    let len = value.chars().count();
    if (min..=max).contains(&len) {
        Ok(())
    } else if min == 0 {
        Err(Error::invalid(field, format!("at most {max} characters")))
    } else {
        Err(Error::invalid(field, format!("{min} to {max} characters")))
    }
}
