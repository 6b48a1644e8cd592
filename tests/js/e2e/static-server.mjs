// A minimal static file server for the Chromium harness: a few URL prefixes
// mapped to directories, plus fixed in-memory pages, on 127.0.0.1. It
// refuses paths that escape their directory and sets the MIME types a
// browser insists on for modules and wasm.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".map": "application/json",
  ".ts": "text/plain; charset=utf-8",
};

/**
 * @param {{ mounts: Record<string, string>, pages?: Record<string, string> }} options
 *   `mounts`: URL prefix ("/pkg/") -> directory; `pages`: exact path -> HTML.
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startStaticServer({ mounts, pages = {} }) {
  const roots = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]);

  async function answer(req, res) {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://static.invalid").pathname);
    const headers = { "cache-control": "no-store" };
    if (pages[path] !== undefined) {
      res.writeHead(200, { ...headers, "content-type": TYPES[".html"] });
      res.end(pages[path]);
      return;
    }
    for (const [prefix, dir] of roots) {
      if (!path.startsWith(prefix)) continue;
      const file = resolve(join(dir, path.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep)) break;
      try {
        if (!(await stat(file)).isFile()) break;
        const body = await readFile(file);
        res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": body.length });
        res.end(body);
        return;
      } catch {
        break;
      }
    }
    res.writeHead(404, { ...headers, "content-type": "text/plain" });
    res.end(`not found: ${path}`);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}
