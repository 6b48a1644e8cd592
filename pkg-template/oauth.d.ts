// Types of "mistral-edge/oauth" (oauth.js): the popup and storage helpers for McpClient's OAuth flow.
// Failures are the package's AuthError, with one of the `reason`s below.

/** The `type` of the message www/oauth-callback.html posts: `{ type, url }`. */
export declare const CALLBACK_MESSAGE_TYPE: "mistral-edge:oauth-callback";
/** The BroadcastChannel name the callback page also posts on. */
export declare const CALLBACK_CHANNEL: "mistral-edge-oauth";

/** The `reason` of an AuthError from these helpers. */
export type OAuthHelperFailure = "popup_blocked" | "popup_closed" | "popup_timeout" | "invalid_config" | "unsupported_environment";

export interface AuthorizationPopupOptions {
  /** Only a callback at this URL (origin and path) is taken; it must be on the page's origin. */
  redirectUri?: string;
  /** How long to wait for the callback; 5 minutes by default. */
  timeoutMs?: number;
  /** The `window.open` features string; a 520×720 popup by default. */
  features?: string;
}

/**
 * Opens the authorization URL in a popup and resolves with the callback URL the popup reached, as reported by
 * oauth-callback.html on this page's origin. Use it as McpClient's `onAuthorize`.
 */
export declare function openAuthorizationPopup(url: string, options?: AuthorizationPopupOptions): Promise<string>;

/** A synchronous key-value store of strings: what the browser helper returns. */
export interface SyncAuthStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** The asynchronous one the Workers KV helper returns. */
export interface AsyncAuthStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The part of the Web Storage interface the browser helper uses (`localStorage`, `sessionStorage`). */
export interface WebStorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LocalStorageAuthStorageOptions {
  /** Put before every key (McpClient's keys are already namespaced "mistral-edge:oauth:…"); none by default. */
  prefix?: string;
  /** Another Web Storage than `globalThis.localStorage`, e.g. `sessionStorage`. */
  storage?: WebStorageLike;
}

/** OAuth storage in the page's localStorage; `clear()` removes every McpClient record under the prefix. */
export declare function localStorageAuthStorage(options?: LocalStorageAuthStorageOptions): SyncAuthStorage & { clear(): void };

/** The part of a Workers KV namespace binding the helper uses. */
export interface KvNamespaceLike {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface WorkersKvAuthStorageOptions {
  /** Put before every key (McpClient's keys are already namespaced "mistral-edge:oauth:…"); none by default. */
  prefix?: string;
  /** Seconds each write lives (at least 60, as KV requires); no expiry by default. */
  expirationTtl?: number;
}

/** OAuth storage in a Workers KV namespace. */
export declare function workersKvAuthStorage(kv: KvNamespaceLike, options?: WorkersKvAuthStorageOptions): AsyncAuthStorage;
