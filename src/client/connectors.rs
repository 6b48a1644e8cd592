//! `client.connectors()`: MCP connectors, including a walk over every cursor
//! page as one stream of connectors.

use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::Mistral;
use crate::api::connectors::{
    self, CallConnectorToolParams, ConnectorAuthUrlParams, ConnectorPages, GetConnectorParams, ListConnectorToolsParams,
    ListConnectorsParams,
};
use crate::api::Call;
use crate::error::Error;
use crate::http::CallOptions;
use crate::models::{
    AuthUrlResponse, Connector, ConnectorCallToolRequest, ConnectorToolCallResponse, ConnectorToolList,
    CreateConnectorRequest, MessageResponse, PaginatedConnectors, UpdateConnectorRequest,
};

/// Borrowed from [`Mistral::connectors`].
#[derive(Debug, Clone, Copy)]
pub struct Connectors<'a>(pub(super) &'a Mistral);

impl Connectors<'_> {
    pub async fn create(&self, body: &CreateConnectorRequest, opts: CallOptions) -> Result<Connector, Error> {
        self.0.send(connectors::create(&self.0.api, body), opts).await
    }

    /// One cursor page; see [`list_all`](Self::list_all) for every page.
    pub async fn list(&self, params: &ListConnectorsParams, opts: CallOptions) -> Result<PaginatedConnectors, Error> {
        self.0.send(connectors::list(&self.0.api, params), opts).await
    }

    /// Every connector across all pages, fetched a page at a time as the
    /// stream is polled (`opts` applies to each page request). A failed page
    /// ends the stream with its error; a cursor the server repeats ends it
    /// with a typed error instead of looping.
    pub fn list_all(
        &self,
        params: ListConnectorsParams,
        opts: CallOptions,
    ) -> impl Stream<Item = Result<Connector, Error>> + 'static {
        pages(self.0.clone(), params, opts, PaginatedConnectors::next_cursor).flat_map(|page| {
            let items: Vec<_> = match page {
                Ok(page) => page.items.into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
    }

    /// By id or by name.
    pub async fn get(&self, id_or_name: &str, params: &GetConnectorParams, opts: CallOptions) -> Result<Connector, Error> {
        self.0.send(connectors::get(&self.0.api, id_or_name, params), opts).await
    }

    pub async fn update(&self, connector_id: &str, body: &UpdateConnectorRequest, opts: CallOptions) -> Result<Connector, Error> {
        self.0.send(connectors::update(&self.0.api, connector_id, body), opts).await
    }

    pub async fn delete(&self, connector_id: &str, opts: CallOptions) -> Result<MessageResponse, Error> {
        self.0.send(connectors::delete(&self.0.api, connector_id), opts).await
    }

    pub async fn list_tools(
        &self,
        id_or_name: &str,
        params: &ListConnectorToolsParams,
        opts: CallOptions,
    ) -> Result<ConnectorToolList, Error> {
        self.0.send(connectors::list_tools(&self.0.api, id_or_name, params), opts).await
    }

    /// A tool that fails still resolves, with `is_error` set.
    pub async fn call_tool(
        &self,
        id_or_name: &str,
        tool_name: &str,
        body: &ConnectorCallToolRequest,
        params: &CallConnectorToolParams,
        opts: CallOptions,
    ) -> Result<ConnectorToolCallResponse, Error> {
        self.0.send(connectors::call_tool(&self.0.api, id_or_name, tool_name, body, params), opts).await
    }

    pub async fn get_auth_url(
        &self,
        id_or_name: &str,
        params: &ConnectorAuthUrlParams,
        opts: CallOptions,
    ) -> Result<AuthUrlResponse, Error> {
        self.0.send(connectors::get_auth_url(&self.0.api, id_or_name, params), opts).await
    }
}

/// The pages of a listing, each read as `U` (the typed page, or only what a
/// caller needs of it), fetched as polled; `cursor` reads a page's
/// `pagination.next_cursor`. Owns its client so the walk can outlive the
/// borrow that started it.
pub fn pages<U: DeserializeOwned + 'static>(
    client: Mistral,
    params: ListConnectorsParams,
    opts: CallOptions,
    cursor: fn(&U) -> Option<&str>,
) -> impl Stream<Item = Result<U, Error>> + 'static {
    let state = Some((client, ConnectorPages::new(params), opts));
    stream::unfold(state, move |state| async move {
        let (client, mut pages, opts) = state?;
        let call = pages.next_call(&client.api)?;
        match client.send(call.map(Call::decode_as::<U>), opts.clone()).await {
            Ok(page) => {
                pages.advance_to(cursor(&page));
                Some((Ok(page), Some((client, pages, opts))))
            }
            // Ends the walk: polling on would resend the failed page forever.
            Err(e) => Some((Err(e), None)),
        }
    })
}
