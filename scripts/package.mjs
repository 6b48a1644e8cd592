// Assembles the npm package in pkg/ from wasm-bindgen's `web` output
// (pkg/web/, written by `make package`) and pkg-template/: copies the
// template and www/oauth-callback.html, points errors.js at the one copy of the error classes that the
// glue imports (so `instanceof` holds), sets the version from Cargo.toml and
// removes what wasm-pack adds for its own publishing.
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const web = join(pkg, "web");
const template = join(root, "pkg-template");

if (!existsSync(join(web, "mistral_edge.js"))) {
  console.error("package: pkg/web/mistral_edge.js is missing; run `make package`");
  process.exit(1);
}

for (const name of readdirSync(template)) copyFileSync(join(template, name), join(pkg, name));
// The popup flow's redirect page, shipped for apps to serve next to theirs (the demo serves it from www/).
copyFileSync(join(root, "www", "oauth-callback.html"), join(pkg, "oauth-callback.html"));

// wasm-pack's own manifest, README and `.gitignore` (which says `*`, and
// would make `npm pack` drop the whole directory).
for (const name of ["package.json", "README.md", ".gitignore", "mistral_edge_bg.wasm.d.ts"]) {
  rmSync(join(web, name), { force: true });
}

function find(dir, file) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const hit = find(path, file);
      if (hit) return hit;
    } else if (entry.name === file) return path;
  }
  return null;
}
const errors = find(join(web, "snippets"), "errors.js");
if (!errors) {
  console.error("package: no snippets/**/errors.js in pkg/web");
  process.exit(1);
}
writeFileSync(
  join(pkg, "errors.js"),
  `// The error classes, re-exported from the copy the wasm glue imports.\nexport * from "./${relative(pkg, errors)}";\n`,
);

// wasm-bindgen declares `[Symbol.dispose]` on its classes, which needs
// TypeScript's `esnext.disposable` lib in every user's project; the public
// classes are declared by index.d.ts, so those members only cost users.
const dts = join(web, "mistral_edge.d.ts");
writeFileSync(dts, readFileSync(dts, "utf8").replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, ""));

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))?.[1];
const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

// Every file the manifest promises (`files`, each `exports` target) is in pkg/: an entry added to
// the template's exports but not to its files, or the other way round, fails here, not for a user.
const targets = (value) =>
  typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(targets) : [];
const promised = [...manifest.files.filter((f) => !f.endsWith("/")), ...targets(manifest.exports)];
const missing = [...new Set(promised)].filter((f) => !existsSync(join(pkg, f)));
const unlisted = targets(manifest.exports).filter(
  (t) => !manifest.files.some((f) => `./${f}` === t || t === "./package.json" || (f.endsWith("/") && t.startsWith(`./${f}`))),
);
if (missing.length || unlisted.length) {
  if (missing.length) console.error(`package: missing from pkg/: ${missing.join(", ")}`);
  if (unlisted.length) console.error(`package: exported but not in \`files\` (npm would leave them out): ${unlisted.join(", ")}`);
  process.exit(1);
}
console.log(`package: pkg/ assembled (mistral-edge ${version})`);
