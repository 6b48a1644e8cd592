// The end-to-end cases (./e2e/cases.mjs) in Node, on the package exactly as
// a user installs it: `npm pack` of pkg/, installed offline into a fresh
// project, imported as "mistral-edge" from there. Needs `make package`.
//
// run: node --test tests/js/

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMockMistral } from "../support/mock-mistral.mjs";
import { cases, makeContext, runCase } from "./e2e/cases.mjs";
import { closedURL, installPackage } from "./e2e/setup.mjs";

describe("e2e in Node (packed tarball)", () => {
  let mock;
  let pkg;
  let ctx;
  let ran = 0;

  before(async () => {
    mock = await startMockMistral({ port: 0 });
    pkg = await installPackage();
    // A module inside the consumer project, so "mistral-edge" resolves the way it does for a user.
    const loader = join(pkg.project, "load.mjs");
    await writeFile(loader, 'export * from "mistral-edge";\n');
    const lib = await import(pathToFileURL(loader).href);
    ctx = makeContext({ lib, serverURL: mock.url, closedURL: await closedURL(), runtime: "node" });
  });

  after(async () => {
    await mock?.close();
    await pkg?.cleanup();
  });

  for (const c of cases) {
    it(c.name, { timeout: 120000 }, async () => {
      assert.ok(ctx, "set-up failed");
      const result = await runCase(c, ctx);
      ran++;
      if (!result.ok) assert.fail(result.message);
    });
  }

  it("ran every case", () => {
    assert.ok(cases.length > 0, "there are cases");
    assert.equal(ran, cases.length, "every case ran in Node");
  });
});
