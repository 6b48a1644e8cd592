// A program written against "mistral-edge/oauth" (type-checked by ../check.mjs, never run): the popup as
// onAuthorize, both storage helpers with every option, and the constants, so that oauth.d.ts drifting from
// oauth.js, or from what McpClient's `auth.storage` accepts, fails `tsc` here.

import { McpClient } from "mistral-edge";
import type { McpOAuth, McpOAuthStorage } from "mistral-edge";
import {
  CALLBACK_CHANNEL,
  CALLBACK_MESSAGE_TYPE,
  localStorageAuthStorage,
  openAuthorizationPopup,
  workersKvAuthStorage,
} from "mistral-edge/oauth";
import type {
  AsyncAuthStorage,
  AuthorizationPopupOptions,
  KvNamespaceLike,
  OAuthHelperFailure,
  SyncAuthStorage,
} from "mistral-edge/oauth";

const options: AuthorizationPopupOptions = { redirectUri: "https://app.example/oauth-callback.html", timeoutMs: 60_000, features: "popup" };
const callback: Promise<string> = openAuthorizationPopup("https://as.example/authorize?client_id=x", options);
const bare: Promise<string> = openAuthorizationPopup("https://as.example/authorize");
void callback;
void bare;

const onAuthorize = (url: string): Promise<string | undefined> => openAuthorizationPopup(url);
void onAuthorize;

const local = localStorageAuthStorage({ prefix: "app:", storage: sessionStorage });
const sync: SyncAuthStorage = local;
const value: string | null = sync.get("k");
sync.set("k", value ?? "v");
sync.delete("k");
local.clear();
localStorageAuthStorage();

declare const kv: KvNamespaceLike;
const remote: AsyncAuthStorage = workersKvAuthStorage(kv, { prefix: "user:", expirationTtl: 3600 });
const got: Promise<string | null> = remote.get("k");
void got;
void remote.set("k", "v");
void remote.delete("k");

const type: "mistral-edge:oauth-callback" = CALLBACK_MESSAGE_TYPE;
const channel: "mistral-edge-oauth" = CALLBACK_CHANNEL;
const reasons: OAuthHelperFailure[] = ["popup_blocked", "popup_closed", "popup_timeout", "invalid_config", "unsupported_environment"];
void type;
void channel;
void reasons;

// The helpers plug into McpClient's OAuth settings as they are.
const asStorage: McpOAuthStorage[] = [local, remote];
const settings: McpOAuth = {
  type: "oauth",
  redirectUri: "https://app.example/oauth-callback.html",
  storage: localStorageAuthStorage(),
  onAuthorize: (url) => openAuthorizationPopup(url, { redirectUri: "https://app.example/oauth-callback.html" }),
};
const viaPopup = new McpClient({ url: "https://mcp.example/mcp", auth: settings });
const onKv = new McpClient({
  url: "https://mcp.example/mcp",
  auth: { type: "oauth2", client_id: "id", client_secret: "secret", storage: workersKvAuthStorage(kv) },
});
void asStorage;
void viaPopup;
void onKv;
