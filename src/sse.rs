//! Incremental Server-Sent Events decoder (placeholder: being written).
use std::fmt;
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError { EventTooLarge { limit: usize } }
impl fmt::Display for SseError { fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{self:?}") } }
impl std::error::Error for SseError {}
