// Node-only (the runners import it; no case does): starts the three MCP servers the cases talk to, each on
// 127.0.0.1, and stops them all. With `cors`, the modern server (which sends no CORS headers) is put behind
// withCors so a page on another origin can reach it; server-everything needs no proxy for a browser: its own
// CORS answers preflights and exposes Mcp-Session-Id (Access-Control-Expose-Headers: mcp-session-id,
// last-event-id, mcp-protocol-version), which the Chromium runner checks from the page.
// It also starts the mock Mistral API ("mistral"), for the run-loop cases that give the model MCP tools
// (./cases/run.mjs); the mock answers CORS preflights itself.

import { startEverythingSse, startEverythingStreamableHttp, startModernServer, withCors } from "../../support/mcp-servers.mjs";
import { startMockMistral } from "../../support/mock-mistral.mjs";
import { generateKeyPairSync } from "node:crypto";

/** The client of the guarded server (test credentials, nothing real): a secret, and a P-256 key for private_key_jwt. */
const KEY = generateKeyPairSync("ec", { namedCurve: "P-256" });
export const OAUTH_CLIENT = {
  clientId: "mcp-e2e-client",
  clientSecret: "mcp-e2e-secret-0123456789",
  privateKeyPem: KEY.privateKey.export({ type: "pkcs8", format: "pem" }),
  publicKeyPem: KEY.publicKey.export({ type: "spki", format: "pem" }),
};

/**
 * Resolves to `{ urls: { streamable, sse, modern, mistral, guarded, tokenUrl }, close() }` — `guarded` is the modern
 * server behind a client-credentials token endpoint (`tokenUrl`); nothing is left running when it rejects.
 */
export async function startMcpServers({ cors = false } = {}) {
  const started = [];
  const close = () => Promise.all(started.splice(0).reverse().map((s) => s.close()));
  try {
    const settled = await Promise.allSettled([startEverythingStreamableHttp(), startEverythingSse(), startModernServer(), startMockMistral({ port: 0 })]);
    for (const s of settled) if (s.status === "fulfilled") started.push(s.value);
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    const [streamable, sse, modern, mistral] = settled.map((s) => s.value);
    let modernURL = modern.url;
    if (cors) {
      const proxy = await withCors(modern.url);
      started.push(proxy);
      modernURL = proxy.url;
    }
    const guarded = await withCors(modern.url, { clientCredentials: OAUTH_CLIENT });
    started.push(guarded);
    const urls = { streamable: streamable.url, sse: sse.url, modern: modernURL, mistral: mistral.url, guarded: guarded.url, tokenUrl: guarded.tokenUrl, oauthClient: OAUTH_CLIENT };
    return { urls, close };
  } catch (error) {
    await close();
    throw error;
  }
}
