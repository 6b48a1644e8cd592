#!/usr/bin/env node
// Type-level tests of the npm package's declarations.
//
//   node tests/types/check.mjs            pkg/ if `make package` assembled it, else --build
//   node tests/types/check.mjs --build    a package laid out like pkg/ in a temporary
//                                          directory: a debug wasm build of the crate run
//                                          through wasm-bindgen (web/mistral_edge.d.ts, where
//                                          the data types generated from src/models land)
//                                          plus pkg-template/index.d.ts; pkg/ is not touched
//   node tests/types/check.mjs --pkg DIR  an assembled package elsewhere
//
// Checks, each failing the run:
// 1. tests/types/sample.ts, which uses every method and option of the JS API,
//    and oauth.ts ("mistral-edge/oauth"), type-check (strict) against the
//    package, its .d.ts files included;
// 2. every marked line of tests/types/negative/*.ts fails with the error code
//    it names, and no other line fails: the types reject what they must;
// 3. no `any` in the public declarations (pkg/index.d.ts, pkg/oauth.d.ts and
//    the generated data types), explicit or from a missing annotation, found
//    by walking the TypeScript syntax tree;
// 4. the data types refer only to each other (and `Record`): a reference to a
//    global such as `Function` or `Map`, or to a Rust name with no
//    declaration, means the generator mistyped a member; and none of them
//    shadows a global name;
// 5. index.d.ts re-exports every generated data type.

import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const tsc = join(root, "node_modules/.bin/tsc");
const GLUE = "web/mistral_edge.d.ts";
// What wasm-bindgen itself declares next to the custom sections (the loader's types).
const LOADER_TYPES = new Set(["InitInput", "InitOutput", "SyncInitInput"]);
// The hand-written declarations of the package's entries ("mistral-edge", "mistral-edge/oauth").
const ENTRY_TYPES = ["index.d.ts", "oauth.d.ts"];

const failures = [];
const fail = (message) => failures.push(message);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, encoding: "utf8", ...options });
  if (result.error) throw result.error;
  return result;
}

