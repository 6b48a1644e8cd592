// The page's copy of the package: the Worker serves www/ as static assets,
// so the files of pkg/ the page and the Worker import are copied into
// www/pkg/ (git-ignored). `make demo` does it on every start, and
// `npx wrangler deploy` through the build command of www/worker/wrangler.toml.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const WWW = join(REPO, "www");
const PKG = process.env.MISTRAL_EDGE_PKG ? resolve(process.env.MISTRAL_EDGE_PKG) : join(REPO, "pkg");
/** What the browser and workerd entries need; the Node entry and the types stay out. */
const FILES = ["package.json", "browser.js", "workerd.js", "errors.js", "oauth.js", "web/mistral_edge.js", "web/mistral_edge_bg.wasm", "web/snippets"];

/** Copies the package into www/pkg/; throws, naming the fix, when pkg/ was not built. */
export function copyPackage() {
  if (!existsSync(join(PKG, "web", "mistral_edge_bg.wasm"))) {
    throw new Error(`${PKG} has no built package: run \`make package\` (or \`make demo\`, which builds it) first`);
  }
  const target = join(WWW, "pkg");
  rmSync(target, { recursive: true, force: true });
  for (const file of FILES) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(PKG, file), join(target, file), { recursive: true });
  }
  return target;
}
