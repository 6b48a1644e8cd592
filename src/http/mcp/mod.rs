//! The MCP client over `fetch`: drives the sans-IO machines of
//! [`crate::mcp::transport`] for all three eras, with any number of requests
//! in flight.
//!
//! Every request gets its own task (a *pump*) that sends it and reads its
//! answer, feeding the machine. What the machine reports is dispatched on
//! the spot: a response goes to whichever caller waits on its id (a stream
//! may carry answers to other requests), a server request goes to the app's
//! handler and its reply is POSTed, progress goes to the caller's callback.
//! The caller races its answer against its deadline and its `AbortSignal`;
//! when it gives up, the fetch is aborted and the server told
//! (`notifications/cancelled`).
//!
//! No `RefCell` borrow is held across an `.await` or a call into JS: a JS
//! callback may call the client again.
//!
//! Lives behind the `js` feature because it reads the clock and sleeps
//! through JS; the machines stay sans-IO.

mod connect;
mod error;
mod oauth;
mod oneshot;
mod pump;
mod serve;
mod time;
mod token;
mod wire;

use std::cell::RefCell;
use std::collections::BTreeMap;

use std::rc::Rc;

use futures_util::future::{select, Either, LocalBoxFuture};
use futures_util::lock::Mutex;
use js_sys::Function;
use serde_json::Value;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortSignal;

pub use connect::forget_era;
pub use error::DriverError;
pub use oauth::{Grant, OAuthConfig, Storage};
pub use token::ClientCredentials;

use self::time::now_ms;
use self::wire::Wire;
use super::cancel::Cancel;
use super::{CallOptions, Transport};
use crate::error::Error;
use crate::mcp::error::{McpError, RequestTimeout};
use crate::mcp::jsonrpc::{ErrorObject, Message, Notification, Request, RequestId};
use crate::mcp::pending::PendingRequests;
use crate::mcp::transport::negotiate::Era;
use crate::mcp::transport::{Outgoing, TransportError};
use crate::mcp::types::lifecycle::{ClientCapabilities, Implementation, ServerCapabilities};
use crate::mcp::types::notifications::ProgressNotificationParams;
use crate::mcp::types::tools::Tool;
use crate::models::common::JsonObject;
use crate::retry::RetryPolicy;

/// Default per-request timeout.
pub const DEFAULT_MCP_TIMEOUT_MS: u64 = 60_000;

/// How long a best-effort message (`initialized`, a reply, a cancellation,
/// the closing DELETE) may take at most.
const FIRE_TIMEOUT_MS: u64 = 10_000;

/// Answers a server's request (`elicitation/create`, `sampling/createMessage`,
/// `roots/list`): method and params in, result or JSON-RPC error out.
pub type RequestHandler = Rc<dyn Fn(String, JsonObject) -> LocalBoxFuture<'static, Result<JsonObject, ErrorObject>>>;
/// Receives the server's notifications (logging, list changes, updates).
pub type NotificationHandler = Rc<dyn Fn(&Notification)>;
/// Receives a request's `notifications/progress`.
pub type ProgressHandler = Rc<dyn Fn(&ProgressNotificationParams)>;

/// What a session is built from.
pub struct McpConfig {
    pub url: String,
    /// Sent with every request (authorization, ...).
    pub headers: Vec<(String, String)>,
    /// Names of headers besides `authorization` and `x-api-key` whose values
    /// are credentials: never shown in an error.
    pub secret_headers: Vec<String>,
    /// An injected `fetch(url, init)`; the global one when `None`.
    pub fetch: Option<Function>,
    /// Per-request timeout, the handshake included.
    pub timeout_ms: u64,
    /// A revision to speak instead of negotiating.
    pub version: Option<String>,
    pub client_info: Implementation,
    /// Declared to the server; match them to `on_request`.
    pub capabilities: ClientCapabilities,
    pub on_request: Option<RequestHandler>,
    pub on_notification: Option<NotificationHandler>,
    /// Client credentials (OAuth 2 machine to machine): the session gets
    /// and renews its own bearer token.
    pub client_credentials: Option<ClientCredentials>,
    /// OAuth (authorization code, or client credentials with discovery):
    /// tokens got when the server asks for them with a 401.
    pub oauth: Option<OAuthConfig>,
}

impl McpConfig {
    pub fn new(url: impl Into<String>) -> Self {
        McpConfig {
            url: url.into(),
            headers: Vec::new(),
            secret_headers: Vec::new(),
            fetch: None,
            timeout_ms: DEFAULT_MCP_TIMEOUT_MS,
            version: None,
            client_info: Implementation::new("mistral-edge", env!("CARGO_PKG_VERSION")),
            capabilities: ClientCapabilities::default(),
            on_request: None,
            on_notification: None,
            client_credentials: None,
            oauth: None,
        }
    }
}

