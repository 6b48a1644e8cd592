// A bearer-token gate in front of the demo's MCP server, so that the page's
// "connect with a token" does something real: every request but a CORS
// preflight must carry `Authorization: Bearer <token>`, else 401 with
// `WWW-Authenticate` (readable by the page); the rest goes to server-everything
// untouched, its own CORS headers included.
import { createServer, request as httpRequest } from "node:http";

export async function startMcpGate({ upstream, token }) {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"];
    if (!preflight && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, {
        "content-type": "application/json",
        "www-authenticate": 'Bearer realm="mistral-edge demo", error="invalid_token"',
        "access-control-allow-origin": req.headers.origin ?? "*",
        "access-control-expose-headers": "www-authenticate",
        vary: "Origin",
      });
      res.end(JSON.stringify({ error: "invalid_token", error_description: "this demo MCP server wants the bearer token the page prefills" }));
      req.resume();
      return;
    }
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.flushHeaders();
      answer.pipe(res);
    });
    out.once("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain", "access-control-allow-origin": "*" });
      res.end(`gate: ${error.message}`);
    });
    res.once("close", () => out.destroy());
    req.pipe(out);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const url = new URL(target);
  url.host = `127.0.0.1:${server.address().port}`;
  return {
    url: url.href,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
