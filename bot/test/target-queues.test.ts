import assert from "node:assert/strict";
import { test } from "node:test";
import { TargetQueues } from "../src/outbox/target-queues.js";

const drainOrder = (queues: TargetQueues<string>, now = 0) => {
  const out: string[] = [];
  for (let next = queues.next(now); next; next = queues.next(now)) out.push(next.item);
  return out;
};

test("targets take turns; order within a target is kept", () => {
  const queues = new TargetQueues<string>();
  for (let i = 0; i < 4; i++) queues.push("#a", `a${i}`);
  queues.push("#b", "b0");
  queues.push("#c", "c0");
  queues.push("#b", "b1");
  assert.equal(queues.size, 7);
  assert.deepEqual(drainOrder(queues), ["a0", "b0", "c0", "a1", "b1", "a2", "a3"]);
  assert.equal(queues.size, 0);
});

test("an item put back goes first in its target, which waits until its time; others go meanwhile", () => {
  const queues = new TargetQueues<string>();
  queues.push("#a", "a1");
  queues.push("#b", "b0");
  queues.retryLater("#a", "a0", 100);
  assert.equal(queues.nextPauseEnd(), 100);
  assert.deepEqual(drainOrder(queues, 50), ["b0"]);
  assert.deepEqual(drainOrder(queues, 100), ["a0", "a1"]);
  assert.equal(queues.nextPauseEnd(), undefined);
});
