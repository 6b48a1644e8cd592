//! A pump sends one HTTP request of a session and reads its answer into the
//! machine, dispatching what comes out. A broken SSE answer is resumed here
//! (the machine schedules the GET) for as long as someone waits on it.

use wasm_bindgen_futures::spawn_local;
use web_sys::AbortSignal;

use super::time::{now_ms, sleep};
use super::wire::{Wire, LEGACY_POST};
use super::{fire_options, oneshot, serve, single_attempt, DriverError, McpSession, Outcome, ProgressHandler, State, MAX_INPUT_ROUNDS};
use crate::error::Error;
use crate::http::CallOptions;
use crate::mcp::jsonrpc::{Message, Notification, Request, RequestId, Response};
use crate::mcp::pending::{ProgressRoute, Resolution};
use crate::mcp::transport::{Event, Outgoing, StreamId, TransportError};
use crate::mcp::types::input::InputRequiredResult;
use crate::mcp::types::notifications::ProgressNotificationParams;
use crate::sse::SseError;

/// Longest wait a timer can express; an owned exchange is bounded by its
/// caller's deadline instead, which aborts the fetch through `signal`.
const UNBOUNDED_MS: u64 = i32::MAX as u64;

/// What one exchange's events amount to for the pump that reads it.
pub(super) struct Ctx {
    /// The connection the exchange belongs to: a stream of an earlier one
    /// must not touch the machine of the current one (stream ids restart
    /// with each machine).
    pub epoch: u64,
    pub stream: StreamId,
    pub owner: Option<RequestId>,
    pub signal: Option<AbortSignal>,
    /// The owner's answer went by: stop reading.
    pub answered: bool,
    /// A non-2xx status the pump reports itself (with its headers).
    pub status_error: bool,
    pub resume_at: Option<u64>,
    /// 2024-11-05: the announced POST URL.
    pub endpoint: Option<String>,
    /// The stream is gone for good (2024-11-05 GET ended).
    pub ended: bool,
    /// Why it is gone, when it broke (a refused `endpoint`, bad framing).
    pub fatal: Option<TransportError>,
    /// The last bad thing seen on the stream, to explain a stream that
    /// ends without the answer.
    pub last_error: Option<TransportError>,
    /// The connection dropped (the platform's message).
    pub dropped: Option<String>,
}

impl Ctx {
    pub fn new(epoch: u64, stream: StreamId, owner: Option<RequestId>, signal: Option<AbortSignal>) -> Ctx {
        Ctx {
            epoch,
            stream,
            owner,
            signal,
            answered: false,
            status_error: false,
            resume_at: None,
            endpoint: None,
            ended: false,
            fatal: None,
            last_error: None,
            dropped: None,
        }
    }
}

/// Work a dispatch found, done once the state is released (it calls JS or
/// starts tasks).
pub(super) enum Action {
    Serve(Request),
    Progress(ProgressHandler, ProgressNotificationParams),
    Notify(Notification),
    Input(RequestId, Box<InputRequiredResult>, Option<AbortSignal>),
    Pump(u64, Outgoing, Option<RequestId>, Option<AbortSignal>),
}

/// Sends `out` and reads its answer; resumes it while its owner waits.
pub(super) async fn run(
    session: McpSession,
    epoch: u64,
    out: Outgoing,
    owner: Option<RequestId>,
    signal: Option<AbortSignal>,
) {
    let mut next = Some(out);
    while let Some(out) = next.take() {
        let stream = out.stream;
        let opts = options(owner.is_some(), signal.clone());
        let exchanged = exchange(&session, epoch, out, owner.clone(), signal.clone(), opts, None).await;
        let Some(at) = exchanged.resume_at else { break };
        sleep(at.saturating_sub(now_ms())).await;
        let waiting = owner.as_ref().is_some_and(|id| session.with(|s| s.waiters.contains_key(id)));
        let due = session.with(|s| match s.wire.as_mut() {
            _ if s.epoch != epoch => Vec::new(),
            Some(wire) if !waiting => {
                wire.abandon(stream);
                wire.poll(now_ms())
            }
            Some(wire) => wire.poll(now_ms()),
            None => Vec::new(),
        });
        for o in due {
            if o.stream == stream {
                next = Some(o);
            } else {
                spawn_local(run(session.clone(), epoch, o, None, None));
            }
        }
    }
}

/// Reads a long-lived GET stream (Streamable HTTP's standalone one) until
/// it ends or `signal` fires; whether the server opened it at all.
/// `opened` learns whether the server accepted the stream as soon as its
/// status arrives.
pub(super) async fn listen(
    session: &McpSession,
    epoch: u64,
    out: Outgoing,
    signal: AbortSignal,
    opened: Option<oneshot::Sender<bool>>,
) -> bool {
    let mut opts = options(true, Some(signal.clone()));
    opts.timeout_ms = Some(session.cfg().timeout_ms);
    exchange(session, epoch, out, None, Some(signal), opts, opened).await.opened
}