/** A package laid out like pkg/, from a debug build of the current sources. */
function assemble() {
  const dir = mkdtempSync(join(tmpdir(), "mistral-edge-types-"));
  console.log(`types: building the crate for wasm32 (debug) into ${dir}`);
  const build = run("cargo", ["build", "--lib", "--target", "wasm32-unknown-unknown"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("cargo build --target wasm32-unknown-unknown failed");
  const meta = JSON.parse(run("cargo", ["metadata", "--format-version", "1", "--no-deps"]).stdout);
  const wasm = join(meta.target_directory, "wasm32-unknown-unknown/debug/mistral_edge.wasm");
  const bindgen = run(
    "wasm-bindgen",
    ["--target", "web", "--out-dir", join(dir, "web"), "--out-name", "mistral_edge", wasm],
    { stdio: "inherit" },
  );
  if (bindgen.status !== 0) throw new Error("wasm-bindgen failed");
  for (const file of ENTRY_TYPES) copyFileSync(join(root, "pkg-template", file), join(dir, file));
  return dir;
}

function packageDir() {
  const args = process.argv.slice(2);
  const at = args.indexOf("--pkg");
  if (at >= 0) {
    if (!args[at + 1]) throw new Error("--pkg needs a directory");
    const dir = resolve(args[at + 1]);
    for (const file of [...ENTRY_TYPES, GLUE]) {
      if (!existsSync(join(dir, file))) throw new Error(`${join(dir, file)} is missing: run \`make package\` first`);
    }
    return { dir, temporary: false };
  }
  const pkg = join(root, "pkg");
  if (!args.includes("--build") && [...ENTRY_TYPES, GLUE].every((f) => existsSync(join(pkg, f)))) {
    return { dir: pkg, temporary: false };
  }
  return { dir: assemble(), temporary: true };
}

/** `tsc -p` on `project`, pointed at the package in `dir`; the diagnostics, one per line. */
function typecheck(project, dir, scratch) {
  let config = project;
  if (dir !== join(root, "pkg")) {
    // The repository's configs point at pkg/; this one points at `dir`.
    const base = JSON.parse(JSON.stringify(ts.readConfigFile(project, ts.sys.readFile).config));
    config = join(scratch, `tsconfig.${relative(here, dirname(project)).replace(/\W/g, "_") || "sample"}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        extends: project,
        compilerOptions: { paths: { "mistral-edge": [join(dir, "index.d.ts")], "mistral-edge/oauth": [join(dir, "oauth.d.ts")] } },
        files: base.files.map((f) => join(dirname(project), f)),
      }),
    );
  }
  const result = run(tsc, ["-p", config, "--pretty", "false"]);
  const lines = (result.stdout + result.stderr).split("\n").filter((l) => l.trim() !== "");
  return { status: result.status, lines };
}

function checkSample(dir, scratch) {
  const { status, lines } = typecheck(join(here, "tsconfig.json"), dir, scratch);
  if (status !== 0 || lines.length > 0) {
    fail(`sample.ts / oauth.ts do not type-check against ${dir}:\n  ${lines.join("\n  ")}`);
  } else {
    console.log("types: sample.ts and oauth.ts type-check (strict, package .d.ts included): 0 errors");
  }
}

function checkNegative(dir, scratch) {
  const project = join(here, "negative/tsconfig.json");
  const files = ts.readConfigFile(project, ts.sys.readFile).config.files.map((f) => join(here, "negative", f));
  // `${file}:${line}` -> the error code that line must fail with.
  const expected = new Map();
  for (const file of files) {
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const m = /\/\/ error (TS\d+)\s*$/.exec(line);
        if (m) expected.set(`${file}:${i + 1}`, m[1]);
      });
  }
  const { lines } = typecheck(project, dir, scratch);
  const found = new Map();
  for (const line of lines) {
    const m = /^(.*)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (!m || !files.includes(resolve(root, m[1]))) {
      // Anything else (an error in the package's .d.ts, a config problem) is a failure of its own.
      if (!/^\s/.test(line)) fail(`negative project: unexpected diagnostic: ${line}`);
      continue;
    }
    const at = `${resolve(root, m[1])}:${m[2]}`;
    if (!found.has(at)) found.set(at, []);
    found.get(at).push(`${m[3]}: ${m[4]}`);
  }
  const shown = (at) => relative(here, at);
  for (const [at, code] of expected) {
    const errors = found.get(at) ?? [];
    if (!errors.some((e) => e.startsWith(`${code}:`))) {
      fail(`${shown(at)} must fail with ${code}, got: ${errors.length ? errors.join(" | ") : "no error"}`);
    }
  }
  for (const [at, errors] of found) {
    if (!expected.has(at)) fail(`${shown(at)} fails but is not a case: ${errors.join(" | ")}`);
  }
  console.log(`types: negative/*.ts: ${expected.size} lines that must fail, ${found.size} failing`);
}

/** `node` and its descendants. */
function walk(node, visit) {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

const ANNOTATED = new Set([
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.CallSignature,
]);

/** Every `any` under `node`: the keyword, or a declaration without the annotation that would prevent it. */
function anys(source, node) {
  const hits = [];
  walk(node, (n) => {
    const where = () => {
      const { line } = source.getLineAndCharacterOfPosition(n.getStart(source));
      return `${source.fileName}:${line + 1}`;
    };
    if (n.kind === ts.SyntaxKind.AnyKeyword) hits.push(`${where()}: any`);
    else if (ANNOTATED.has(n.kind) && !n.type) hits.push(`${where()}: no type annotation (implicit any)`);
  });
  return hits;
}

function parse(path) {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
}

const nameOf = (statement) => statement.name?.text;

/** Type names the lib files of the sample's config declare (es2022, dom, esnext.disposable). */
function globalTypeNames() {
  const options = ts.parseJsonConfigFileContent(
    ts.readConfigFile(join(here, "tsconfig.json"), ts.sys.readFile).config,
    ts.sys,
    here,
  ).options;
  const empty = join(here, "__globals__.ts");
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (file, ...rest) =>
    file === empty ? ts.createSourceFile(file, "export {};", ts.ScriptTarget.Latest) : read(file, ...rest);
  const program = ts.createProgram([empty], { ...options, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(empty);
  return new Set(checker.getSymbolsInScope(file, ts.SymbolFlags.Type).map((s) => s.name));
}

function checkDeclarations(dir) {
  const glue = parse(join(dir, GLUE));
  const index = parse(join(dir, "index.d.ts"));

  const data = glue.statements.filter(
    (s) => (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && !LOADER_TYPES.has(nameOf(s)),
  );
  const dataNames = new Set(data.map(nameOf));
  console.log(`types: ${data.length} generated data type declarations in ${GLUE}`);
  if (data.length === 0) fail(`${GLUE} has no generated data types (is the \`ts\` feature on?)`);

  const oauth = parse(join(dir, "oauth.d.ts"));
  const hits = [
    ...index.statements.flatMap((s) => anys(index, s)),
    ...oauth.statements.flatMap((s) => anys(oauth, s)),
    ...data.flatMap((s) => anys(glue, s)),
  ];
  for (const hit of hits) fail(`public declaration with any: ${hit}`);
  console.log(`types: any in public declarations: ${hits.length}`);

  const globals = globalTypeNames();
  let foreign = 0;
  for (const statement of data) {
    const name = nameOf(statement);
    if (globals.has(name)) fail(`${GLUE}: ${name} shadows the global type of that name`);
    const params = new Set();
    walk(statement, (n) => {
      if (ts.isTypeParameterDeclaration(n)) params.add(n.name.text);
    });
    walk(statement, (n) => {
      if (!ts.isTypeReferenceNode(n)) return;
      const ref = n.typeName.getText(glue);
      if (dataNames.has(ref) || params.has(ref) || ref === "Record") return;
      foreign += 1;
      fail(`${GLUE}: ${name} refers to ${ref}, which is not a generated data type`);
    });
  }
  console.log(`types: references from data types to anything but data types and Record: ${foreign}`);

  const local = new Set(index.statements.map(nameOf).filter(Boolean));
  const reexported = new Set();
  for (const statement of index.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const from = statement.moduleSpecifier?.text;
    if (from === undefined) continue;
    if (from !== "./web/mistral_edge.js") fail(`index.d.ts imports from ${from}; only ./web/mistral_edge.js is in the package`);
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const e of statement.exportClause.elements) reexported.add(e.name.text);
    }
  }
  const missing = [...dataNames].filter((n) => !reexported.has(n) && !local.has(n));
  if (missing.length) fail(`index.d.ts does not re-export: ${missing.join(", ")}`);
  for (const name of reexported) if (!dataNames.has(name)) fail(`index.d.ts re-exports ${name}, which ${GLUE} lacks`);
  console.log(`types: data types re-exported by index.d.ts: ${reexported.size} of ${dataNames.size}`);
}

let target;
try {
  target = packageDir();
} catch (error) {
  console.error(`types: ${error.message}`);
  process.exit(1);
}
const { dir, temporary } = target;
const scratch = mkdtempSync(join(tmpdir(), "mistral-edge-tsconfig-"));
try {
  console.log(`types: checking the package in ${dir}`);
  checkDeclarations(dir);
  checkSample(dir, scratch);
  checkNegative(dir, scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
  if (temporary) rmSync(dir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\ntypes: ${failures.length} failure(s):\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log("types: all checks passed");
