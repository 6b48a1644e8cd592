//! Connecting: which era (pinned, cached for the URL, or negotiated as the
//! 2026-07-28 backward-compatibility rules say), then that era's start: a
//! `server/discover` (2026-07-28), the `initialize` handshake (2025 eras),
//! or the GET stream, its `endpoint` and then the handshake (2024-11-05).

use std::cell::RefCell;

use futures_util::future::{select, Either};
use serde_json::Value;
use wasm_bindgen_futures::spawn_local;

use super::pump::{self, feed, Ctx};
use super::time::{now_ms, sleep};
use super::wire::Wire;
use super::{oneshot, single_attempt, DriverError, McpSession, Outcome, RequestOptions, ServerSummary, State};
use crate::api::{api_error, secret_values, HttpRequest};
use crate::error::Error;
use crate::http::cancel::Cancel;
use crate::http::ByteStream;
use crate::mcp::error::{McpError, RequestTimeout};
use crate::mcp::jsonrpc::{ErrorCode, Message, Notification, Request, RequestId, Response};
use crate::mcp::transport::body::DEFAULT_MAX_JSON_BODY;
use crate::mcp::transport::legacy_sse::{LegacySse, LEGACY_STREAM, LEGACY_VERSION};
use crate::mcp::transport::negotiate::{first_response, Era, EraCache, EraKey, Negotiated, Negotiator, Step};
use crate::mcp::transport::stateless::{StatelessConfig, StatelessHttp, STATELESS_VERSIONS};
use crate::mcp::transport::streamable::{StreamableConfig, StreamableHttp, STREAMABLE_VERSIONS};
use crate::mcp::transport::TransportError;
use crate::mcp::types::lifecycle::{DiscoverResult, InitializeRequestParams, InitializeResult};
use crate::mcp::types::subscriptions::{SubscriptionFilter, SubscriptionsListenRequestParams};
use crate::models::common::JsonObject;

/// Longest wait for the standalone stream to open before `connect()`
/// returns.
const LISTEN_OPEN_WAIT_MS: u64 = 3_000;

thread_local! {
    /// What was learnt about servers, shared by every client of this
    /// instance: a second client of a server starts in the right era.
    static ERAS: RefCell<EraCache> = RefCell::new(EraCache::default());
}

/// Forgets the era learnt for `url` (the next connection negotiates).
pub fn forget_era(url: &str) -> bool {
    EraKey::new(url).is_ok_and(|key| ERAS.with(|c| c.borrow_mut().forget(&key)))
}

/// Ends the current connection: callers still waiting are failed, the
/// session (if it had an id) is ended with DELETE, and only then is the
/// listening stream dropped, so the server never sees the session half gone.
pub(super) async fn teardown(session: &McpSession) {
    let (delete, stream) = session.with(|s| {
        s.epoch += 1;
        s.summary = None;
        s.fail_all(|| DriverError::Closed);
        let delete = match s.wire.take() {
            Some(Wire::Streamable(mut m)) => m.close(),
            _ => None,
        };
        (delete, s.listen_stream.take())
    });
    if let Some(delete) = delete {
        // A 405 only means the server does not let clients end sessions.
        let _ = send_whole(session, &delete, true).await;
    }
    if let Some(stream) = stream {
        stream.abort();
    }
}

fn era_of(version: &str) -> Result<Era, DriverError> {
    if STATELESS_VERSIONS.contains(&version) {
        Ok(Era::Stateless)
    } else if STREAMABLE_VERSIONS.contains(&version) {
        Ok(Era::Streamable)
    } else if version == LEGACY_VERSION {
        Ok(Era::LegacySse)
    } else {
        Err(DriverError::Transport(TransportError::UnsupportedVersion { offered: vec![version.to_owned()] }))
    }
}

pub(super) async fn connect(session: &McpSession) -> Result<ServerSummary, DriverError> {
    teardown(session).await;
    session.prepare_auth().await?;
    let cfg = session.cfg();
    if let Some(version) = cfg.version.clone() {
        let era = era_of(&version)?;
        return connect_era(session, era, Some(version)).await;
    }
    let key = EraKey::new(&cfg.url).map_err(DriverError::Transport)?;
    if let Some(known) = ERAS.with(|c| c.borrow().get(&key).cloned()) {
        match connect_era(session, known.era, known.version).await {
            Ok(summary) => return Ok(summary),
            Err(e) if !is_era_signal(&e) => return Err(e),
            Err(_) => {
                ERAS.with(|c| c.borrow_mut().forget(&key));
                teardown(session).await;
            }
        }
    }
    let summary = negotiate(session).await?;
    let learnt = Negotiated { era: summary.era, version: Some(summary.protocol_version.clone()), session_id: None };
    ERAS.with(|c| c.borrow_mut().insert(key, learnt));
    Ok(summary)
}