/// Fetch options: an owned exchange is bounded by its caller's deadline
/// (through `signal`), a fire-and-forget one by its own.
fn options(owned: bool, signal: Option<AbortSignal>) -> CallOptions {
    if !owned {
        return fire_options(signal);
    }
    single_attempt(signal, UNBOUNDED_MS, UNBOUNDED_MS)
}

#[derive(Default)]
struct Exchanged {
    /// When a resumption of the stream is due.
    resume_at: Option<u64>,
    /// The server answered with a 2xx.
    opened: bool,
}

/// One HTTP exchange.
async fn exchange(
    session: &McpSession,
    epoch: u64,
    out: Outgoing,
    owner: Option<RequestId>,
    signal: Option<AbortSignal>,
    opts: CallOptions,
    opened: Option<oneshot::Sender<bool>>,
) -> Exchanged {
    let stream = out.stream;
    let mut ctx = Ctx::new(epoch, stream, owner, signal);
    let mut opts = opts;
    opts.headers.extend(session.authorization_for(&out.request.url));
    let answer = session.shared.http.open_stream(&out.request, opts).await;
    if let Some(tx) = opened {
        tx.send(answer.is_ok());
    }
    match answer {
        Ok(mut body) if stream == LEGACY_POST => {
            body.close();
            return Exchanged { resume_at: None, opened: true };
        }
        Ok(mut body) => {
            feed(session, &mut ctx, |w| w.on_headers(stream, body.status, &body.headers));
            loop {
                if ctx.answered || ctx.status_error {
                    body.close();
                    feed(session, &mut ctx, |w| w.on_end(stream, now_ms()));
                    break;
                }
                match body.next().await {
                    Ok(Some(chunk)) => feed(session, &mut ctx, |w| w.on_body(stream, &chunk)),
                    Ok(None) => {
                        feed(session, &mut ctx, |w| w.on_end(stream, now_ms()));
                        break;
                    }
                    Err(Error::Connection(message)) => {
                        // Resumable when the machine says so; if not, the
                        // owner learns the connection broke.
                        ctx.dropped = Some(message);
                        feed(session, &mut ctx, |w| w.on_end(stream, now_ms()));
                        break;
                    }
                    Err(e) => {
                        fail_owner(session, &ctx, DriverError::Http(e));
                        feed(session, &mut ctx, |w| w.on_end(stream, now_ms()));
                        return Exchanged { resume_at: None, opened: true };
                    }
                }
            }
        }
        Err(Error::Api(api)) => {
            if stream != LEGACY_POST {
                feed(session, &mut ctx, |w| {
                    let mut events = w.on_headers(stream, api.status, &api.headers);
                    events.extend(w.on_body(stream, api.body.as_bytes()));
                    events.extend(w.on_end(stream, now_ms()));
                    events
                });
            }
            // A 4xx the machine understood (a -32022 it retries, an
            // `input_required`) has already been acted on.
            if !ctx.answered {
                fail_owner(session, &ctx, DriverError::Http(Error::Api(api)));
            }
            return Exchanged::default();
        }
        Err(e) => {
            fail_owner(session, &ctx, DriverError::Http(e));
            if stream != LEGACY_POST {
                feed(session, &mut ctx, |w| w.on_end(stream, now_ms()));
            }
            return Exchanged::default();
        }
    }
    Exchanged { resume_at: ctx.resume_at, opened: !ctx.status_error }
}

fn fail_owner(session: &McpSession, ctx: &Ctx, error: DriverError) {
    if let Some(id) = &ctx.owner {
        session.with(|s| s.complete(id, Err(error)));
    }
}

/// Runs `f` on the machine and dispatches its events, then does the work
/// they call for.
pub(super) fn feed(session: &McpSession, ctx: &mut Ctx, f: impl FnOnce(&mut Wire) -> Vec<Event>) {
    let actions = session.with(|s| match s.wire.as_mut() {
        _ if s.epoch != ctx.epoch => Vec::new(),
        Some(wire) => {
            let events = f(wire);
            dispatch(s, events, ctx)
        }
        None => Vec::new(),
    });
    perform(session, actions);
}

