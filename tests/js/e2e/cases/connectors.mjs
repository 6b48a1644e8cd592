// Every `client.connectors` method against the mock, including `listAll()`
// walking keyset (cursor) pages lazily: the mock's request log shows one
// list request per page actually reached.

function connectorBody(name) {
  return { name, description: `The ${name} connector`, server: `https://mcp.example.com/${name}` };
}

export const connectorCases = [
  {
    name: "connectors: create, get by id and by name, update, delete",
    async run({ client, assert, lib }) {
      const c = client();
      const created = await c.connectors.create({ ...connectorBody("e2e_conn"), title: "E2E" });
      assert.equal(typeof created.id, "string");
      assert.equal(created.name, "e2e_conn");
      assert.equal(created.title, "E2E");
      assert.equal(created.server, "https://mcp.example.com/e2e_conn");
      assert.deepEqual(await c.connectors.get(created.id), created, "get by id");
      assert.deepEqual(await c.connectors.get("e2e_conn"), created, "get by name");
      const got = await c.connectors.get(created.id, { fetch_user_data: true });
      assert.equal(got.id, created.id, "get with params");

      const updated = await c.connectors.update(created.id, { title: "Renamed", description: "new description" });
      assert.equal(updated.title, "Renamed");
      assert.equal(updated.description, "new description");
      assert.equal((await c.connectors.get("e2e_conn")).title, "Renamed");

      const deleted = await c.connectors.delete(created.id);
      if (deleted !== undefined) assert.match(deleted.message, /deleted/, "delete resolves to the server's answer or undefined");
      await assert.rejects(() => c.connectors.get(created.id), lib.ApiError, (e) => e.status === 404);
    },
  },
  {
    name: "connectors: list with page_size gives a cursor; listAll walks 3 pages lazily",
    async run({ client, assert, mock }) {
      await mock.reset();
      const c = client();
      const names = ["pg_a", "pg_b", "pg_c", "pg_d", "pg_e"];
      for (const n of names) await c.connectors.create(connectorBody(n));

      const page1 = await c.connectors.list({ page_size: 2 });
      assert.deepEqual(page1.items.map((x) => x.name), ["pg_a", "pg_b"]);
      assert.equal(typeof page1.pagination.next_cursor, "string");
      const page2 = await c.connectors.list({ page_size: 2, cursor: page1.pagination.next_cursor });
      assert.deepEqual(page2.items.map((x) => x.name), ["pg_c", "pg_d"], "the cursor reaches the server");

      const listRequests = async () => (await mock.stats()).requests.filter((r) => r.method === "GET" && r.path === "/v1/connectors").length;
      const base = await listRequests();
      const all = c.connectors.listAll({ page_size: 2 });
      assert.ok(!(all instanceof Promise), "listAll() is not async: it returns an AsyncIterable");
      assert.equal(typeof all[Symbol.asyncIterator], "function");
      assert.equal(await listRequests(), base, "nothing is fetched before iteration starts");
      const seen = [];
      for await (const connector of all) {
        seen.push(connector.name);
        if (seen.length === 1) assert.equal(await listRequests(), base + 1, "the first item needs only the first page");
      }
      assert.deepEqual(seen, names, "every connector once, in order");
      assert.equal(await listRequests(), base + 3, "5 connectors at page_size 2 are 3 pages");

      const early = [];
      for await (const connector of c.connectors.listAll({ page_size: 2 })) {
        early.push(connector.name);
        if (early.length === 3) break;
      }
      assert.deepEqual(early, names.slice(0, 3));
      assert.equal(await listRequests(), base + 5, "breaking after item 3 fetched only pages 1 and 2");
    },
  },
  {
    name: "connectors: listTools, callTool (by id and by name), getAuthUrl",
    async run({ client, assert, lib }) {
      const c = client();
      const conn = await c.connectors.create(connectorBody("tools_conn"));
      const tools = await c.connectors.listTools(conn.id);
      assert.deepEqual(tools.map((t) => t.name), ["echo", "add"]);
      assert.deepEqual(tools[1].inputSchema.required, ["a", "b"], "a tool's JSON Schema comes back unrenamed");
      const paged = await c.connectors.listTools("tools_conn", { page: 2, page_size: 1 });
      assert.deepEqual(paged.map((t) => t.name), ["add"], "params reach the server");

      const echoed = await c.connectors.callTool("tools_conn", "echo", { arguments: { text: "ping" } });
      assert.deepEqual(echoed.content, [{ type: "text", text: "ping" }]);
      const sum = await c.connectors.callTool(conn.id, "add", { arguments: { a: 2, b: 40 } });
      assert.equal(sum.content[0].text, "42");
      assert.deepEqual(sum.metadata.mcp_meta.structuredContent, { sum: 42 });
      await assert.rejects(() => c.connectors.callTool(conn.id, "nope", { arguments: {} }), lib.ApiError, (e) => e.status === 404);

      const auth = await c.connectors.getAuthUrl(conn.id, { app_return_url: "https://app.example/back" });
      assert.equal(typeof auth.auth_url, "string");
      const url = new URL(auth.auth_url);
      assert.equal(url.origin, "https://mcp.example.com");
      assert.equal(url.searchParams.get("redirect_uri"), "https://app.example/back", "the query parameter reached the server");
      assert.equal(auth.ttl, 600);
      await c.connectors.delete(conn.id);
    },
  },
];
