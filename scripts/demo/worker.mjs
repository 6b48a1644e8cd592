// The demo's Worker in workerd, through miniflare, configured from
// www/worker/wrangler.toml (entry, compatibility date and flags, static
// assets and the routes that reach the Worker first), so that what runs
// here is what `npx wrangler deploy` uploads. Offline: no `cf` object
// fetched, no metrics. Needs Node 22 (miniflare 4).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { WWW } from "./assets.mjs";

export const WRANGLER_TOML = join(WWW, "worker", "wrangler.toml");

/** The settings of wrangler.toml the local Worker uses, paths made absolute. */
export function readWranglerConfig(path = WRANGLER_TOML) {
  const config = parse(readFileSync(path, "utf8"));
  const dir = dirname(path);
  for (const key of ["main", "compatibility_date"]) {
    if (typeof config[key] !== "string") throw new Error(`${path}: \`${key}\` must be a string`);
  }
  if (typeof config.assets?.directory !== "string") throw new Error(`${path}: [assets] needs a \`directory\``);
  const firstRoutes = config.assets.run_worker_first;
  return {
    name: config.name,
    main: resolve(dir, config.main),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    assets: {
      directory: resolve(dir, config.assets.directory),
      binding: config.assets.binding ?? "ASSETS",
      workerFirst: Array.isArray(firstRoutes) ? firstRoutes : [],
    },
  };
}

/** Starts the Worker; resolves to `{ url, close() }`. `bindings` are its plain-text vars and secrets. */
export async function startWorker({ host = "127.0.0.1", port = 0, bindings = {} } = {}) {
  const config = readWranglerConfig();
  const mf = new Miniflare({
    name: config.name,
    modules: true,
    scriptPath: config.main,
    modulesRoot: config.assets.directory,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    bindings,
    assets: {
      directory: config.assets.directory,
      binding: config.assets.binding,
      routerConfig: { has_user_worker: true, static_routing: { user_worker: config.assets.workerFirst } },
    },
    host,
    port,
    cf: false,
  });
  try {
    const url = await mf.ready;
    return { url: url.href.replace(/\/$/, ""), close: () => mf.dispose() };
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw error;
  }
}
