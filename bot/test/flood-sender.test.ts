import assert from "node:assert/strict";
import { test } from "node:test";
import type { Clock } from "../src/flood/clock.js";
import { FloodSender, SenderClosedError } from "../src/flood/flood-sender.js";

/** Virtual time: sleeping advances it at once, so the test is exact and instant. */
function fakeClock(): Clock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
    },
  };
  return clock;
}

function recorder(clock: Clock) {
  const written: Array<[line: string, at: number]> = [];
  return { written, write: async (line: string) => void written.push([line, clock.now()]) };
}

test("a burst goes out at once, then one line per interval, in order", async () => {
  const clock = fakeClock();
  const { written, write } = recorder(clock);
  const sender = new FloodSender(write, { burst: 3, secondsPerLine: 2 }, clock);
  await Promise.all(["1", "2", "3", "4", "5", "6"].map((line) => sender.send(line)));
  assert.deepEqual(written, [["1", 0], ["2", 0], ["3", 0], ["4", 2000], ["5", 4000], ["6", 6000]]);
});

test("tokens refill while idle, up to the burst", async () => {
  const clock = fakeClock();
  const { written, write } = recorder(clock);
  const sender = new FloodSender(write, { burst: 2, secondsPerLine: 1 }, clock);
  await sender.sendAll(["a", "b", "c"]);
  clock.time += 10_000; // idle long enough for far more than the burst
  await sender.sendAll(["d", "e", "f"]);
  assert.deepEqual(written.map(([line, at]) => `${line}@${at}`), ["a@0", "b@0", "c@1000", "d@11000", "e@11000", "f@12000"]);
});

test("secondsPerLine 0 means no limit", async () => {
  const clock = fakeClock();
  const { written, write } = recorder(clock);
  const sender = new FloodSender(write, { burst: 1, secondsPerLine: 0 }, clock);
  await sender.sendAll(Array.from({ length: 50 }, (_, i) => String(i)));
  assert.equal(written.length, 50);
  assert.ok(written.every(([, at]) => at === 0));
});

test("a failed write rejects that line only; later lines still go, in order", async () => {
  const clock = fakeClock();
  const written: string[] = [];
  const sender = new FloodSender(async (line) => {
    if (line === "bad") throw new Error("socket gone");
    written.push(line);
  }, { burst: 5, secondsPerLine: 1 }, clock);
  const results = await Promise.allSettled(["a", "bad", "c"].map((line) => sender.send(line)));
  assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
  assert.deepEqual(written, ["a", "c"]);
});

test("close finishes the line being written and refuses the rest; safe twice", async () => {
  const clock = fakeClock();
  const written: string[] = [];
  let release: () => void = () => undefined;
  const sender = new FloodSender((line) => {
    written.push(line);
    return line === "slow" ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  }, { burst: 5, secondsPerLine: 0 }, clock);
  const slow = sender.send("slow");
  const next = sender.send("next");
  await new Promise((resolve) => setImmediate(resolve));
  const closing = sender.close();
  release();
  await slow;
  await assert.rejects(next, SenderClosedError);
  await closing;
  await sender.close();
  assert.deepEqual(written, ["slow"]);
  await assert.rejects(sender.send("late"), SenderClosedError);
});

test("lines written around the sender are charged to the bucket", async () => {
  const clock = fakeClock();
  const { written, write } = recorder(clock);
  const sender = new FloodSender(write, { burst: 2, secondsPerLine: 1 }, clock);
  sender.charge(); // e.g. a PING from the IRC library
  sender.charge();
  await sender.sendAll(["a", "b"]);
  assert.deepEqual(written, [["a", 1000], ["b", 2000]]);
});