/// Failures that say the server speaks another era than the one tried.
fn is_era_signal(e: &DriverError) -> bool {
    match e {
        DriverError::Http(Error::Api(api)) => matches!(api.status, 400 | 404 | 405),
        DriverError::Transport(t) => matches!(
            t,
            TransportError::EraMismatch { .. }
                | TransportError::UnsupportedVersion { .. }
                | TransportError::UnexpectedContentType { .. }
        ),
        DriverError::Mcp(McpError::Rpc(r)) => {
            r.code == ErrorCode::METHOD_NOT_FOUND || r.code == ErrorCode::UNSUPPORTED_PROTOCOL_VERSION
        }
        _ => false,
    }
}

async fn connect_era(session: &McpSession, era: Era, version: Option<String>) -> Result<ServerSummary, DriverError> {
    match era {
        Era::Stateless => connect_stateless(session, version, None).await,
        Era::Streamable => connect_streamable(session, version).await,
        Era::LegacySse => connect_legacy(session).await,
    }
}

/// Newest first: a `server/discover` probe, then `initialize`, then the
/// 2024-11-05 GET.
async fn negotiate(session: &McpSession) -> Result<ServerSummary, DriverError> {
    let cfg = session.cfg();
    let mut negotiator = Negotiator::new(cfg.url.clone(), cfg.headers.clone(), cfg.client_info.clone())
        .with_capabilities(cfg.capabilities.clone());
    let probe = negotiator.start().map_err(DriverError::Transport)?;
    let (status, headers, body) = send_whole(session, &probe, true).await?;
    match negotiator.on_response(status, &headers, &body) {
        Step::Decided(n) => {
            let discovered = match first_response(&headers, &body) {
                Some(Response::Result(r)) => Some(r.result),
                _ => None,
            };
            connect_stateless(session, n.version, discovered).await
        }
        Step::Send(_) => match connect_streamable(session, None).await {
            Err(DriverError::Http(Error::Api(api))) if is_legacy_cue(api.status) => {
                teardown(session).await;
                connect_legacy(session).await
            }
            other => other,
        },
        Step::Failed(TransportError::Status { status, body }) => {
            let secrets = secret_values(&cfg.headers, &cfg.secret_headers);
            Err(DriverError::Http(Error::Api(Box::new(api_error(status, headers, body).redacted(&secrets)))))
        }
        Step::Failed(e) => Err(DriverError::Transport(e)),
    }
}

/// A 4xx to `initialize` other than an auth failure: the 2025-03-26 spec's
/// cue that the URL is a 2024-11-05 SSE endpoint.
fn is_legacy_cue(status: u16) -> bool {
    (400..500).contains(&status) && status != 401 && status != 403
}

