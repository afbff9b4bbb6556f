import type { Redis } from "../create-redis.js";
import type { RedisKeys } from "../protocol/redis-keys.js";

/** What is waiting to go to IRC, read from Redis at one moment. */
export interface OutboxBacklog {
  /** Commands not yet sent (delivered-but-unacked included). */
  readonly depth: number;
  /** Age in seconds of the oldest unsent command; 0 when none waits. */
  readonly oldestAgeSeconds: number;
  /** Commands in the dead-letter stream. */
  readonly deadLetters: number;
}

/**
 * The consumer acks with XACK + XDEL, so the outbox stream holds only unsent commands:
 * its length is the depth and its first entry the oldest. A stream id starts with the
 * Redis clock's milliseconds at XADD, which dates the entry without decoding it.
 */
export async function readOutboxBacklog(redis: Redis, keys: RedisKeys, now: number = Date.now()): Promise<OutboxBacklog> {
  const replies = await redis.multi().xlen(keys.outbox).xrange(keys.outbox, "-", "+", "COUNT", 1).xlen(keys.deadLetter).exec();
  if (replies === null) throw new Error("outbox backlog read was aborted");
  const [depthReply, firstReply, deadReply] = replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const firstId: unknown = Array.isArray(firstReply) && Array.isArray(firstReply[0]) ? firstReply[0][0] : undefined;
  const queuedMs = typeof firstId === "string" ? Number(firstId.split("-", 1)[0]) : Number.NaN;
  return {
    depth: Number(depthReply),
    oldestAgeSeconds: Number.isFinite(queuedMs) ? Math.max(0, (now - queuedMs) / 1000) : 0,
    deadLetters: Number(deadReply),
  };
}
