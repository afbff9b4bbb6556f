import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startRedis, type RedisServer } from "../../test/harness/index.js";
import { db } from "../src/api/db.js";
import { route } from "../src/api/route.js";
import { callRoute, createTestKit } from "../src/testing/index.js";

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

const hits = route("/hits", async () => `hits: ${await db.incr("hits")}`);

test("db: each package gets its own key namespace, one connection per package", async () => {
  const prefix = `db-${process.pid}`;
  const kit = createTestKit({ redis: redis.client, redisPrefix: prefix, webhook: { name: "counter" } });
  const other = createTestKit({ redis: redis.client, redisPrefix: prefix, webhook: { name: "other" } });
  try {
    assert.equal((await kit.call(hits, { path: "/hits" })).text, "hits: 1");
    assert.equal((await kit.call(hits, { path: "/hits" })).text, "hits: 2");
    assert.equal((await other.call(hits, { path: "/hits" })).text, "hits: 1");
    assert.equal(await redis.client.get(`${prefix}:db:counter:hits`), "2");
    assert.equal(await redis.client.get(`${prefix}:db:other:hits`), "1");
    assert.equal(await redis.client.get("hits"), null);
  } finally {
    await kit.close();
    await other.close();
    await kit.close();
  }
});

test("db: multi-key commands and pipelines stay in the namespace", async () => {
  const prefix = `db2-${process.pid}`;
  const store = route("/store", async () => {
    await db.pipeline().hset("user:1", { nick: "☃" }).sadd("users", "1").exec();
    return db.hgetall("user:1");
  });
  const response = await callRoute(store, { path: "/store", redis: redis.client, redisPrefix: prefix, webhook: { name: "users" } });
  assert.deepEqual(response.json, { nick: "☃" });
  assert.deepEqual(await redis.client.smembers(`${prefix}:db:users:users`), ["1"]);
});

test("db outside a handler, or in a kit without Redis, says what is wrong", async () => {
  assert.throws(() => db.get("x"), /only inside a route handler/);
  const response = await callRoute(hits, { path: "/hits" });
  assert.equal(response.status, 500);
  assert.match(String(response.error), /db needs a Redis in tests/);
});

test("packageConnection: one lazily made connection per package, closed together", async () => {
  const { packageConnection, closePackageConnections } = await import("../src/api/package-connections.js");
  const { redisKeys } = await import("@helga/shared");
  const keys = redisKeys(`pc-${process.pid}`);
  const a = packageConnection(redis.client, keys, "a");
  assert.equal(packageConnection(redis.client, keys, "a"), a);
  assert.notEqual(packageConnection(redis.client, keys, "b"), a);
  assert.equal(a.options.keyPrefix, keys.webhookDb("a"));
  await a.set("k", "v");
  await closePackageConnections(redis.client);
  await closePackageConnections(redis.client);
  assert.equal(a.status, "end");
  assert.notEqual(packageConnection(redis.client, keys, "a"), a);
  await closePackageConnections(redis.client);
});
