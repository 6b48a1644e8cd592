//! Which `scope` an authorization request asks for. The MCP spec's order
//! picks the base (the challenge's `scope`, else the protected resource's
//! `scopes_supported`, else none: [`Discovered::scope`]); on a step-up
//! (403 `insufficient_scope`) the new scopes join those asked for before,
//! since a token with only the new ones would fail the earlier calls; and
//! `offline_access` is added where the authorization server lists it, so
//! that a refresh token can spare the user another consent (never where it
//! does not, which some servers refuse).
//!
//! [`Discovered::scope`]: super::discovery::Discovered::scope

/// The scope OpenID Connect and the MCP spec use to ask for a refresh token.
pub const OFFLINE_ACCESS: &str = "offline_access";

/// The space-separated scope to request: `previous` (asked for before,
/// kept on a step-up) joined with `wanted`, each once, in first-seen order;
/// plus `offline_access` when `as_scopes_supported` lists it and
/// `want_refresh`. `None` when nothing is left, so that the parameter is
/// omitted rather than sent empty.
pub fn request_scope(
    previous: Option<&str>,
    wanted: Option<&str>,
    as_scopes_supported: Option<&[String]>,
    want_refresh: bool,
) -> Option<String> {
    let mut scopes: Vec<&str> = Vec::new();
    for s in previous.into_iter().chain(wanted).flat_map(str::split_ascii_whitespace) {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    let offered = as_scopes_supported.is_some_and(|list| list.iter().any(|s| s == OFFLINE_ACCESS));
    if want_refresh && offered && !scopes.is_empty() && !scopes.contains(&OFFLINE_ACCESS) {
        scopes.push(OFFLINE_ACCESS);
    }
    (!scopes.is_empty()).then(|| scopes.join(" "))
}