fn dispatch(s: &mut State, events: Vec<Event>, ctx: &mut Ctx) -> Vec<Action> {
    let mut actions = Vec::new();
    for event in events {
        match event {
            Event::Message(Message::Response(response)) => {
                let own = response.id().is_some() && response.id() == ctx.owner.as_ref();
                if own {
                    ctx.answered = true;
                }
                if let Response::Error(e) = &response {
                    if e.id.is_none() && ctx.owner.is_some() {
                        // Without an id the server could only mean the
                        // request of this stream.
                        ctx.answered = true;
                        let id = ctx.owner.clone().into_iter();
                        for id in id {
                            s.complete(&id, Err(DriverError::Mcp(crate::mcp::McpError::Rpc(e.error.clone()))));
                        }
                        continue;
                    }
                }
                if let Resolution::Resolved { id, outcome, .. } = s.pending.resolve(response) {
                    s.complete(&id, outcome.map(Outcome::Result).map_err(DriverError::Mcp));
                }
            }
            Event::Message(Message::Request(request)) => actions.push(Action::Serve(request)),
            Event::Message(Message::Notification(note)) => {
                if note.method == "notifications/progress" {
                    let params = note.params.clone().map(serde_json::Value::Object);
                    if let Some(p) = params.and_then(|p| serde_json::from_value::<ProgressNotificationParams>(p).ok()) {
                        if let ProgressRoute::Deliver { id } = s.pending.route_progress(&p) {
                            if let Some(handler) = s.waiters.get(&id).and_then(|w| w.progress.clone()) {
                                actions.push(Action::Progress(handler, p));
                            }
                        }
                        continue;
                    }
                }
                actions.push(Action::Notify(note));
            }
            Event::Initialized(result) => {
                if let Some(id) = ctx.owner.clone() {
                    ctx.answered = true;
                    s.complete(&id, Ok(Outcome::Init(result)));
                }
            }
            Event::SessionExpired => {
                ctx.answered = true;
                s.summary = None;
                s.fail_all(|| DriverError::SessionExpired);
            }
            Event::ResumeScheduled { stream, at_ms } if stream == ctx.stream => ctx.resume_at = Some(at_ms),
            Event::InputRequired { id, result } => {
                ctx.answered = true;
                let Some(waiter) = s.waiters.get_mut(&id) else {
                    continue;
                };
                waiter.input_rounds += 1;
                if waiter.input_rounds > MAX_INPUT_ROUNDS {
                    let error = TransportError::InvalidResult {
                        field: "result",
                        detail: format!("the server still asks for input after {MAX_INPUT_ROUNDS} rounds"),
                    };
                    s.complete(&id, Err(DriverError::Transport(error)));
                    continue;
                }
                let signal = waiter.signal.clone();
                actions.push(Action::Input(id, result, signal));
            }
            Event::Retry(out) => {
                ctx.answered = true;
                actions.push(Action::Pump(ctx.epoch, out, ctx.owner.clone(), ctx.signal.clone()));
            }
            Event::Error { stream, error, fatal } if stream == ctx.stream => {
                // One event over the size limit is dropped by the decoder;
                // it may have been the answer, so waiting on is pointless.
                let fatal = fatal || matches!(error, TransportError::Sse(SseError::EventTooLarge { .. }));
                if !fatal {
                    ctx.last_error = Some(error);
                    continue;
                }
                if matches!(error, TransportError::Status { .. }) {
                    ctx.status_error = true;
                    continue;
                }
                ctx.answered = true;
                let ended = matches!(error, TransportError::StreamEnded { .. });
                let failure = match (ended, ctx.dropped.take(), ctx.last_error.take()) {
                    (true, Some(message), _) => DriverError::Http(Error::Connection(message)),
                    (true, None, Some(cause)) => DriverError::Transport(cause),
                    _ => DriverError::Transport(error.clone()),
                };
                match ctx.owner.clone() {
                    Some(id) => {
                        s.complete(&id, Err(failure));
                    }
                    None => {
                        ctx.ended = true;
                        ctx.fatal = Some(error);
                    }
                }
            }
            Event::Endpoint(url) => ctx.endpoint = Some(url),
            Event::Done { stream }
                if stream == ctx.stream && stream == crate::mcp::transport::legacy_sse::LEGACY_STREAM =>
            {
                ctx.ended = true;
            }
            _ => {}
        }
    }
    actions
}

fn perform(session: &McpSession, actions: Vec<Action>) {
    for action in actions {
        match action {
            Action::Serve(request) => spawn_local(serve::answer(session.clone(), request)),
            Action::Progress(handler, params) => handler(&params),
            Action::Notify(note) => {
                if let Some(handler) = session.cfg().on_notification.clone() {
                    handler(&note);
                }
            }
            Action::Input(id, result, signal) => spawn_local(serve::input_round(session.clone(), id, *result, signal)),
            Action::Pump(epoch, out, owner, signal) => spawn_local(run(session.clone(), epoch, out, owner, signal)),
        }
    }
}
