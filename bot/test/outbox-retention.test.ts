/**
 * The bot's heap once grew ~350 bytes per message (BENCHMARKS.md, the soak): every outbox read
 * raced against a promise that lived as long as the Redis connection, and each race left a
 * reaction on it holding the reply read. These guard that nothing of a finished read or wait
 * stays reachable.
 */
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { test } from "node:test";
import { encodeOutboxCommand, OUTBOX_FIELD } from "@helga/shared";
import { waitUntil } from "../../test/harness/index.js";
import { untilAborted } from "../src/outbox/until-aborted.js";
import { consumerFor, msg } from "./outbox-setup.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
/** A full GC after the current job: WeakRefs made in it are kept until it ends. */
async function collect(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
}

test("untilAborted leaves no listener on the signal and keeps no value once its promise settled", async () => {
  const closing = new AbortController();
  const values: WeakRef<object>[] = [];
  for (let i = 0; i < 1_000; i++) {
    const value = { i };
    values.push(new WeakRef(value));
    assert.equal(await untilAborted(Promise.resolve(value), closing.signal), value);
  }
  await assert.rejects(untilAborted(Promise.reject(new Error("failed")), closing.signal), /failed/);
  assert.equal(getEventListeners(closing.signal, "abort").length, 0);
  await collect();
  assert.ok(values.filter((ref) => ref.deref() !== undefined).length <= 1, "every value collected (but perhaps the last, still on the stack)");
  const waiting = untilAborted(new Promise<string>(() => undefined), closing.signal);
  closing.abort();
  assert.equal(await waiting, undefined, "an abort ends the wait");
});

test("after 2,000 entries delivered, none of the outbox replies the bot read is still in memory", async () => {
  let sent = 0;
  const { keys, consumer, db, redis } = await consumerFor({
    maxAttempts: 5,
    write: () => sent++,
    batchSize: 10, // many reads
    blockMs: 1_000,
  });
  // Every reply of XREADGROUP is watched (weakly) on its way to the consumer.
  const replies: WeakRef<object>[] = [];
  const xreadgroup = redis.xreadgroup.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  (redis as unknown as { xreadgroup: (...args: unknown[]) => Promise<unknown> }).xreadgroup = (...args) => {
    const reply = xreadgroup(...args);
    void reply.then((value) => value && typeof value === "object" && replies.push(new WeakRef(value)), () => undefined);
    return reply;
  };
  await consumer.start();
  try {
    await deliverAndCheck();
  } finally {
    await consumer.close();
  }

  async function deliverAndCheck(): Promise<void> {
    const total = 2_000;
    for (let i = 0; i < total; i += 100) {
      const pipeline = db.pipeline();
      for (let j = i; j < i + 100; j++) pipeline.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg(`m${j}`)));
      await pipeline.exec();
    }
    await waitUntil("every entry sent and acked", async () => sent === total && (await db.xlen(keys.outbox)) === 0, 30_000);
    assert.ok(replies.length >= total / 10, `${replies.length} replies read`);
    await collect();
    const alive = replies.filter((ref) => ref.deref() !== undefined).length;
    assert.ok(alive <= 1, `${alive} of ${replies.length} replies still reachable after a full GC`);
  }
});
