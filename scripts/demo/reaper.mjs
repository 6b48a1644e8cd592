// The orphan guard for workerd. miniflare ends workerd on dispose and on
// this process's exit, but a SIGKILL of the demo leaves it running. The
// reaper is a small child holding a pipe from the demo: when the pipe
// closes (the demo is gone, however it died) it kills the workerd
// processes the demo had, checking each is still a workerd first.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/** The pids of `name` processes whose parent is `parent` (from /proc; empty elsewhere). */
export function childrenNamed(parent, name) {
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const found = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent && comm === name) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

const REAPER = `
const { readFileSync } = require("node:fs");
const pids = process.argv.slice(1).map(Number);
function reap() {
  for (const pid of pids) {
    try {
      if (readFileSync("/proc/" + pid + "/comm", "utf8").trim() === "workerd") process.kill(pid, "SIGKILL");
    } catch {}
  }
  process.exit(0);
}
process.stdin.on("end", reap);
process.stdin.on("error", reap);
process.stdin.resume();
`;

/** Starts a reaper for this process's workerd children; `close()` ends it without killing anything. */
export function guardWorkerd() {
  const pids = childrenNamed(process.pid, "workerd");
  if (!pids.length) return { pids, close: async () => {} };
  const child = spawn(process.execPath, ["-e", REAPER, ...pids.map(String)], { stdio: ["pipe", "ignore", "ignore"] });
  child.unref();
  return {
    pids,
    pid: child.pid,
    close: async () => {
      child.kill("SIGTERM");
    },
  };
}
