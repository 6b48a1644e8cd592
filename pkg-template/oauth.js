// Helpers for McpClient's OAuth flow in a page or a Worker (`import ... from "mistral-edge/oauth"`): the popup that
// `onAuthorize` opens and waits on, and the two `storage` backends a browser and a Worker have. Plain JavaScript
// with no wasm behind it, so importing it costs nothing before the flow runs; the failures are the package's
// AuthError (the same class the SDK throws), told apart by `reason`.
import { AuthError } from "./errors.js";

/** The `type` of the message www/oauth-callback.html posts. */
export const CALLBACK_MESSAGE_TYPE = "mistral-edge:oauth-callback";
/** The BroadcastChannel the callback page also posts on, for a popup that lost its opener. */
export const CALLBACK_CHANNEL = "mistral-edge-oauth";

const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const DEFAULT_FEATURES = "popup=yes,width=520,height=720";
// The callback page posts and closes at once: a `closed` seen that soon may still have its message in the queue.
const CLOSED_GRACE_MS = 1000;
const CLOSED_POLL_MS = 250;
// McpClient's own keys all start with this (mistral-edge:oauth:v1:...), so no prefix is needed to keep them apart
// from the app's; `prefix` is for apps that want their own namespace, or several users in one store.
const SDK_NAMESPACE = "mistral-edge:oauth:";
// Workers KV refuses a shorter expirationTtl.
const KV_MIN_TTL_S = 60;

function authError(reason, message, details = {}) {
  const error = new AuthError(message);
  error.reason = reason;
  for (const [key, value] of Object.entries(details)) if (value !== undefined) error[key] = value;
  return error;
}

function invalid(field, expected) {
  return authError("invalid_config", `invalid \`${field}\`: expected ${expected}`, { field });
}

