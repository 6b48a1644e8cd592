//! When and how long to wait before repeating a failed request.
//!
//! Pure policy: the transport asks [`RetryPolicy::decide`] after each failed
//! attempt and sleeps for the answer. Randomness is passed in so that the
//! schedule is deterministic under test.

use crate::api::Method;

/// Backoff settings. `Default` retries safe failures twice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` disables retrying.
    pub max_retries: u32,
    pub initial_delay_ms: u64,
    pub max_delay_ms: u64,
    /// Multiplier between attempts.
    pub factor: f64,
    /// Also retry non-idempotent requests (POST, PATCH) after 5xx or a
    /// connection error. Off by default: the server may have acted already.
    pub retry_unsafe: bool,
    /// Upper bound honoured for a server's `Retry-After`; longer waits give up.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay_ms: 500,
            max_delay_ms: 8_000,
            factor: 2.0,
            retry_unsafe: false,
            max_retry_after_ms: 60_000,
        }
    }
}

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A response with this status; `retry_after_ms` from its headers.
    Status { status: u16, retry_after_ms: Option<u64> },
    /// `fetch` rejected before any response arrived.
    Connection,
}

impl RetryPolicy {
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        initial_delay_ms: 0,
        max_delay_ms: 0,
        factor: 1.0,
        retry_unsafe: false,
        max_retry_after_ms: 0,
    };

    /// Milliseconds to wait before attempt `attempt + 1` (attempts count from
    /// 0), or `None` to give up. `random` is uniform in `[0, 1)`, used for
    /// "full jitter" so that many clients do not retry in lockstep.
    pub fn decide(&self, method: Method, attempt: u32, failure: Failure, random: f64) -> Option<u64> {
        if attempt >= self.max_retries {
            return None;
        }
        let safe = method.is_idempotent() || self.retry_unsafe;
        let retry_after = match failure {
            // The server refused before doing anything: always safe.
            Failure::Status { status: 429, retry_after_ms } => retry_after_ms,
            // 503 also means "not processed, come back later" (RFC 9110 §15.6.4).
            Failure::Status { status: 503, retry_after_ms } => retry_after_ms,
            Failure::Status { status: 500 | 502 | 504, .. } if safe => None,
            Failure::Connection if safe => None,
            _ => return None,
        };
        if let Some(ms) = retry_after {
            return (ms <= self.max_retry_after_ms).then_some(ms);
        }
        let exp = self.initial_delay_ms as f64 * self.factor.max(1.0).powi(attempt.min(30) as i32);
        let cap = exp.min(self.max_delay_ms as f64);
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
        // Half fixed, half random: keeps a floor so a retry is never instant.
        Some((cap / 2.0 + cap / 2.0 * random) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_retry_after_for_post() {
        let p = RetryPolicy::default();
        let f = Failure::Status { status: 429, retry_after_ms: Some(1500) };
        assert_eq!(p.decide(Method::Post, 0, f, 0.3), Some(1500));
    }

    #[test]
    fn gives_up_when_retry_after_too_long() {
        let p = RetryPolicy::default();
        let f = Failure::Status { status: 429, retry_after_ms: Some(3_600_000) };
        assert_eq!(p.decide(Method::Get, 0, f, 0.3), None);
    }

    #[test]
    fn post_5xx_not_retried_by_default() {
        let p = RetryPolicy::default();
        let f = Failure::Status { status: 500, retry_after_ms: None };
        assert_eq!(p.decide(Method::Post, 0, f, 0.0), None);
        assert!(p.decide(Method::Get, 0, f, 0.0).is_some());
        assert_eq!(p.decide(Method::Post, 0, Failure::Connection, 0.0), None);
        let unsafe_ok = RetryPolicy { retry_unsafe: true, ..p };
        assert!(unsafe_ok.decide(Method::Post, 0, f, 0.0).is_some());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy { max_retries: 10, ..Default::default() };
        let f = Failure::Status { status: 502, retry_after_ms: None };
        let d: Vec<u64> = (0..6).map(|a| p.decide(Method::Get, a, f, 1.0).unwrap_or(0)).collect();
        assert_eq!(d, vec![500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(p.decide(Method::Get, 0, f, 0.0), Some(250));
        assert_eq!(p.decide(Method::Get, 0, f, f64::NAN), Some(375));
    }

    #[test]
    fn stops_after_max_retries_and_on_4xx() {
        let p = RetryPolicy::default();
        let f = Failure::Status { status: 503, retry_after_ms: None };
        assert!(p.decide(Method::Get, 1, f, 0.5).is_some());
        assert_eq!(p.decide(Method::Get, 2, f, 0.5), None);
        let bad = Failure::Status { status: 400, retry_after_ms: None };
        assert_eq!(p.decide(Method::Get, 0, bad, 0.5), None);
        assert_eq!(RetryPolicy::NONE.decide(Method::Get, 0, f, 0.5), None);
    }
}
