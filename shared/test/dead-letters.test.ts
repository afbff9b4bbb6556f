import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  appendCommand,
  countDeadLetters,
  decodeOutboxCommand,
  discardDeadLetters,
  encodeOutboxCommand,
  listDeadLetters,
  OUTBOX_FIELD,
  readDeliveries,
  redisKeys,
  replayDeadLetters,
  trailFields,
  type OutboxCommand,
  type RedisKeys,
} from "../src/index.js";
import { startRedis, type RedisServer } from "../../test/harness/index.js";

describe("dead letters against a real Redis", () => {
  let server: RedisServer;
  let run = 0;
  before(async () => {
    server = await startRedis();
  });
  after(() => server.stop());
  const limits = { max: 100, maxAgeSeconds: 3_600 };

  const command = (n: number): OutboxCommand => ({ op: "msg", target: "#ops", text: `alert ${n}`, requestId: `req-${n}`, queuedAt: 1_000, webhook: "alerts" });

  /** Queues `n` commands the way a gateway does, then dead-letters them the way the bot does. */
  async function deadLetters(keys: RedisKeys, n: number, extra: readonly string[] = []): Promise<Array<{ deadId: string; outboxId: string }>> {
    const made: Array<{ deadId: string; outboxId: string }> = [];
    for (let i = 1; i <= n; i++) {
      const cmd = command(i);
      const outboxId = (await appendCommand(server.client, keys, limits, { payload: encodeOutboxCommand(cmd), fields: trailFields(cmd), now: Date.now(), outboxMax: 100 }))!;
      await server.client.xdel(keys.outbox, outboxId);
      await server.client.hset(keys.trailEntry(outboxId), "status", "dead", "reason", "474 Cannot join channel (+b)");
      const deadId = (await server.client.xadd(keys.deadLetter, "*", OUTBOX_FIELD, encodeOutboxCommand(cmd), "reason", "474 Cannot join channel (+b)", "id", outboxId, ...extra))!;
      made.push({ deadId, outboxId });
    }
    return made;
  }

  it("lists the newest first, with what the command was and why it failed (newer bots' extra fields too)", async () => {
    const keys = redisKeys(`dead${++run}`);
    const [first, second] = await deadLetters(keys, 2, ["attempts", "5", "failedAt", "1800000000000"]);
    await server.client.xadd(keys.deadLetter, "*", OUTBOX_FIELD, "{not json", "reason", "invalid command: bad JSON", "id", "1-0");
    assert.equal(await countDeadLetters(server.client, keys), 3);
    const [broken, newest, oldest] = await listDeadLetters(server.client, keys, 10);
    assert.equal(broken!.command, undefined);
    assert.equal(broken!.reason, "invalid command: bad JSON");
    assert.deepEqual(
      { id: newest!.id, outboxId: newest!.outboxId, reason: newest!.reason, attempts: newest!.attempts, failedAt: newest!.failedAt, target: newest!.target, text: newest!.text, requestId: newest!.requestId },
      { id: second!.deadId, outboxId: second!.outboxId, reason: "474 Cannot join channel (+b)", attempts: 5, failedAt: 1_800_000_000_000, target: "#ops", text: "alert 2", requestId: "req-2" },
    );
    assert.equal(oldest!.id, first!.deadId);
    assert.equal((await listDeadLetters(server.client, keys, 1)).length, 1);
  });

  it("replay queues the same command (same request id) again, removes the dead letter, and the trail follows", async () => {
    const keys = redisKeys(`dead${++run}`);
    const [letter] = await deadLetters(keys, 1);
    const outcome = await replayDeadLetters(server.client, keys, limits, [letter!.deadId]);
    assert.equal(outcome.done.length, 1);
    assert.deepEqual([outcome.missing, outcome.refused], [[], []]);
    const [[outboxId, fields]] = (await server.client.xrange(keys.outbox, "-", "+")) as [[string, string[]]];
    assert.equal(outcome.done[0]!.outboxId, outboxId);
    assert.deepEqual(decodeOutboxCommand(fields[1]!), command(1));
    assert.equal(await countDeadLetters(server.client, keys), 0);
    const { deliveries } = await readDeliveries(server.client, keys, { limit: 10 });
    assert.deepEqual(deliveries.map(({ id, status, replayOf, replayedAs }) => ({ id, status, replayOf, replayedAs })), [
      { id: outboxId, status: "queued", replayOf: letter!.outboxId, replayedAs: undefined },
      { id: letter!.outboxId, status: "replayed", replayOf: undefined, replayedAs: outboxId },
    ]);
    const again = await replayDeadLetters(server.client, keys, limits, [letter!.deadId]);
    assert.deepEqual(again, { done: [], missing: [letter!.deadId], refused: [] }, "a second replay of the same letter queues nothing");
    assert.equal(await server.client.xlen(keys.outbox), 1);
  });

  it("replay all takes every decodable letter and leaves the broken ones, saying why; bad ids are named", async () => {
    const keys = redisKeys(`dead${++run}`);
    await deadLetters(keys, 3);
    const broken = (await server.client.xadd(keys.deadLetter, "*", OUTBOX_FIELD, "{", "reason", "invalid", "id", "1-0"))!;
    const outcome = await replayDeadLetters(server.client, keys, limits, "all");
    assert.equal(outcome.done.length, 3);
    assert.deepEqual(outcome.refused, [{ id: broken, reason: "its command does not decode; discard it instead" }]);
    assert.equal(await server.client.xlen(keys.outbox), 3);
    assert.equal(await countDeadLetters(server.client, keys), 1);
    const named = await replayDeadLetters(server.client, keys, limits, ["nonsense"]);
    assert.deepEqual(named.refused, [{ id: "nonsense", reason: "not a dead-letter id (like 1733251200000-0)" }]);
  });

  it("discard drops one or all, marking their deliveries discarded", async () => {
    const keys = redisKeys(`dead${++run}`);
    const [one, two, three] = await deadLetters(keys, 3);
    assert.deepEqual(await discardDeadLetters(server.client, keys, [one!.deadId, "1-1"]), { done: [{ id: one!.deadId }], missing: ["1-1"], refused: [] });
    assert.equal(await server.client.hget(keys.trailEntry(one!.outboxId), "status"), "discarded");
    const all = await discardDeadLetters(server.client, keys, "all");
    assert.deepEqual(all.done.map((done) => done.id), [two!.deadId, three!.deadId]);
    assert.equal(await countDeadLetters(server.client, keys), 0);
    assert.equal(await server.client.xlen(keys.outbox), 0);
  });
});
