import { after, before } from "node:test";
import { randomUUID } from "node:crypto";
import { createDeliveryTrail, createLogger, createRedis, encodeOutboxCommand, OUTBOX_FIELD, redisKeys, type OutboxCommand, type Redis } from "@helga/shared";
import { startRedis, type RedisServer } from "../../test/harness/index.js";
import { OutboxConsumer, type OutboxConsumerOptions } from "../src/outbox/outbox-consumer.js";

// The outbox consumer's tests share one set-up: a real Redis per test file, a consumer on a fresh
// key prefix per test, and a fake IRC side (write, confirm) each test shapes to its case.

const logger = createLogger("test", "silent");
let server: RedisServer;
before(async () => {
  server = await startRedis();
});
after(async () => {
  await server?.stop();
});

export const msg = (text: string, target = "#chan"): Extract<OutboxCommand, { op: "msg" }> => ({ op: "msg", target, text, requestId: randomUUID(), queuedAt: Date.now() });
export const textOf = (command: OutboxCommand) => (command.op === "msg" ? command.text : command.op);
export const lineOf = (command: OutboxCommand) => (command.op === "msg" ? `${command.target} ${command.text}` : command.op);

export type Setup = Omit<Partial<OutboxConsumerOptions>, "deliver"> & {
  /** Called for each command written (one line each), on its session; throw to fail it. */
  write?: (command: OutboxCommand, session: number) => unknown;
};

/** A consumer on a fresh key prefix, with test timings; `setup` overrides any option. */
export async function consumerFor({ write = () => undefined, ...options }: Setup = {}) {
  const keys = redisKeys(`t${randomUUID().slice(0, 8)}`);
  const redis: Redis = createRedis(server.url, { name: "test-outbox", logger });
  await redis.connect();
  const consumer = new OutboxConsumer({
    redis,
    keys,
    consumer: "bot",
    maxAttempts: 3,
    deliver: async (command, _id, session) => {
      await write(command, session);
      return 1;
    },
    trail: createDeliveryTrail(keys, { max: 100, maxAgeSeconds: 3_600 }),
    network: "irc.test",
    confirm: () => Promise.resolve([]),
    waitUntilReady: () => Promise.resolve(1),
    logger,
    blockMs: 100,
    retryDelayMs: 10,
    ...options,
  });
  const db = server.client;
  const add = async (...commands: (OutboxCommand | string)[]) => {
    for (const command of commands) await db.xadd(keys.outbox, "*", OUTBOX_FIELD, typeof command === "string" ? command : encodeOutboxCommand(command));
  };
  return { keys, consumer, db, add, redis };
}
