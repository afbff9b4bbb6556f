import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import { PingFence, type FencedConnection } from "../src/irc/confirmation/ping-fence.js";
import { NotConnectedError } from "../src/irc/not-connected-error.js";

/** Plays the server: records the PINGs written, answers them when told. */
class FakeConnection extends EventEmitter implements FencedConnection {
  registered = true;
  session = 1;
  readonly sent: string[] = [];
  readonly dead: string[] = [];
  dropDead(reason: string): void {
    this.dead.push(reason);
    this.registered = false;
    this.emit("disconnected");
  }
  pong(line: string): void {
    this.emit("pong", line.replace(/^PING :/, ""));
  }
}

function setup(timeoutMs = 10_000, keepaliveMs = 10_000) {
  const irc = new FakeConnection();
  const fence = new PingFence({ irc, send: async (line) => void irc.sent.push(line), timeoutMs, keepaliveMs });
  return { irc, fence };
}

const settledState = async (promise: Promise<unknown>) => {
  let state = "pending";
  promise.then(() => (state = "resolved"), () => (state = "rejected"));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

test("fences are pipelined; a PONG settles its own fence and every earlier one", async () => {
  const { irc, fence } = setup();
  const first = fence.fence(1);
  const second = fence.fence(1);
  const third = fence.fence(1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(irc.sent.length, 3);
  assert.match(irc.sent[0]!, /^PING :helga-\d+$/);
  irc.pong(irc.sent[1]!);
  assert.equal(await settledState(first), "resolved");
  assert.equal(await settledState(second), "resolved");
  assert.equal(await settledState(third), "pending");
  irc.pong("someone else's token");
  assert.equal(await settledState(third), "pending");
  irc.pong(irc.sent[2]!);
  assert.equal(await settledState(third), "resolved");
});

test("a closed connection fails every fence in flight; a fence for an older session fails at once", async () => {
  const { irc, fence } = setup();
  const inFlight = fence.fence(1);
  irc.emit("disconnected");
  await assert.rejects(inFlight, NotConnectedError);
  irc.session = 2;
  await assert.rejects(fence.fence(1), NotConnectedError);
});

test("no PONG within the timeout: the connection is dropped as dead and its fences fail", async () => {
  const { irc, fence } = setup(100, 60_000);
  fence.start();
  const started = performance.now();
  const unanswered = fence.fence(1);
  await assert.rejects(unanswered, /no PONG/);
  const waited = performance.now() - started;
  fence.stop();
  assert.equal(irc.dead.length, 1);
  assert.ok(waited >= 100 && waited < 1_000, `dropped after ${waited} ms`);
});

test("a quiet connection gets a keepalive PING, and a dead one is noticed from it", async () => {
  const { irc, fence } = setup(100, 100);
  fence.start();
  const deadline = performance.now() + 2_000;
  while (irc.dead.length === 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  fence.stop();
  assert.ok(irc.sent.length >= 1, "a keepalive PING went out");
  assert.equal(irc.dead.length, 1, "its missing PONG marked the connection dead");
});
