//! The agent run loop: the model calls tools, the run executes them (local
//! functions, MCP tools), answers, and goes on until the model answers
//! without calls, the turn limit, or an abort. [`machine`] is the loop
//! itself, sans-IO; the JS `client.run()` drives it over `fetch`.

pub mod machine;
pub mod names;
pub mod output;
pub mod result;
pub mod tools;

pub use machine::{start_only_member, CallResult, Decision, Endpoint, PlannedCall, Run, RunOptions, Step, DEFAULT_MAX_TURNS};
pub use result::{RunError, RunErrorKind, RunResult};
pub use tools::{RunTool, ToolName, ToolSet, ToolSource};