/// A whole answer (bounded), whatever its status; for probes, the closing
/// DELETE and token requests. `authorized`: with the session's token (never
/// for a request to the token endpoint, which is another server).
pub(super) async fn send_whole(
    session: &McpSession,
    req: &HttpRequest,
    authorized: bool,
) -> Result<(u16, Vec<(String, String)>, Vec<u8>), DriverError> {
    let timeout = session.cfg().timeout_ms;
    let mut opts = single_attempt(None, timeout, timeout);
    if authorized {
        opts.headers = session.authorization_for(&req.url);
    }
    match session.shared.http.open_stream(req, opts).await {
        Ok(mut body) => {
            let mut bytes = Vec::new();
            while let Some(chunk) = body.next().await.map_err(DriverError::Http)? {
                if bytes.len() + chunk.len() > DEFAULT_MAX_JSON_BODY {
                    return Err(DriverError::Transport(TransportError::BodyTooLarge { limit: DEFAULT_MAX_JSON_BODY }));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok((body.status, std::mem::take(&mut body.headers), bytes))
        }
        Err(Error::Api(api)) => {
            let api = *api;
            Ok((api.status, api.headers, api.body.into_bytes()))
        }
        Err(e) => Err(DriverError::Http(e)),
    }
}

fn invalid_result(detail: String) -> DriverError {
    DriverError::Transport(TransportError::InvalidResult { field: "result", detail })
}

fn install(session: &McpSession, summary: &ServerSummary) {
    session.with(|s| s.summary = Some(summary.clone()));
}

/// 2026-07-28: no handshake; `server/discover` tells versions, capabilities
/// and the server's name (`discovered` when the probe already did).
async fn connect_stateless(
    session: &McpSession,
    version: Option<String>,
    discovered: Option<JsonObject>,
) -> Result<ServerSummary, DriverError> {
    let cfg = session.cfg();
    let mut mcfg = StatelessConfig::new(cfg.url.clone(), cfg.client_info.clone());
    mcfg.headers = cfg.headers.clone();
    mcfg.capabilities = cfg.capabilities.clone();
    if let Some(v) = &version {
        mcfg.versions = vec![v.clone()];
    }
    let machine = StatelessHttp::new(mcfg);
    let protocol_version = machine.protocol_version().to_owned();
    session.with(|s| s.wire = Some(Wire::Stateless(machine)));
    let result = match discovered {
        Some(r) => r,
        None => session.request_once("server/discover", JsonObject::new(), &RequestOptions::default()).await?,
    };
    let discover: DiscoverResult =
        serde_json::from_value(Value::Object(result)).map_err(|e| invalid_result(format!("server/discover: {e}")))?;
    let summary = ServerSummary {
        era: Era::Stateless,
        protocol_version,
        server_info: discover.meta.and_then(|m| m.server_info),
        capabilities: discover.capabilities,
        instructions: discover.instructions,
    };
    install(session, &summary);
    let wanted = session.with(|s| !s.subscriptions.is_empty()) || cfg.on_notification.is_some();
    if wanted {
        let _ = start_listening(session);
    }
    Ok(summary)
}

/// Waits for the handshake's answer within the session's timeout.
async fn await_init(
    session: &McpSession,
    id: RequestId,
    out: crate::mcp::transport::Outgoing,
) -> Result<Outcome, DriverError> {
    let timeout_ms = session.cfg().timeout_ms;
    let mut cancel = Cancel::new(None).map_err(DriverError::Http)?;
    cancel.arm(Some(timeout_ms), false);
    match session.wait(id.clone(), out, cancel, None).await {
        Err(DriverError::Timeout) => {
            Err(DriverError::Mcp(McpError::Timeout(RequestTimeout { id, method: "initialize".into(), timeout_ms })))
        }
        other => other,
    }
}

fn summary_of(era: Era, result: InitializeResult) -> ServerSummary {
    ServerSummary {
        era,
        protocol_version: result.protocol_version,
        server_info: Some(result.server_info),
        capabilities: result.capabilities,
        instructions: result.instructions,
    }
}

fn initialize_params(session: &McpSession, version: String) -> InitializeRequestParams {
    let cfg = session.cfg();
    InitializeRequestParams {
        protocol_version: version,
        capabilities: cfg.capabilities.clone(),
        client_info: cfg.client_info.clone(),
        meta: None,
        extra: JsonObject::new(),
    }
}

/// Sends what the machine has queued (the `initialized` notification) and
/// waits for it to be taken, so it precedes every request.
async fn flush(session: &McpSession) {
    let (epoch, due) = session.with(|s| (s.epoch, s.wire.as_mut().map(|w| w.poll(now_ms())).unwrap_or_default()));
    for out in due {
        pump::run(session.clone(), epoch, out, None, None).await;
    }
}

/// Sends a notification and waits until the server took it: `initialized`
/// must reach the server before any request.
async fn notify_and_wait(session: &McpSession, note: Notification) {
    let sent = session.with(|s| {
        let epoch = s.epoch;
        s.wire.as_mut().and_then(|w| w.send(&Message::Notification(note)).ok()).map(|out| (epoch, out))
    });
    if let Some((epoch, out)) = sent {
        pump::run(session.clone(), epoch, out, None, None).await;
    }
}

/// 2025-03-26 … 2025-11-25: `initialize`, then `initialized`.
async fn connect_streamable(session: &McpSession, version: Option<String>) -> Result<ServerSummary, DriverError> {
    let cfg = session.cfg();
    let mut mcfg = StreamableConfig::new(cfg.url.clone());
    mcfg.headers = cfg.headers.clone();
    let mut machine = StreamableHttp::new(mcfg);
    let id = session.with(|s| s.pending.next_id());
    let version = version.unwrap_or_else(|| STREAMABLE_VERSIONS[0].to_owned());
    let out = machine.initialize(id.clone(), &initialize_params(session, version)).map_err(DriverError::Transport)?;
    session.with(|s| s.wire = Some(Wire::Streamable(machine)));
    match await_init(session, id, out).await? {
        Outcome::Init(result) => {
            flush(session).await;
            let summary = summary_of(Era::Streamable, *result);
            install(session, &summary);
            // Servers send their own requests (roots, sampling) on this
            // stream: it must be open before a call can trigger one.
            // Bounded apart from the timeout: a server that holds the
            // status back until its first event must not stall connect().
            let opened = start_listening(session);
            let deadline = sleep(cfg.timeout_ms.min(LISTEN_OPEN_WAIT_MS));
            futures_util::pin_mut!(deadline);
            let _ = select(opened, deadline).await;
            resubscribe(session);
            Ok(summary)
        }
        Outcome::Result(_) => Err(invalid_result("initialize was answered without an InitializeResult".into())),
    }
}

/// Opens the stream where the server sends what belongs to no request (log
/// messages, list changes, resource updates, its own requests): Streamable
/// HTTP's standalone GET, or 2026-07-28's `subscriptions/listen`. Replaces
/// the one open before.
/// The receiver learns whether the server opened the stream.
pub(super) fn start_listening(session: &McpSession) -> oneshot::Receiver<bool> {
    let (tx, rx) = oneshot::channel();
    let Ok(controller) = web_sys::AbortController::new() else {
        return rx;
    };
    let epoch = session.with(|s| {
        if let Some(old) = s.listen_stream.replace(controller.clone()) {
            old.abort();
        }
        s.epoch
    });
    spawn_local(listen(session.clone(), epoch, controller.signal(), tx));
    rx
}

/// Reopens the stream when the server ends it, backing off when it ends
/// right away; stops when the server offers none (a 4xx such as 405), when
/// there is nothing to listen for, or when the session ends.
async fn listen(session: McpSession, epoch: u64, signal: web_sys::AbortSignal, opened: oneshot::Sender<bool>) {
    let mut quick_ends = 0u32;
    let mut opened = Some(opened);
    while !signal.aborted() {
        let out = session.with(|s| if s.epoch == epoch && !s.closed { listen_request(s) } else { None });
        let Some(out) = out else { return };
        let started = now_ms();
        if !pump::listen(&session, epoch, out, signal.clone(), opened.take()).await {
            return;
        }
        quick_ends = if now_ms().saturating_sub(started) < 1000 { quick_ends + 1 } else { 0 };
        if quick_ends > 5 {
            return;
        }
        sleep(500 * u64::from(quick_ends)).await;
    }
}

/// The request that opens the listening stream of the current era.
fn listen_request(s: &mut State) -> Option<crate::mcp::transport::Outgoing> {
    let State { wire, summary, subscriptions, pending, .. } = s;
    match wire.as_mut()? {
        Wire::Streamable(m) => m.listen().ok(),
        Wire::Stateless(m) => {
            let caps = &summary.as_ref()?.capabilities;
            let offered = |c: Option<bool>| c.filter(|on| *on);
            let filter = SubscriptionFilter {
                tools_list_changed: offered(caps.tools.as_ref().and_then(|c| c.list_changed)),
                prompts_list_changed: offered(caps.prompts.as_ref().and_then(|c| c.list_changed)),
                resources_list_changed: offered(caps.resources.as_ref().and_then(|c| c.list_changed)),
                resource_subscriptions: (!subscriptions.is_empty()).then(|| subscriptions.iter().cloned().collect()),
                extra: JsonObject::new(),
            };
            if filter == SubscriptionFilter::default() {
                return None;
            }
            let params =
                SubscriptionsListenRequestParams { notifications: filter, meta: None, extra: JsonObject::new() };
            let params = serde_json::to_value(params).ok()?.as_object().cloned();
            let id = pending.next_id();
            m.send(&Message::Request(Request { id, method: "subscriptions/listen".into(), params })).ok()
        }
        Wire::Legacy(_) => None,
    }
}

/// Subscribes again, in a new session, to what the app subscribed to: a
/// session the server dropped took its subscriptions with it.
fn resubscribe(session: &McpSession) {
    let uris: Vec<String> = session.with(|s| s.subscriptions.iter().cloned().collect());
    for uri in uris {
        let id = session.with(|s| s.pending.next_id());
        let mut params = JsonObject::new();
        params.insert("uri".into(), Value::String(uri));
        session.fire(Message::Request(Request { id, method: "resources/subscribe".into(), params: Some(params) }));
    }
}

/// 2024-11-05: the GET stream, its `endpoint`, then the handshake over
/// POSTs whose answers come on the stream.
async fn connect_legacy(session: &McpSession) -> Result<ServerSummary, DriverError> {
    let cfg = session.cfg();
    let mut machine = LegacySse::new(cfg.url.clone(), cfg.headers.clone());
    let get = machine.connect();
    let controller = web_sys::AbortController::new()
        .map_err(|e| DriverError::Http(Error::Connection(crate::http::cancel::js_message(&e))))?;
    let epoch = session.with(|s| {
        s.wire = Some(Wire::Legacy(machine));
        s.listen_stream = Some(controller.clone());
        s.epoch
    });
    let mut opts = single_attempt(Some(controller.signal()), cfg.timeout_ms, i32::MAX as u64);
    opts.headers = session.authorization_for(&get.url);
    let body = session.shared.http.open_stream(&get, opts).await.map_err(DriverError::Http)?;
    let (tx, rx) = oneshot::channel();
    spawn_local(read_legacy(session.clone(), body, tx, epoch));
    let deadline = sleep(cfg.timeout_ms);
    futures_util::pin_mut!(deadline);
    match select(rx, deadline).await {
        Either::Left((Some(Ok(_endpoint)), _)) => {}
        Either::Left((Some(Err(e)), _)) => return Err(e),
        Either::Left((None, _)) => return Err(DriverError::Transport(TransportError::StreamEnded { resumes: 0 })),
        Either::Right(_) => {
            return Err(DriverError::Mcp(McpError::Timeout(RequestTimeout {
                id: RequestId::from("endpoint"),
                method: "the `endpoint` event".into(),
                timeout_ms: cfg.timeout_ms,
            })))
        }
    }
    let params = serde_json::to_value(initialize_params(session, LEGACY_VERSION.to_owned()))
        .ok()
        .and_then(|v| v.as_object().cloned());
    let (id, out) = session.with(|s| {
        let id = s.pending.start("initialize", now_ms(), cfg.timeout_ms, false).id;
        let msg = Message::Request(Request { id: id.clone(), method: "initialize".into(), params });
        let out = s.wire.as_mut().map(|w| w.send(&msg));
        (id, out)
    });
    let out = match out {
        Some(Ok(out)) => out,
        Some(Err(e)) => return Err(DriverError::Transport(e)),
        None => return Err(DriverError::Closed),
    };
    let result = match await_init(session, id, out).await? {
        Outcome::Result(r) => r,
        Outcome::Init(r) => serde_json::to_value(*r).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default(),
    };
    let result: InitializeResult =
        serde_json::from_value(Value::Object(result)).map_err(|e| invalid_result(format!("initialize: {e}")))?;
    if era_of(&result.protocol_version).is_err() {
        return Err(DriverError::Transport(TransportError::UnsupportedVersion {
            offered: vec![result.protocol_version],
        }));
    }
    notify_and_wait(session, Notification { method: "notifications/initialized".into(), params: None }).await;
    let summary = summary_of(Era::LegacySse, result);
    install(session, &summary);
    resubscribe(session);
    Ok(summary)
}

/// Reads the 2024-11-05 stream for as long as it lasts: the `endpoint`
/// goes to `endpoint`, messages to their waiters. When it ends the
/// connection is over: waiting callers get `SessionExpired`, so they
/// reconnect and resend.
async fn read_legacy(
    session: McpSession,
    mut body: ByteStream,
    endpoint: oneshot::Sender<Result<String, DriverError>>,
    epoch: u64,
) {
    let mut endpoint = Some(endpoint);
    let mut ctx = Ctx::new(epoch, LEGACY_STREAM, None, None);
    feed(&session, &mut ctx, |w| w.on_headers(LEGACY_STREAM, body.status, &body.headers));
    loop {
        if let Some(url) = ctx.endpoint.take() {
            if let Some(tx) = endpoint.take() {
                tx.send(Ok(url));
            }
        }
        if ctx.ended {
            break;
        }
        match body.next().await {
            Ok(Some(chunk)) => feed(&session, &mut ctx, |w| w.on_body(LEGACY_STREAM, &chunk)),
            Ok(None) | Err(_) => {
                feed(&session, &mut ctx, |w| w.on_end(LEGACY_STREAM, now_ms()));
                break;
            }
        }
    }
    if let Some(tx) = endpoint.take() {
        let why = ctx.fatal.take().unwrap_or(TransportError::StreamEnded { resumes: 0 });
        tx.send(Err(DriverError::Transport(why)));
    }
    session.with(|s| {
        if s.epoch == epoch {
            s.summary = None;
            s.fail_all(|| DriverError::SessionExpired);
        }
    });
}