/// Per-request settings.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u64>,
    pub on_progress: Option<ProgressHandler>,
}

/// What the connection learnt about the server.
#[derive(Debug, Clone)]
pub struct ServerSummary {
    pub era: Era,
    pub protocol_version: String,
    /// Absent from a 2026-07-28 server that does not name itself.
    pub server_info: Option<Implementation>,
    pub capabilities: ServerCapabilities,
    pub instructions: Option<String>,
}

/// What a waiting caller receives.
pub(crate) enum Outcome {
    Result(JsonObject),
    Init(Box<crate::mcp::types::lifecycle::InitializeResult>),
}

type Reply = Result<Outcome, DriverError>;

struct Waiter {
    tx: oneshot::Sender<Reply>,
    progress: Option<ProgressHandler>,
    /// Aborts the request's fetch when the waiter goes (kept for input
    /// rounds of 2026-07-28, which send the request again).
    signal: Option<AbortSignal>,
    /// `input_required` rounds so far (2026-07-28).
    input_rounds: u32,
    /// The id the request now goes by: each `input_required` round sends
    /// it again under a new one. Shared with the caller, who may give up.
    current: Rc<RefCell<RequestId>>,
}

/// Most `input_required` rounds one request may take: a server that keeps
/// asking (say, because it rejects every answer) must not loop forever.
const MAX_INPUT_ROUNDS: u32 = 8;

/// The mutable part of a session.
#[derive(Default)]
pub(crate) struct State {
    wire: Option<Wire>,
    summary: Option<ServerSummary>,
    /// Bumped on every (re)connection, so concurrent callers that all saw
    /// a session expire reconnect once.
    epoch: u64,
    pending: PendingRequests,
    waiters: BTreeMap<RequestId, Waiter>,
    /// Aborts the long-lived GET stream: 2024-11-05's, or the standalone
    /// stream of Streamable HTTP.
    listen_stream: Option<web_sys::AbortController>,
    /// Output schemas of listed tools, for checking `structuredContent`.
    output_schemas: BTreeMap<String, Value>,
    /// `close()` was called: calls fail until `connect()`.
    closed: bool,
    /// Resources subscribed to: on a 2026-07-28 server they ride in the
    /// `subscriptions/listen` request (reopened when they change); on the
    /// others they are subscribed again when a session is re-created.
    subscriptions: std::collections::BTreeSet<String>,
    /// The token in use (client credentials or OAuth).
    token: Option<crate::mcp::auth::token::TokenSet>,
    oauth: oauth::OAuthState,
}

impl State {
    /// Hands `reply` to the caller waiting on `id`, if there still is one.
    fn complete(&mut self, id: &RequestId, reply: Reply) -> bool {
        let Some(waiter) = self.waiters.remove(id) else {
            return false;
        };
        if reply.is_err() {
            self.pending.cancel(id, None);
        }
        waiter.tx.send(reply);
        true
    }

    /// Fails every waiting caller (the session or stream is gone).
    fn fail_all(&mut self, error: impl Fn() -> DriverError) {
        for (_, waiter) in std::mem::take(&mut self.waiters) {
            waiter.tx.send(Err(error()));
        }
        self.pending.drain();
    }
}

pub(crate) struct Shared {
    cfg: McpConfig,
    http: Transport,
    state: RefCell<State>,
    /// Held while connecting, so concurrent first calls connect once.
    connecting: Mutex<()>,
    /// Held while getting an OAuth token, so concurrent calls refused
    /// together authorize once.
    authorizing: Mutex<()>,
}

/// An MCP client session. Clones share the session.
#[derive(Clone)]
pub struct McpSession {
    shared: Rc<Shared>,
}

impl McpSession {
    pub fn new(cfg: McpConfig) -> McpSession {
        let http = Transport {
            fetch: cfg.fetch.clone(),
            defaults: CallOptions::default(),
            secret_headers: cfg.secret_headers.clone(),
        };
        McpSession {
            shared: Rc::new(Shared { cfg, http, state: RefCell::new(State::default()),
                connecting: Mutex::new(()),
                authorizing: Mutex::new(()),
            }),
        }
    }

