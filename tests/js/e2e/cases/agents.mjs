// Every `client.agents` method against the mock, through one agent's life:
// versions appended by updates, the current version switched, aliases named,
// both list styles, and deletion.

const MODEL = "mistral-medium-latest";

export const agentCases = [
  {
    name: "agents: create, get, get with agent_version, update, updateVersion",
    async run({ client, assert }) {
      const c = client();
      const created = await c.agents.create({
        model: MODEL,
        name: "e2e-agent",
        instructions: "Answer briefly.",
        tools: [{ type: "web_search" }],
        completion_args: { temperature: 0.2 },
        metadata: { suite: "e2e" },
      });
      assert.equal(created.object, "agent");
      assert.equal(typeof created.id, "string");
      assert.equal(created.version, 0);
      assert.equal(created.name, "e2e-agent");
      assert.equal(created.instructions, "Answer briefly.");
      assert.deepEqual(created.tools, [{ type: "web_search" }]);
      assert.equal(created.completion_args.temperature, 0.2);
      assert.deepEqual(created.metadata, { suite: "e2e" }, "free-form metadata comes back unrenamed");

      const got = await c.agents.get(created.id);
      assert.deepEqual(got, created, "get returns what create returned");

      const updated = await c.agents.update(created.id, { name: "e2e-agent-v1", description: "second version" });
      assert.equal(updated.version, 1);
      assert.equal(updated.name, "e2e-agent-v1");
      assert.equal(updated.description, "second version");
      assert.deepEqual(updated.versions, [0, 1]);

      const v0 = await c.agents.get(created.id, { agent_version: 0 });
      assert.equal(v0.version, 0, "agent_version selects the version");
      assert.equal(v0.name, "e2e-agent");

      const current = await c.agents.updateVersion(created.id, 0);
      assert.equal(current.version, 0);
      assert.equal((await c.agents.get(created.id)).name, "e2e-agent", "the current version switched back to 0");
      await c.agents.delete(created.id);
    },
  },
  {
    name: "agents: listVersions and getVersion (number and string)",
    async run({ client, assert }) {
      const c = client();
      const a = await c.agents.create({ model: MODEL, name: "versions" });
      await c.agents.update(a.id, { instructions: "v1" });
      await c.agents.update(a.id, { instructions: "v2" });
      const all = await c.agents.listVersions(a.id);
      assert.ok(Array.isArray(all), "listVersions resolves to an array");
      assert.deepEqual(all.map((v) => v.version), [0, 1, 2]);
      const page = await c.agents.listVersions(a.id, { page: 1, page_size: 2 });
      assert.deepEqual(page.map((v) => v.version), [2], "page 1 of size 2 holds the third version");
      assert.equal((await c.agents.getVersion(a.id, 1)).instructions, "v1");
      assert.equal((await c.agents.getVersion(a.id, "2")).instructions, "v2");
      await c.agents.delete(a.id);
    },
  },
  {
    name: "agents: createOrUpdateAlias, listAliases, getVersion by alias, deleteAlias",
    async run({ client, assert, lib }) {
      const c = client();
      const a = await c.agents.create({ model: MODEL, name: "aliases" });
      await c.agents.update(a.id, { instructions: "production" });
      const alias = await c.agents.createOrUpdateAlias(a.id, "prod", 1);
      assert.equal(alias.alias, "prod");
      assert.equal(alias.version, 1);
      assert.equal((await c.agents.getVersion(a.id, "prod")).instructions, "production", "an alias names a version");
      assert.equal((await c.agents.get(a.id, { agent_version: "prod" })).version, 1, "get's agent_version takes an alias");
      const moved = await c.agents.createOrUpdateAlias(a.id, "prod", 0);
      assert.equal(moved.version, 0, "the same alias moved to another version");
      await c.agents.createOrUpdateAlias(a.id, "canary", 1);
      const aliases = await c.agents.listAliases(a.id);
      assert.deepEqual(aliases.map((x) => [x.alias, x.version]).sort(), [["canary", 1], ["prod", 0]]);
      const deleted = await c.agents.deleteAlias(a.id, "canary");
      assert.equal(deleted, undefined, "deleteAlias resolves to undefined");
      assert.deepEqual((await c.agents.listAliases(a.id)).map((x) => x.alias), ["prod"]);
      await assert.rejects(() => c.agents.deleteAlias(a.id, "canary"), lib.ApiError, (e) => e.status === 404);
      await c.agents.delete(a.id);
    },
  },
  {
    name: "agents: list (page/page_size, name filter) and listPages (page_token)",
    async run({ client, assert }) {
      const c = client();
      const tag = `list-${Date.now()}`;
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await c.agents.create({ model: MODEL, name: `${tag}-${i}`, metadata: { tag } })).id);
      const all = await c.agents.list({ page_size: 100 });
      for (const id of ids) assert.ok(all.some((a) => a.id === id), `list holds ${id}`);
      const named = await c.agents.list({ name: `${tag}-1` });
      assert.deepEqual(named.map((a) => a.id), [ids[1]], "the name filter reaches the server");
      const odd = await c.agents.create({ model: MODEL, name: `${tag} a&b=c/d?é` });
      ids.push(odd.id);
      const found = await c.agents.list({ name: `${tag} a&b=c/d?é` });
      assert.deepEqual(found.map((a) => a.id), [odd.id], "query values are URL-encoded");
      const one = await c.agents.list({ page: 0, page_size: 1 });
      assert.equal(one.length, 1, "page_size reaches the server");

      const first = await c.agents.listPages({ page_size: 2, search: tag });
      assert.equal(first.object, "list");
      assert.equal(first.data.length, 2);
      assert.equal(typeof first.next_page_token, "string", "a next page exists");
      const second = await c.agents.listPages({ page_size: 2, search: tag, page_token: first.next_page_token });
      assert.equal(second.data.length, 2);
      assert.equal(second.next_page_token ?? null, null, "the last page has no next token");
      const seen = [...first.data, ...second.data].map((a) => a.id).sort();
      assert.deepEqual(seen, [...ids].sort(), "the two pages hold each agent once");
      for (const id of ids) await c.agents.delete(id);
    },
  },
  {
    name: "agents: delete resolves to undefined, then get is a 404 ApiError",
    async run({ client, assert, lib }) {
      const c = client();
      const a = await c.agents.create({ model: MODEL, name: "doomed" });
      assert.equal(await c.agents.delete(a.id), undefined);
      const e = await assert.rejects(() => c.agents.get(a.id), lib.ApiError);
      assert.equal(e.status, 404);
      // Unencoded, "../models" would turn /v1/agents/../models into /v1/models.
      const traversal = await assert.rejects(() => c.agents.get("../models"), lib.ApiError, undefined, "a path segment is encoded");
      assert.equal(traversal.status, 404);
      assert.match(traversal.json.message, /Agent/);
      assert.ok(!(e instanceof lib.RateLimitError) && !(e instanceof lib.ValidationError), "a 404 is a plain ApiError");
    },
  },
];
