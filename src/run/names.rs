//! Function names the model sees. Mistral accepts `[a-zA-Z0-9_-]{1,64}`;
//! tools come from several places (local functions, each MCP server) whose
//! names may break that rule or collide. Each gets a unique valid name, and
//! the run maps calls back through it (the Python SDK silently lets a later
//! MCP tool replace an earlier one).

/// Longest name the API accepts.
pub const MAX_NAME_LEN: usize = 64;

pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Every other byte becomes `_`; at most [`MAX_NAME_LEN`] bytes.
pub fn sanitize(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    out.truncate(MAX_NAME_LEN);
    if out.is_empty() {
        out.push_str("tool");
    }
    out
}

/// Unique valid names for `wanted`, in order. A name that is valid and
/// free is kept; otherwise it is sanitized, prefixed with its group (the
/// MCP server's label) when it collides, then numbered.
pub fn assign(wanted: &[(&str, Option<&str>)]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(wanted.len());
    let mut out = vec![String::new(); wanted.len()];
    // Who keeps a contested name: valid names before ones that need fixing,
    // and the app's own functions (no group) before MCP tools; then order.
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (!is_valid(wanted[i].0), wanted[i].1.is_some()));
    for i in order {
        let (name, group) = wanted[i];
        let base = sanitize(name);
        let mut candidate = base.clone();
        if taken.contains(&candidate) {
            if let Some(group) = group {
                candidate = fit(&format!("{}_{}", sanitize(group), base), "");
            }
        }
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = fit(&base, &format!("_{n}"));
            n += 1;
        }
        taken.push(candidate.clone());
        out[i] = candidate;
    }
    out
}

/// `base` + `suffix`, cutting `base` so the whole fits.
fn fit(base: &str, suffix: &str) -> String {
    let room = MAX_NAME_LEN.saturating_sub(suffix.len());
    let mut s: String = base.chars().take(room).collect();
    s.push_str(suffix);
    s
}
