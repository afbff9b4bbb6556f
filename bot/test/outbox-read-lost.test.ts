import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { randomUUID } from "node:crypto";
import { createLogger, createRedis, encodeOutboxCommand, OUTBOX_FIELD, redisKeys, type OutboxCommand } from "@helga/shared";
import { startRedis, TcpRelay, waitUntil, type RedisServer } from "../../test/harness/index.js";
import { OutboxConsumer } from "../src/outbox/outbox-consumer.js";

const logger = createLogger("test", "silent");
let server: RedisServer;
let relay: TcpRelay;
before(async () => {
  server = await startRedis();
  relay = await TcpRelay.start("127.0.0.1", Number(new URL(server.url).port));
});
after(async () => {
  await relay?.close();
  await server?.stop();
});

const msg = (text: string): OutboxCommand => ({ op: "msg", target: "#chan", text, requestId: randomUUID(), queuedAt: Date.now() });

// Redis stopped (SIGTERM) just after handing entries to the bot's blocking XREADGROUP: they are in
// the bot's pending list (and in the AOF), but the reply never reached the bot.
test("an entry Redis handed to a read whose reply was lost with the connection is sent as soon as Redis is back", async () => {
  const keys = redisKeys(`t${randomUUID().slice(0, 8)}`);
  const sent: string[] = [];
  // The reads go through the relay; acks and claims straight to Redis.
  const reader = createRedis(`redis://${relay.host}:${relay.port}`, { name: "test-outbox", logger, resendUnanswered: false });
  const commands = createRedis(server.url, { name: "test-commands", logger });
  await Promise.all([reader.connect(), commands.connect()]);
  const consumer = new OutboxConsumer({
    redis: reader,
    commands,
    keys,
    consumer: "bot",
    maxAttempts: 5,
    deliver: async (command) => {
      sent.push(command.op === "msg" ? command.text : command.op);
      return 1;
    },
    confirm: () => Promise.resolve([]),
    waitUntilReady: () => Promise.resolve(1),
    logger,
    blockMs: 2_000,
    retryDelayMs: 10,
    // Far beyond the wait below: the entry must not wait for the idle claim.
    claimIdleMs: 120_000,
  });
  const db = server.client;
  await consumer.start();
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("before")));
  await waitUntil("the first entry sent and acked", async () => sent.length === 1 && (await db.xlen(keys.outbox)) === 0);

  relay.loseReplies();
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("reply lost")));
  await waitUntil("Redis to hand the entry to the bot's consumer", async () => {
    const [count] = (await db.xpending(keys.outbox, keys.outboxGroup)) as [number];
    return count === 1;
  });
  assert.deepEqual(sent, ["before"], "the bot never saw it");
  relay.cut();
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("after")));

  await waitUntil("both entries sent after the reconnect", () => sent.length === 3, 10_000);
  assert.deepEqual(sent, ["before", "reply lost", "after"], "in stream order");
  await waitUntil("both acked", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
  commands.disconnect();
});
