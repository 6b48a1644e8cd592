// Where the shared reference material (the OpenAPI spec, the MCP schemas,
// recorded fixtures) lives: `$MISTRAL_EDGE_SHARED` when set (the Makefile
// sets it, also for a clone that is not next to `shared/`), else
// `../shared` beside the repository.

#[allow(dead_code)]
pub fn shared_path(rel: &str) -> std::path::PathBuf {
    let base = match std::env::var_os("MISTRAL_EDGE_SHARED") {
        Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
        _ => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    base.join(rel)
}
