import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { duplicateCount, sleep, Stack, startPosting, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const OUTAGE_MS = 3_000;
/** Longest a sender may wait for an answer, Redis up or down: a correctness bound, not a benchmark. */
const ANSWER_WITHIN_MS = 5_000;

describe("Redis restarted (SIGTERM, AOF on) in the middle of a burst", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, ircd: "inspircd-nofakelag" });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("delivers every 2xx'd request; answers 503 quickly while Redis is down", { timeout: 180_000 }, async (t) => {
    let i = 0;
    let posting = true;
    const run = startPosting(`${stack.gateways[0]!.url}/say/helga-test`, () => (posting ? `r ${i++}` : undefined), 5, 30_000);

    await waitUntil("100 webhooks acknowledged", () => run.acknowledged >= 100, 30_000, 5);
    const redis = stack.redis.process;
    await redis.stop("SIGTERM");
    const downAt = Date.now();
    await sleep(OUTAGE_MS);
    const outputBefore = redis.output.length;
    redis.start();
    await waitUntil("redis-server to accept connections again", () => redis.output.slice(outputBefore).some((line) => line.includes("Ready to accept connections")), 10_000);
    const upAt = Date.now();
    // Keep posting until the gateway accepts again, then a little longer.
    await waitUntil("a 2xx after the restart", () => run.results.some((p) => p.sentAt > upAt && p.status === 200), 30_000, 20);
    await sleep(1_000);
    posting = false;
    const posted = await run.done;

    const accepted = posted.filter((p) => p.status === 200);
    const unavailable = posted.filter((p) => p.status === 503);
    const other = posted.filter((p) => p.status !== 200 && p.status !== 503);
    const slowest = Math.max(...posted.map((p) => p.doneAt - p.sentAt));
    t.diagnostic(`requests: ${posted.length}, 2xx: ${accepted.length}, 503: ${unavailable.length}, other: ${other.length}, slowest answer: ${slowest} ms`);

    assert.deepEqual(other.map((p) => `${p.text}: ${p.status} ${p.body}`), [], "every answer is a 2xx or a 503");
    assert.ok(unavailable.length > 0, "requests during the outage get 503");
    const lying = accepted.filter((p) => p.sentAt > downAt && p.doneAt < upAt);
    assert.deepEqual(lying.map((p) => p.text), [], "no request is acknowledged while Redis is down");
    const silent = unavailable.filter((p) => p.body.trim() === "");
    assert.deepEqual(silent.map((p) => p.text), [], "each 503 says why");
    const slow = posted.filter((p) => p.doneAt - p.sentAt >= ANSWER_WITHIN_MS);
    assert.deepEqual(slow.map((p) => `${p.text}: ${p.doneAt - p.sentAt} ms, ${p.status}`), [], `every answer within ${ANSWER_WITHIN_MS} ms`);

    const missing = () => {
      const have = new Set(stack.observer.messages(stack.channel));
      return accepted.filter((p) => !have.has(p.text)).map((p) => p.text);
    };
    await waitUntil(`all ${accepted.length} acknowledged messages in the channel`, () => missing().length === 0, 60_000, 200).catch((error: Error) => {
      const lost = missing();
      throw new Error(`${error.message}; ${lost.length} acknowledged but never delivered, first: ${lost.slice(0, 10).join(", ")}`);
    });
    const delivered = stack.observer.messages(stack.channel);
    const deliveredSet = new Set(delivered);
    const deliveredAnyway = unavailable.filter((p) => deliveredSet.has(p.text)).length;
    t.diagnostic(`delivered: ${deliveredSet.size}, duplicates: ${duplicateCount(delivered)}, 503'd but delivered anyway: ${deliveredAnyway}`);
  });
});