    pub(crate) fn cfg(&self) -> &McpConfig {
        &self.shared.cfg
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.shared.state.borrow_mut())
    }

    /// What the server told about itself, once connected.
    pub fn summary(&self) -> Option<ServerSummary> {
        self.with(|s| s.summary.clone())
    }

    /// Connects (again): negotiates the era unless pinned or cached, runs
    /// the handshake where the era has one. Ends a previous connection.
    pub async fn connect(&self) -> Result<ServerSummary, DriverError> {
        let mut guard = oauth::AuthGuard::default();
        loop {
            let generation = self.auth_generation();
            let result = {
                let _lock = self.shared.connecting.lock().await;
                self.with(|s| s.closed = false);
                connect::connect(self).await
            };
            match result {
                Err(e) => match self.recover(&e, generation, &mut guard).await {
                    Ok(true) => continue,
                    Ok(false) => return Err(self.scrubbed(e)),
                    Err(auth) => return Err(self.scrubbed(auth)),
                },
                ok => return ok,
            }
        }
    }

    /// Runs `attempt` until it succeeds or fails for a reason OAuth cannot
    /// fix: a 401 or 403 `insufficient_scope` authorizes (or refreshes)
    /// and sends it again, a bounded number of times.
    async fn authorized<T, F, Fut>(&self, attempt: F) -> Result<T, DriverError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, DriverError>>,
    {
        let mut guard = oauth::AuthGuard::default();
        loop {
            let generation = self.auth_generation();
            match attempt().await {
                Err(e) => match self.recover(&e, generation, &mut guard).await {
                    Ok(true) => continue,
                    Ok(false) => return Err(self.scrubbed(e)),
                    Err(auth) => return Err(self.scrubbed(auth)),
                },
                ok => return ok,
            }
        }
    }

    /// Gets the tokens a request needs first: client credentials, or the
    /// stored (and, if expiring, refreshed) OAuth token.
    pub(super) async fn prepare_auth(&self) -> Result<(), DriverError> {
        self.authorization().await?;
        self.oauth_prepare().await
    }

    /// `e` without the session's credentials, should the server have
    /// echoed them into an error body.
    fn scrubbed(&self, e: DriverError) -> DriverError {
        let cfg = self.cfg();
        let mut secrets = crate::api::secret_values(&cfg.headers, &cfg.secret_headers);
        secrets.extend(self.token_secrets());
        match e {
            DriverError::Http(Error::Api(api)) => DriverError::Http(Error::Api(Box::new(api.redacted(&secrets)))),
            DriverError::Transport(TransportError::Status { status, body }) => {
                DriverError::Transport(TransportError::Status { status, body: crate::api::scrub(&body, &secrets) })
            }
            other => other,
        }
    }

    /// Connects unless connected; returns the epoch requests are sent in.
    async fn ensure_connected(&self) -> Result<u64, DriverError> {
        if self.with(|s| s.closed) {
            return Err(DriverError::Closed);
        }
        if let Some(epoch) = self.with(|s| s.summary.as_ref().map(|_| s.epoch)) {
            return Ok(epoch);
        }
        let _guard = self.shared.connecting.lock().await;
        if let Some(epoch) = self.with(|s| s.summary.as_ref().map(|_| s.epoch)) {
            return Ok(epoch);
        }
        connect::connect(self).await?;
        Ok(self.with(|s| s.epoch))
    }

    /// Reconnects after the session of `epoch` expired, unless another
    /// caller already did.
    async fn reconnect(&self, epoch: u64) -> Result<(), DriverError> {
        let _guard = self.shared.connecting.lock().await;
        if self.with(|s| s.closed) {
            return Err(DriverError::Closed);
        }
        if self.with(|s| s.epoch != epoch && s.summary.is_some()) {
            return Ok(());
        }
        connect::connect(self).await.map(|_| ())
    }

    /// Sends `method` and waits for its result. Connects first if needed.
    /// When the server has forgotten the session it cannot have acted on
    /// the request, so the handshake is run again and the request resent
    /// once.
    pub async fn request(
        &self,
        method: &str,
        params: JsonObject,
        opts: &RequestOptions,
    ) -> Result<JsonObject, DriverError> {
        self.authorized(|| self.request_attempt(method, params.clone(), opts)).await
    }

    async fn request_attempt(
        &self,
        method: &str,
        params: JsonObject,
        opts: &RequestOptions,
    ) -> Result<JsonObject, DriverError> {
        let epoch = self.ensure_connected().await.map_err(|e| self.scrubbed(e))?;
        self.prepare_auth().await.map_err(|e| self.scrubbed(e))?;
        let result = match self.request_once(method, params.clone(), opts).await {
            Err(DriverError::SessionExpired) => match self.reconnect(epoch).await {
                Ok(()) => self.request_once(method, params, opts).await,
                Err(e) => Err(e),
            },
            // A refused client-credentials token: a new one, one more try.
            Err(DriverError::Http(Error::Api(api))) if api.status == 401 && self.drop_token() => {
                match self.authorization().await {
                    Ok(_) => self.request_once(method, params, opts).await,
                    Err(e) => Err(e),
                }
            }
            other => other,
        };
        result.map_err(|e| self.scrubbed(e))
    }

    async fn request_once(
        &self,
        method: &str,
        mut params: JsonObject,
        opts: &RequestOptions,
    ) -> Result<JsonObject, DriverError> {
        let timeout_ms = opts.timeout_ms.unwrap_or(self.cfg().timeout_ms);
        let mut cancel = Cancel::new(opts.signal.as_ref()).map_err(DriverError::Http)?;
        cancel.arm(Some(timeout_ms), false);
        let (id, out) = self.with(|s| {
            let started = s.pending.start(method, now_ms(), timeout_ms, opts.on_progress.is_some());
            if let Some(token) = &started.progress_token {
                set_progress_token(&mut params, token);
            }
            let id = started.id;
            let msg = Message::Request(Request { id: id.clone(), method: method.to_owned(), params: Some(params) });
            let sent = match s.wire.as_mut() {
                Some(wire) => wire.send(&msg),
                None => Err(TransportError::NotReady { state: "not connected" }),
            };
            match sent {
                Ok(out) => Ok((id, out)),
                Err(e) => {
                    s.pending.cancel(&id, None);
                    Err(DriverError::Transport(e))
                }
            }
        })?;
        let reply = self.wait(id.clone(), out, cancel, opts.on_progress.clone()).await;
        match reply {
            Ok(Outcome::Result(object)) => Ok(object),
            Ok(Outcome::Init(_)) => Err(DriverError::Transport(TransportError::InvalidResult {
                field: "result",
                detail: "an InitializeResult outside the handshake".into(),
            })),
            Err(DriverError::Timeout) => {
                Err(DriverError::Mcp(McpError::Timeout(RequestTimeout { id, method: method.to_owned(), timeout_ms })))
            }
            Err(e) => Err(e),
        }
    }

    /// Sends `out` (the request `id`) and waits for its answer, its deadline
    /// (armed on `cancel`) or its caller's abort, whichever comes first.
    /// Giving up aborts the fetch and tells the server.
    async fn wait(&self, id: RequestId, out: Outgoing, mut cancel: Cancel, progress: Option<ProgressHandler>) -> Reply {
        let signal = cancel.signal();
        let (tx, rx) = oneshot::channel();
        let current = Rc::new(RefCell::new(id.clone()));
        let waiter = Waiter { tx, progress, signal: Some(signal.clone()), input_rounds: 0, current: current.clone() };
        let epoch = self.with(|s| {
            s.waiters.insert(id.clone(), waiter);
            s.epoch
        });
        spawn_local(pump::run(self.clone(), epoch, out, Some(id.clone()), Some(signal.clone())));
        let fired = time::aborted(&signal);
        futures_util::pin_mut!(fired);
        match select(rx, fired).await {
            Either::Left((reply, _)) => {
                cancel.finish();
                reply.unwrap_or(Err(DriverError::Transport(TransportError::StreamEnded { resumes: 0 })))
            }
            Either::Right(_) => {
                let error = match cancel.cause_error() {
                    Some(Error::Timeout(_)) => DriverError::Timeout,
                    Some(e) => DriverError::Http(e),
                    None => DriverError::Http(Error::Aborted),
                };
                let reason = if matches!(error, DriverError::Timeout) { "timed out" } else { "aborted by the caller" };
                let id = current.borrow().clone();
                self.give_up(&id, reason);
                Err(error)
            }
        }
    }

    /// Forgets request `id` and tells the server it is cancelled.
    fn give_up(&self, id: &RequestId, reason: &str) {
        let note = self.with(|s| {
            s.waiters.remove(id);
            if let Some(Wire::Stateless(m)) = s.wire.as_mut() {
                m.abandon_input(id);
            }
            s.pending.cancel(id, Some(reason)).and_then(|c| c.notification)
        });
        if let Some(note) = note {
            self.notify_message(note);
        }
    }

    /// Sends a notification, best effort, without waiting.
    pub fn notify_message(&self, note: Notification) {
        self.fire(Message::Notification(note));
    }

    /// Sends a message nobody waits on (a notification, a reply).
    fn fire(&self, msg: Message) {
        let sent = self.with(|s| {
            let epoch = s.epoch;
            s.wire.as_mut().and_then(|w| w.send(&msg).ok()).map(|out| (epoch, out))
        });
        if let Some((epoch, out)) = sent {
            spawn_local(pump::run(self.clone(), epoch, out, None, None));
        }
    }

    /// Learns listed tools: their output schemas, and (2026-07-28) their
    /// `x-mcp-header` declarations. Returns the names of the tools whose
    /// declarations are invalid: they cannot be called and are left out.
    pub fn learn_tools(&self, tools: &[Tool]) -> Vec<String> {
        self.with(|s| {
            for tool in tools {
                match &tool.output_schema {
                    Some(schema) => s.output_schemas.insert(tool.name.clone(), Value::Object(schema.clone())),
                    None => s.output_schemas.remove(&tool.name),
                };
            }
            match s.wire.as_mut() {
                Some(Wire::Stateless(m)) => m
                    .register_tools(tools)
                    .into_iter()
                    .filter_map(|e| match e {
                        TransportError::InvalidToolHeaders { tool, .. } => Some(tool),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        })
    }

    /// The output schema of a listed tool.
    pub fn output_schema(&self, tool: &str) -> Option<Value> {
        self.with(|s| s.output_schemas.get(tool).cloned())
    }

    /// Ends the connection: DELETE of the session where there is one, the
    /// listening stream closed, callers still waiting failed. Later calls
    /// fail until `connect()`.
    pub async fn close(&self) {
        let _guard = self.shared.connecting.lock().await;
        self.with(|s| s.closed = true);
        connect::teardown(self).await;
    }
}

/// Puts `progressToken` into `params._meta`, keeping what is there.
fn set_progress_token(params: &mut JsonObject, token: &crate::mcp::types::meta::ProgressToken) {
    let meta = params.entry("_meta").or_insert_with(|| Value::Object(JsonObject::new()));
    if !meta.is_object() {
        *meta = Value::Object(JsonObject::new());
    }
    if let (Value::Object(meta), Ok(token)) = (meta, serde_json::to_value(token)) {
        meta.insert("progressToken".into(), token);
    }
}

/// Options of one MCP fetch. Never retried: a POST must not be replayed,
/// the server may have acted on it.
fn single_attempt(signal: Option<AbortSignal>, timeout_ms: u64, idle_timeout_ms: u64) -> CallOptions {
    CallOptions {
        signal,
        timeout_ms: Some(timeout_ms),
        idle_timeout_ms: Some(idle_timeout_ms),
        retry: Some(RetryPolicy::NONE),
        ..CallOptions::default()
    }
}

/// Options of a fetch that carries no answer anyone waits on.
fn fire_options(signal: Option<AbortSignal>) -> CallOptions {
    single_attempt(signal, FIRE_TIMEOUT_MS, FIRE_TIMEOUT_MS)
}

impl McpSession {
    /// Sets the level of the log messages the server sends. 2026-07-28 has
    /// no `logging/setLevel`: the level rides in every request's `_meta`.
    pub async fn set_log_level(&self, level: &str, opts: &RequestOptions) -> Result<(), DriverError> {
        self.authorized(|| self.ensure_connected()).await?;
        let stateless = self.with(|s| match s.wire.as_mut() {
            Some(Wire::Stateless(m)) => {
                m.set_log_level(Some(level.to_owned()));
                true
            }
            _ => false,
        });
        if !stateless {
            let mut params = JsonObject::new();
            params.insert("level".into(), Value::String(level.to_owned()));
            self.request("logging/setLevel", params, opts).await?;
        }
        Ok(())
    }
}

impl McpSession {
    /// Subscribes to (or unsubscribes from) `notifications/resources/updated`
    /// of `uri`. 2026-07-28 has no `resources/subscribe`: the URIs ride in the
    /// `subscriptions/listen` stream, reopened with the new set.
    pub async fn set_subscription(
        &self,
        uri: &str,
        subscribed: bool,
        opts: &RequestOptions,
    ) -> Result<JsonObject, DriverError> {
        self.authorized(|| self.ensure_connected()).await?;
        let changed = self.with(|s| {
            if subscribed {
                s.subscriptions.insert(uri.to_owned())
            } else {
                s.subscriptions.remove(uri)
            }
        });
        if !self.with(|s| matches!(s.wire, Some(Wire::Stateless(_)))) {
            let method = if subscribed { "resources/subscribe" } else { "resources/unsubscribe" };
            let mut params = JsonObject::new();
            params.insert("uri".into(), Value::String(uri.to_owned()));
            return self.request(method, params, opts).await;
        }
        if changed {
            let _ = connect::start_listening(self);
        }
        Ok(JsonObject::new())
    }
}
