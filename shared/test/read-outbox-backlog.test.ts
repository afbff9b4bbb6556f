import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readOutboxBacklog, redisKeys } from "../src/index.js";
import { startRedis, type RedisServer } from "../../test/harness/index.js";

describe("readOutboxBacklog against a real Redis", () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.stop());

  it("reads zero for a stream that does not exist yet", async () => {
    assert.deepEqual(await readOutboxBacklog(redis.client, redisKeys("empty")), { depth: 0, oldestAgeSeconds: 0, deadLetters: 0 });
  });

  it("reads the depth, the age of the first entry from its id, and the dead letters", async () => {
    const keys = redisKeys("backlog");
    await redis.client.xadd(keys.outbox, "1000-0", "cmd", "{}");
    await redis.client.xadd(keys.outbox, "2000-0", "cmd", "{}");
    await redis.client.xadd(keys.deadLetter, "*", "cmd", "{}", "reason", "test");
    assert.deepEqual(await readOutboxBacklog(redis.client, keys, 4_000), { depth: 2, oldestAgeSeconds: 3, deadLetters: 1 });
    await redis.client.xdel(keys.outbox, "1000-0"); // acked and deleted, as the consumer does
    assert.deepEqual(await readOutboxBacklog(redis.client, keys, 4_000), { depth: 1, oldestAgeSeconds: 2, deadLetters: 1 });
  });
});