/** `text` as an absolute http(s) URL, or an AuthError naming `field`. */
function httpUrl(field, text) {
  let url;
  try {
    url = new URL(String(text));
  } catch {
    throw invalid(field, "an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(field, "an absolute http(s) URL");
  return url;
}

/** The URL's `state` parameter, if it has exactly one. */
function stateOf(url) {
  try {
    const all = new URL(url).searchParams.getAll("state");
    return all.length === 1 ? all[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens `url` (the authorization URL `onAuthorize` receives) in a popup and resolves with the callback URL once the
 * popup reaches the redirect URI, where www/oauth-callback.html reports it. Only a report from this page's own origin
 * counts: a `postMessage` from the popup itself, or a BroadcastChannel message whose `state` is the one this
 * authorization sent (for a popup that lost its opener). The callback URL is handed back unchecked: McpClient checks
 * its `state` and `iss`. Rejects with AuthError `reason` `popup_blocked`, `popup_closed`, `popup_timeout`, or
 * `invalid_config` for bad arguments; the popup is closed whatever the outcome.
 *
 * Call it from a user gesture's task when you can: browsers block popups opened long after the click.
 *
 * @param {string} url
 * @param {{ redirectUri?: string, timeoutMs?: number, features?: string }} [options]
 *   `redirectUri`: only a callback at this URL (origin and path) is taken; it must be on this page's origin.
 * @returns {Promise<string>}
 */
export function openAuthorizationPopup(url, options = {}) {
  return new Promise((resolve, reject) => {
    const { redirectUri, timeoutMs = DEFAULT_TIMEOUT_MS, features = DEFAULT_FEATURES } = options ?? {};
    const authorizeUrl = httpUrl("url", url);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid("timeoutMs", "a positive number of milliseconds");
    if (typeof features !== "string") throw invalid("features", "a window.open features string");
    if (typeof globalThis.open !== "function" || !globalThis.location) {
      throw authError("unsupported_environment", "openAuthorizationPopup needs a browser page (globalThis.open)");
    }
    const origin = globalThis.location.origin;
    let expected;
    if (redirectUri !== undefined) {
      expected = httpUrl("redirectUri", redirectUri);
      if (expected.origin !== origin) throw invalid("redirectUri", `a URL on this page's origin ${origin} (the callback page reports to its own origin)`);
    }
    const sentState = stateOf(authorizeUrl.href);

    const popup = globalThis.open(authorizeUrl.href, `mistral-edge-oauth-${Math.random().toString(36).slice(2)}`, features);
    if (!popup) {
      reject(authError("popup_blocked", "the browser blocked the authorization popup: open it from a click"));
      return;
    }

    let settled = false;
    let closedAt;
    let channel;
    let timeout;
    let poll;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      clearInterval(poll);
      globalThis.removeEventListener?.("message", onMessage);
      channel?.close();
      try {
        popup.close();
      } catch {
        // Already closed, or no longer ours to close.
      }
      outcome();
    };
    // A report counts if it is one and, with a redirect URI, is for it. The query is never looked at here.
    const accept = (data) => {
      if (!data || typeof data !== "object" || data.type !== CALLBACK_MESSAGE_TYPE || typeof data.url !== "string") return undefined;
      let got;
      try {
        got = new URL(data.url);
      } catch {
        return undefined;
      }
      if (got.origin !== origin) return undefined;
      if (expected && got.pathname !== expected.pathname) return undefined;
      return got.href;
    };
    function onMessage(event) {
      if (event.origin !== origin || event.source !== popup) return;
      const callback = accept(event.data);
      if (callback) finish(() => resolve(callback));
    }
    globalThis.addEventListener("message", onMessage);
    if (typeof globalThis.BroadcastChannel === "function") {
      channel = new globalThis.BroadcastChannel(CALLBACK_CHANNEL);
      channel.onmessage = (event) => {
        const callback = accept(event.data);
        // Another tab's flow posts on the same channel: only the answer to this authorization is ours.
        if (callback && sentState !== undefined && stateOf(callback) === sentState) finish(() => resolve(callback));
      };
    }
    timeout = setTimeout(() => {
      finish(() => reject(authError("popup_timeout", `the authorization popup did not reach the redirect URI within ${timeoutMs} ms`, { timeoutMs })));
    }, timeoutMs);
    poll = setInterval(() => {
      let closed;
      try {
        closed = popup.closed;
      } catch {
        closed = false;
      }
      if (!closed) return;
      closedAt ??= Date.now();
      if (Date.now() - closedAt >= CLOSED_GRACE_MS) {
        finish(() => reject(authError("popup_closed", "the authorization popup was closed before it reached the redirect URI")));
      }
    }, CLOSED_POLL_MS);
  });
}

function checkPrefix(prefix) {
  if (typeof prefix !== "string") throw invalid("prefix", "a string");
  return prefix;
}

function checkKey(key) {
  if (typeof key !== "string" || key === "") throw invalid("key", "a non-empty string");
  return key;
}

function checkValue(value) {
  if (typeof value !== "string") throw invalid("value", "a string");
  return value;
}

/**
 * `storage` for McpClient's OAuth in a page: the page's `localStorage` (or another Web Storage, e.g.
 * `sessionStorage`), each key after `prefix` (none by default), so that a full-page redirect flow survives the
 * navigation back. What it holds lets anyone running script on this origin act as the user at the MCP server: the
 * usual XSS caveat of tokens in Web Storage applies. `clear()` forgets every McpClient record under the prefix
 * (sign-out) and leaves the app's own keys alone.
 *
 * @param {{ prefix?: string, storage?: Storage }} [options]
 */
export function localStorageAuthStorage(options = {}) {
  const prefix = checkPrefix(options?.prefix ?? "");
  const store = options?.storage ?? globalThis.localStorage;
  if (!store || typeof store.getItem !== "function" || typeof store.setItem !== "function" || typeof store.removeItem !== "function") {
    throw authError("unsupported_environment", "localStorageAuthStorage needs localStorage (or pass a Web Storage as `storage`)");
  }
  return {
    get: (key) => store.getItem(prefix + checkKey(key)),
    set: (key, value) => store.setItem(prefix + checkKey(key), checkValue(value)),
    delete: (key) => store.removeItem(prefix + checkKey(key)),
    clear() {
      const mine = [];
      for (let i = 0; i < store.length; i++) {
        const k = store.key(i);
        if (k !== null && k.startsWith(prefix + SDK_NAMESPACE)) mine.push(k);
      }
      for (const k of mine) store.removeItem(k);
    },
  };
}

/**
 * `storage` for McpClient's OAuth in a Cloudflare Worker: a Workers KV namespace binding, each key after `prefix`
 * (none by default; give one per user when one Worker acts for several).
 * With `expirationTtl` (seconds, at least 60, as KV requires) each write expires on its own, so credentials of users
 * who never come back do not pile up. KV is eventually consistent across locations: a token written in one may take
 * up to a minute to be read in another, which only costs an extra refresh.
 *
 * @param {{ get(key: string): Promise<string | null>, put(key: string, value: string, options?: object): Promise<void>, delete(key: string): Promise<void> }} kv
 * @param {{ prefix?: string, expirationTtl?: number }} [options]
 */
export function workersKvAuthStorage(kv, options = {}) {
  if (!kv || typeof kv.get !== "function" || typeof kv.put !== "function" || typeof kv.delete !== "function") {
    throw invalid("kv", "a Workers KV namespace binding (get, put, delete)");
  }
  const prefix = checkPrefix(options?.prefix ?? "");
  const ttl = options?.expirationTtl;
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= KV_MIN_TTL_S)) {
    throw invalid("expirationTtl", `a whole number of seconds, at least ${KV_MIN_TTL_S}`);
  }
  const putOptions = ttl === undefined ? undefined : { expirationTtl: ttl };
  return {
    get: async (key) => (await kv.get(prefix + checkKey(key), "text")) ?? null,
    set: async (key, value) => {
      await kv.put(prefix + checkKey(key), checkValue(value), putOptions);
    },
    delete: async (key) => {
      await kv.delete(prefix + checkKey(key));
    },
  };
}
