// The demo's Worker (see ../wrangler.toml): the recommended production shape
// for a browser app on mistral-edge. The page talks only to this origin:
//   /v1/*      proxied to Mistral with the Worker's key (./proxy.js)
//   /api/run   the SDK running an agent inside the Worker (./run.js)
//   /api/info  what the page needs to know about this deployment
// and every other path is a static asset (the page, and the package in /pkg/).
//
// In your own Worker, `npm install mistral-edge` and import from "mistral-edge";
// this one imports the package `make package` built (copied into www/pkg/).
import { noUpstream, upstreamOf } from "./upstream.js";
import { proxy } from "./proxy.js";
import { RUN_MODEL, runInWorker } from "./run.js";

/** What the page shows and prefills: which upstream, and the local MCP server `make demo` started. */
function info(env, upstream) {
  const mcp = env.DEMO_MCP_URL ? { url: env.DEMO_MCP_URL, token: env.DEMO_MCP_TOKEN ?? null } : null;
  return Response.json({ upstream: upstream?.kind ?? null, model: RUN_MODEL, mcp }, { headers: { "cache-control": "no-store" } });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const upstream = upstreamOf(env);
    if (url.pathname === "/api/info") return info(env, upstream);
    if (url.pathname.startsWith("/v1/")) return upstream ? proxy(request, upstream) : noUpstream();
    if (url.pathname === "/api/run") {
      if (request.method !== "POST") return new Response("POST only", { status: 405, headers: { allow: "POST" } });
      return upstream ? runInWorker(request, upstream) : noUpstream();
    }
    if (url.pathname.startsWith("/api/")) return Response.json({ object: "error", message: `no route ${url.pathname}`, type: "not_found" }, { status: 404 });
    return env.ASSETS.fetch(request);
  },
};
