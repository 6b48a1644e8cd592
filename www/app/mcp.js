// MCP servers: add one by URL with an authentication method, see what was
// negotiated (era, protocol version, server), list its tools and try them
// with JSON arguments, and choose whether the chat's runs may use them.
// Authentication methods are a table: another (OAuth) is one more entry.
import { McpClient } from "mistral-edge";
import { localStorageAuthStorage, openAuthorizationPopup } from "mistral-edge/oauth";
import { $, h, pretty } from "./dom.js";
import { errorView, showError } from "./errors.js";
import { exampleOf, parseJson } from "./schema.js";
import { state } from "./state.js";

/** `value -> { label, needsToken, auth(form) }`: what the connect form offers. */
export const AUTH_METHODS = {
  none: { label: "None", needsToken: false, auth: () => undefined },
  bearer: { label: "Bearer token", needsToken: true, auth: (form) => ({ type: "bearer", token: form.elements.token.value.trim() }) },
  oauth: { label: "OAuth (sign in in a popup)", needsToken: false, auth: () => oauthSettings() },
};

/**
 * OAuth as the MCP spec has it: the server's authorization server is discovered, the demo registers itself there,
 * and the sign-in runs in a popup that oauth-callback.html (served next to this page) reports back from. Tokens stay
 * in this browser's localStorage, so a reload does not ask again.
 */
function oauthSettings() {
  // Without ".html": Workers static assets redirect /oauth-callback.html there (html_handling), which would move the
  // callback off the redirect URI the authorization server was given.
  const redirectUri = new URL("/oauth-callback", globalThis.location.href).href;
  return {
    type: "oauth",
    clientName: "mistral-edge demo",
    redirectUri,
    storage: localStorageAuthStorage(),
    onAuthorize: (url) => openAuthorizationPopup(url, { redirectUri }),
  };
}

const servers = [];

function contentView(result) {
  const blocks = (result.content ?? []).map((c) => {
    if (c.type === "text") return h("pre", {}, pretty(c.text));
    if (c.type === "image" && typeof c.data === "string") return h("img", { src: `data:${c.mimeType};base64,${c.data}`, alt: "tool image", width: 48 });
    return h("pre", {}, JSON.stringify(c, null, 2));
  });
  if (result.structuredContent) blocks.push(h("pre", {}, JSON.stringify(result.structuredContent, null, 2)));
  return h("div", { class: `tool-result${result.isError ? " failed" : ""}`, dataset: { isError: String(Boolean(result.isError)) } }, ...blocks);
}

function toolView(server, tool) {
  const args = h("textarea", { rows: 3, spellcheck: "false" }, JSON.stringify(exampleOf(tool.inputSchema ?? {}), null, 1));
  const out = h("div", { class: "out" });
  const call = async () => {
    const parsed = parseJson(args.value);
    if (parsed.error) return out.replaceChildren(errorView({ name: "Arguments", message: parsed.error }));
    out.replaceChildren(h("span", { class: "muted" }, "calling…"));
    try {
      out.replaceChildren(contentView(await server.client.callTool(tool.name, parsed.value, { signal: AbortSignal.timeout(15000) })));
    } catch (error) {
      out.replaceChildren(errorView(error, `Calling ${tool.name}`, "mcp"));
    }
  };
  return h(
    "li",
    { dataset: { tool: tool.name } },
    h("details", {}, h("summary", {}, tool.name), h("div", { class: "try" }, h("span", { class: "muted" }, tool.description ?? ""), args, h("button", { type: "button", class: "small", onclick: call }, "Call"), out)),
  );
}

function serverView(server) {
  const mcp = server.client;
  const use = h("input", { type: "checkbox", checked: true, onchange: (e) => (server.useInChat = e.target.checked) });
  const remove = async () => {
    servers.splice(servers.indexOf(server), 1);
    li.remove();
    await mcp.close().catch(() => {});
  };
  const info = mcp.serverInfo ?? {};
  const li = h(
    "li",
    { dataset: { era: mcp.era, url: server.url } },
    h("div", { class: "server-head" }, h("strong", {}, `${info.name ?? "MCP server"} ${info.version ?? ""}`), h("button", { type: "button", class: "ghost small", onclick: remove }, "Disconnect")),
    h("div", { class: "server-facts" }, h("span", { class: "tag", dataset: { fact: "era" } }, `era: ${mcp.era}`), h("span", { class: "tag", dataset: { fact: "protocol" } }, `protocol ${mcp.protocolVersion}`), h("span", { class: "tag" }, `${server.tools.length} tools`)),
    h("label", {}, use, " use its tools in the chat (new chats)"),
    h("ul", { class: "tools" }, server.tools.map((t) => toolView(server, t))),
  );
  return li;
}

async function connect(form) {
  const method = AUTH_METHODS[form.elements.auth.value] ?? AUTH_METHODS.none;
  const url = form.elements.url.value.trim();
  const button = form.querySelector("button");
  button.disabled = true;
  showError($("#mcp-error"), null);
  const mcp = new McpClient({ url, auth: method.auth(form), timeoutMs: 15000 });
  try {
    await mcp.connect();
    const { tools } = await mcp.listTools();
    const server = { url, client: mcp, tools, label: mcp.serverInfo?.name ?? url, useInChat: true };
    servers.push(server);
    $("#mcp-servers").append(serverView(server));
  } catch (error) {
    showError($("#mcp-error"), error, `Connecting to ${url}`, "mcp");
    await mcp.close().catch(() => {});
  } finally {
    button.disabled = false;
  }
}

function showTokenField() {
  $("#mcp-token-label").hidden = !AUTH_METHODS[$("#mcp-auth").value]?.needsToken;
}

export function initMcp(info) {
  $("#mcp-auth").replaceChildren(...Object.entries(AUTH_METHODS).map(([value, m]) => h("option", { value }, m.label)));
  if (info.mcp) {
    $("#mcp-url").value = info.mcp.url;
    if (info.mcp.token) {
      $("#mcp-auth").value = "bearer";
      $("#mcp-token").value = info.mcp.token;
    }
  }
  showTokenField();
  $("#mcp-auth").addEventListener("change", showTokenField);
  $("#mcp-form").addEventListener("submit", (e) => {
    e.preventDefault();
    connect(e.currentTarget);
  });
  state.mcpForChat = () => servers.filter((s) => s.useInChat).map((s) => ({ client: s.client, label: s.label, toolNames: s.tools.map((t) => t.name) }));
}
