//! One `AbortController` per call, fired by whichever comes first: the
//! caller's `AbortSignal`, a timeout, or the call being dropped.
//!
//! Routing every cause through the controller means a single signal is given
//! to `fetch`, and aborting it also errors the response body stream, so the
//! connection is released in every case. The cause is recorded before the
//! abort so that the resulting rejection maps to the right [`Error`].

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use super::deadline::Deadline;
use super::platform::Timer;
use crate::error::{Error, Timeout};

#[derive(Clone, Copy, PartialEq)]
enum Cause {
    None,
    Caller,
    Timeout(Timeout),
}

/// What an abort acts on, shared with the timer and the caller's listener.
#[derive(Clone)]
struct Trigger {
    controller: AbortController,
    cause: Rc<Cell<Cause>>,
}

impl Trigger {
    fn fire(&self, cause: Cause) {
        if self.cause.get() == Cause::None {
            self.cause.set(cause);
        }
        self.controller.abort();
    }
}

/// The cancellation state of one call.
pub struct Cancel {
    controller: AbortController,
    cause: Rc<Cell<Cause>>,
    user: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    timer: Option<Deadline>,
    finished: bool,
}

impl Cancel {
    /// Links to the caller's signal, if any. Fails with [`Error::Aborted`]
    /// when that signal has already fired, so no request is sent at all.
    pub fn new(signal: Option<&AbortSignal>) -> Result<Cancel, Error> {
        let controller = AbortController::new().map_err(|e| Error::Connection(js_message(&e)))?;
        let cause = Rc::new(Cell::new(Cause::None));
        let mut cancel = Cancel { controller, cause, user: None, timer: None, finished: false };
        if let Some(signal) = signal {
            if signal.aborted() {
                return Err(Error::Aborted);
            }
            let trigger = cancel.trigger();
            let on_abort = Closure::<dyn FnMut()>::new(move || trigger.fire(Cause::Caller));
            add_abort_listener(signal, on_abort.as_ref().unchecked_ref());
            cancel.user = Some((signal.clone(), on_abort));
        }
        Ok(cancel)
    }

    fn trigger(&self) -> Trigger {
        Trigger { controller: self.controller.clone(), cause: self.cause.clone() }
    }

    /// The signal to hand to `fetch`.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// (Re)starts the timeout; `idle` says which kind it is, for the error.
    /// Re-arming replaces the previous timer.
    pub fn arm(&mut self, ms: Option<u64>, idle: bool) {
        self.timer = ms.map(|ms| {
            let trigger = self.trigger();
            Deadline::start(ms, move || trigger.fire(Cause::Timeout(Timeout { ms, idle })))
        });
    }

    /// Pushes the armed timeout back to its full length from now: how a
    /// stream's idle timeout restarts on every chunk, without a new timer.
    pub fn touch(&self) {
        if let Some(deadline) = &self.timer {
            deadline.touch();
        }
    }

    pub fn disarm(&mut self) {
        self.timer = None;
    }

    /// Whether the caller's signal has fired (checked between retries).
    pub fn caller_aborted(&self) -> bool {
        self.cause.get() == Cause::Caller || self.user.as_ref().is_some_and(|(s, _)| s.aborted())
    }

    /// Maps a rejection from `fetch` or a body read to an [`Error`]: our own
    /// abort causes win over whatever the platform reports.
    pub fn error_for(&self, rejection: &JsValue) -> Error {
        self.cause_error().unwrap_or_else(|| Error::Connection(js_message(rejection)))
    }

    /// The error of an abort that has happened (timeout or caller), if any.
    pub fn cause_error(&self) -> Option<Error> {
        match self.cause.get() {
            Cause::Timeout(t) => Some(Error::Timeout(t)),
            Cause::Caller => Some(Error::Aborted),
            Cause::None if self.caller_aborted() => Some(Error::Aborted),
            Cause::None => None,
        }
    }

    /// The call completed: dropping no longer needs to abort anything.
    pub fn finish(&mut self) {
        self.finished = true;
        self.timer = None;
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        self.timer = None;
        if !self.finished {
            // A dropped future or stream: release the connection.
            self.trigger().fire(Cause::None);
        }
        if let Some((signal, on_abort)) = self.user.take() {
            remove_abort_listener(&signal, on_abort.as_ref().unchecked_ref());
        }
    }
}

fn add_abort_listener(signal: &AbortSignal, f: &js_sys::Function) {
    // Only fails for a non-EventTarget, which an AbortSignal never is.
    let _ = signal.add_event_listener_with_callback("abort", f);
}

fn remove_abort_listener(signal: &AbortSignal, f: &js_sys::Function) {
    let _ = signal.remove_event_listener_with_callback("abort", f);
}

/// The `message` of a JS error (a `TypeError` from `fetch`), or its string
/// form. Request headers are never part of these messages.
pub fn js_message(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        let cause = js_sys::Reflect::get(e, &JsValue::from_str("cause"))
            .ok()
            .filter(|c| !c.is_undefined() && !c.is_null())
            .map(|c| format!(" ({})", shallow_message(&c)));
        return format!("{}{}", String::from(e.message()), cause.unwrap_or_default());
    }
    value.as_string().unwrap_or_else(|| "fetch failed".to_owned())
}

fn shallow_message(value: &JsValue) -> String {
    match value.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => value.as_string().unwrap_or_default(),
    }
}

impl Cancel {
    /// Waits `ms` (a retry backoff), waking early with the abort error if the
    /// call is cancelled meanwhile.
    pub async fn sleep(&self, ms: u64) -> Result<(), Error> {
        let signal = self.signal();
        if signal.aborted() || self.caller_aborted() {
            return Err(self.error_for(&JsValue::UNDEFINED));
        }
        let mut timer = None;
        let mut on_abort = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            timer = Some(Timer::start(ms, move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }));
            on_abort = Some(Closure::<dyn FnMut()>::new(move || {
                let _ = reject.call0(&JsValue::UNDEFINED);
            }));
        });
        if let Some(f) = &on_abort {
            add_abort_listener(&signal, f.as_ref().unchecked_ref());
        }
        let outcome = wasm_bindgen_futures::JsFuture::from(promise).await;
        if let Some(f) = &on_abort {
            remove_abort_listener(&signal, f.as_ref().unchecked_ref());
        }
        drop(timer);
        outcome.map(|_| ()).map_err(|e| self.error_for(&e))
    }
}
