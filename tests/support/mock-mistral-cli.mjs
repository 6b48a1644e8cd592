#!/usr/bin/env node
// Runs the mock Mistral server on its own, for harnesses in other languages
// and for the demo. Prints exactly one line on stdout when ready:
//
//   MOCK_MISTRAL_URL=http://127.0.0.1:<port>
//
// and exits on SIGTERM/SIGINT, and when its stdin (if a pipe or socket)
// closes, so a parent that dies without cleaning up never leaks it.
//
// usage: node tests/support/mock-mistral-cli.mjs [--port N] [--host H] [--spec PATH] [--log]
//   (--log writes one line per request to stderr: method, path, status; never headers)
import { fstatSync } from "node:fs";
import { parseArgs } from "node:util";
import { startMockMistral } from "./mock-mistral.mjs";

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: "string", default: process.env.MOCK_MISTRAL_PORT ?? "0" },
      host: { type: "string", default: "127.0.0.1" },
      spec: { type: "string" },
      log: { type: "boolean", default: false },
    },
  }));
} catch (e) {
  process.stderr.write(`mock-mistral: ${e.message}\n`);
  process.exit(2);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`mock-mistral: --port must be 0..65535, got ${options.port}\n`);
  process.exit(2);
}

const mock = await startMockMistral({
  port,
  host: options.host,
  ...(options.spec ? { spec: options.spec } : {}),
  log: options.log ? (line) => process.stderr.write(`mock-mistral: ${line}\n`) : null,
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await mock.close();
  process.exit(code);
}

process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));

// Watch stdin only when it is a pipe or socket: a TTY never closes while the
// terminal lives, and /dev/null is closed from the start.
let stdinIsPipe = false;
try {
  const st = fstatSync(0);
  stdinIsPipe = st.isFIFO() || st.isSocket();
} catch {
  stdinIsPipe = false;
}
if (stdinIsPipe) {
  process.stdin.on("data", () => {});
  process.stdin.on("end", () => stop(0));
  process.stdin.on("close", () => stop(0));
  process.stdin.on("error", () => stop(0));
  process.stdin.resume();
}

process.stdout.write(`MOCK_MISTRAL_URL=${mock.url}\n`);
