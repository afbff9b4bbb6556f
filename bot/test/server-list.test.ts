import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServerList, serverLabel } from "../src/irc/reconnect/server-list.js";

const a = { host: "a.example", port: 6697 };
const b = { host: "b.example", port: 7000 };
const c = { host: "::1", port: 6667 };

function memoryStore(initial: string | null = null) {
  const store = { value: initial, get: async () => store.value, set: async (value: string) => (store.value = value) };
  return store;
}

describe("ServerList", () => {
  it("takes the servers in turn and wraps around", () => {
    const list = new ServerList([a, b, c]);
    assert.deepEqual(list.current, a);
    assert.deepEqual(list.advance(), b);
    assert.deepEqual(list.advance(), c);
    assert.deepEqual(list.advance(), a);
  });

  it("remembers the server it signed on to, and a restarted list starts there", async () => {
    const store = memoryStore();
    const before = new ServerList([a, b, c], { store });
    before.advance();
    before.succeeded();
    await Promise.resolve();
    assert.equal(store.value, "b.example:7000");
    const after = new ServerList([a, b, c], { store });
    await after.restore();
    assert.deepEqual(after.current, b);
    assert.deepEqual(after.advance(), c, "and goes on in list order from there");
  });

  it("ignores a remembered server that is no longer in SERVER_HOST", async () => {
    const list = new ServerList([a, b], { store: memoryStore("gone.example:6697") });
    await list.restore();
    assert.deepEqual(list.current, a);
  });

  it("writes nothing for a single server", async () => {
    const store = memoryStore();
    new ServerList([a], { store }).succeeded();
    await Promise.resolve();
    assert.equal(store.value, null);
  });

  it("labels IPv6 hosts in brackets", () => {
    assert.equal(serverLabel(c), "[::1]:6667");
    assert.equal(serverLabel(a), "a.example:6697");
  });
});
