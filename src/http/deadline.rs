//! A timeout that can be pushed back cheaply.
//!
//! A stream's idle timeout restarts on every body chunk. Starting a fresh
//! JS timer for each chunk costs a closure, a `setTimeout` and a
//! `clearTimeout`, which dominates when every event arrives as its own
//! chunk. Instead one timer runs; a chunk only records the time, and when
//! the timer fires early (there was activity since it was set) it sets
//! itself again for the time that is left.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use super::platform::{clamp_ms, clear_timeout, set_timeout};

struct Inner {
    ms: f64,
    /// `Date.now()` of the last activity (or of the start).
    last: Cell<f64>,
    handle: RefCell<JsValue>,
    /// The JS function the timer calls; it holds only a weak reference
    /// back, so dropping the [`Deadline`] frees both.
    callback: RefCell<Option<Closure<dyn FnMut()>>>,
    on_expiry: RefCell<Option<Box<dyn FnOnce()>>>,
}

/// Calls `on_expiry` once `ms` pass without [`Deadline::touch`]; dropping
/// it cancels the call.
pub struct Deadline {
    inner: Rc<Inner>,
}

impl Deadline {
    pub fn start(ms: u64, on_expiry: impl FnOnce() + 'static) -> Deadline {
        let inner = Rc::new(Inner {
            ms: clamp_ms(ms),
            last: Cell::new(js_sys::Date::now()),
            handle: RefCell::new(JsValue::UNDEFINED),
            callback: RefCell::new(None),
            on_expiry: RefCell::new(Some(Box::new(on_expiry))),
        });
        let weak: Weak<Inner> = Rc::downgrade(&inner);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                expire_or_wait(&inner);
            }
        });
        *inner.handle.borrow_mut() = set_timeout(callback.as_ref().unchecked_ref(), inner.ms);
        *inner.callback.borrow_mut() = Some(callback);
        Deadline { inner }
    }

    /// Restarts the countdown from now.
    pub fn touch(&self) {
        self.inner.last.set(js_sys::Date::now());
    }
}

/// The timer fired: the deadline has passed unless there was activity
/// since, in which case the timer is set for what is left.
fn expire_or_wait(inner: &Inner) {
    let idle = js_sys::Date::now() - inner.last.get();
    if idle >= inner.ms {
        let on_expiry = inner.on_expiry.borrow_mut().take();
        if let Some(f) = on_expiry {
            f();
        }
        return;
    }
    let handle = match inner.callback.borrow().as_ref() {
        Some(callback) => set_timeout(callback.as_ref().unchecked_ref(), inner.ms - idle),
        None => return,
    };
    *inner.handle.borrow_mut() = handle;
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.inner.handle.borrow());
        self.inner.on_expiry.borrow_mut().take();
        // The callback is not running now: a `Deadline` is never dropped
        // from inside its own expiry (the expiry only aborts a controller).
        self.inner.callback.borrow_mut().take();
    }
}
