import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { createLogger, createRedis, redisKeys, type Redis } from "@helga/shared";
import { startRedis, type RedisServer } from "../../test/harness/index.js";
import { BotLease } from "../src/lease/bot-lease.js";
import { fencedAcknowledge } from "../src/lease/fenced-acknowledge.js";
import { LeaseLostError } from "../src/lease/lease-lost-error.js";
import { takeOverPending } from "../src/lease/take-over-pending.js";

const logger = createLogger("test", "silent");
let server: RedisServer;
let redis: Redis;
before(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: "test-lease", logger });
  await redis.connect();
});
after(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** A monotonic clock the test moves by hand, as a paused process would find it moved. */
function fakeClock() {
  let ms = 1_000;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

const keysFor = () => redisKeys(`t${randomUUID().slice(0, 8)}`);

test("one holder at a time; the token grows on each acquisition; a release hands over at once", async () => {
  const keys = keysFor();
  const a = new BotLease({ redis, keys, holder: "a", ttlMs: 60_000, logger });
  const b = new BotLease({ redis, keys, holder: "b", ttlMs: 60_000, logger });
  assert.equal(await a.acquire(), 1);
  assert.equal(await server.client.get(keys.botLease), "1 a");
  let bToken: number | undefined;
  const waiting = b.acquire().then((token) => (bToken = token));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(bToken, undefined, "b waits while a holds it");
  await a.release();
  assert.equal(await waiting, 2);
  assert.equal(await server.client.get(keys.botLease), "2 b");
  assert.equal(a.held, false);
  assert.throws(() => a.check(), LeaseLostError);
  b.close();
});

test("held only until renewal sent + ttl - margin on its own clock: a paused holder wakes up without it, and says so once", async () => {
  const keys = keysFor();
  const clock = fakeClock();
  const lease = new BotLease({ redis, keys, holder: "a", ttlMs: 10_000, logger, now: clock.now });
  const reasons: string[] = [];
  lease.on("lost", (reason) => reasons.push(reason));
  await lease.acquire();
  lease.check();
  clock.advance(10_000 - lease.marginMs - 1);
  lease.check();
  assert.equal(lease.held, true);
  clock.advance(1); // the key may still be ours in Redis, but the margin is spent
  assert.equal(lease.held, false);
  assert.throws(() => lease.check(), /not renewed in time/);
  assert.throws(() => lease.check(), LeaseLostError, "and stays lost");
  assert.deepEqual(reasons, ["not renewed in time"]);
  lease.close();
});

test("the fenced ack acks only while Redis holds our token; else it refuses, leaves the entry pending and reports the loss", async () => {
  const keys = keysFor();
  await redis.xgroup("CREATE", keys.outbox, keys.outboxGroup, "0", "MKSTREAM");
  const first = await redis.xadd(keys.outbox, "*", "command", "{}");
  const second = await redis.xadd(keys.outbox, "*", "command", "{}");
  await redis.xreadgroup("GROUP", keys.outboxGroup, "a", "COUNT", 2, "STREAMS", keys.outbox, ">");
  const a = new BotLease({ redis, keys, holder: "a", ttlMs: 60_000, logger });
  await a.acquire();
  const ack = fencedAcknowledge(redis, keys, a);
  await ack([first!]);
  assert.equal(await redis.xlen(keys.outbox), 1, "acked and deleted");

  // Another replica takes over (a's key expired while it was paused, as far as Redis knows).
  await redis.del(keys.botLease);
  const b = new BotLease({ redis, keys, holder: "b", ttlMs: 60_000, logger });
  assert.equal(await b.acquire(), 2);
  let lost = "";
  a.on("lost", (reason) => (lost = reason));
  await assert.rejects(ack([second!], ["command", "{}", "reason", "r", "id", second!]), LeaseLostError);
  assert.equal(await redis.xlen(keys.deadLetter), 0, "nor dead-lettered");
  assert.equal(lost, "Redis holds another fencing token");
  const pending = (await redis.xpending(keys.outbox, keys.outboxGroup)) as [number, ...unknown[]];
  assert.equal(pending[0], 1, "the entry stays pending for the new holder");

  assert.equal(await takeOverPending(redis, keys, "b", logger), 1, "the new holder takes it over at once, whatever its idle time");
  const [[, owner]] = (await redis.xpending(keys.outbox, keys.outboxGroup, "-", "+", 10)) as Array<[string, string]>;
  assert.equal(owner, "b");
  const consumers = (await redis.xinfo("CONSUMERS", keys.outbox, keys.outboxGroup)) as unknown[][];
  assert.deepEqual(consumers.map((fields) => fields[fields.indexOf("name") + 1]), ["b"], "the old holder's emptied consumer is gone");
  a.close();
  b.close();
});
