import type { Logger, Redis, RedisKeys } from "@helga/shared";

/**
 * A new holder's first step: every entry another replica read but did not ack becomes ours
 * at once (min idle 0, not the usual claim idle time), since the lease says that replica is
 * gone. JUSTID leaves delivery counts as they were. Consumers left with nothing are removed,
 * so the group does not collect one per container that ever ran.
 */
export async function takeOverPending(redis: Redis, keys: RedisKeys, consumer: string, logger: Logger): Promise<number> {
  let cursor = "0-0";
  let claimed = 0;
  do {
    const reply: unknown = await redis.xautoclaim(keys.outbox, keys.outboxGroup, consumer, 0, cursor, "COUNT", 100, "JUSTID");
    if (!Array.isArray(reply) || typeof reply[0] !== "string" || !Array.isArray(reply[1])) throw new TypeError("unexpected XAUTOCLAIM reply");
    cursor = reply[0];
    claimed += reply[1].length;
  } while (cursor !== "0-0");
  const consumers = (await redis.xinfo("CONSUMERS", keys.outbox, keys.outboxGroup)) as unknown[];
  for (const info of consumers) {
    const fields = Array.isArray(info) ? info : [];
    const name = fields[fields.indexOf("name") + 1];
    const pending = fields[fields.indexOf("pending") + 1];
    if (typeof name === "string" && name !== consumer && pending === 0) await redis.xgroup("DELCONSUMER", keys.outbox, keys.outboxGroup, name);
  }
  if (claimed > 0) logger.info({ claimed }, "bot lease: took over entries the previous holder had not acked");
  return claimed;
}
