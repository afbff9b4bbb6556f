import type { ChainableCommander } from "ioredis";
import type { RedisKeys } from "../protocol/redis-keys.js";
import type { TrailLimits } from "./append-command.js";

/**
 * Counts the outcome in its minute's hash (for the console's chart), then updates the delivery's
 * trail hash only while it exists: a hash the gateway's trim removed is not brought back without
 * its place in the index.
 * KEYS: entry hash, minute hash. ARGV: status, minute TTL s, '1' to count an attempt, field/value pairs.
 */
const UPDATE_DELIVERY = `
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('EXPIRE', KEYS[2], ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], unpack(ARGV, 4))
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'attempts', 1) end
return 1
`;

/** The minute hashes outlive the chart's hour a little, then expire. */
export const MINUTE_TTL_SECONDS = 2 * 3600;

/**
 * The bot's side of the delivery trail. Each call adds one command to a pipeline or MULTI the
 * caller runs anyway (the ack's), so recording a fate costs no round trip of its own.
 */
export interface DeliveryTrail {
  /** The command's last line was written: `lines` lines, on `network`. */
  sent(pipeline: ChainableCommander, outboxId: string, outcome: { readonly lines: number; readonly network: string }): ChainableCommander;
  /** One attempt failed and will be retried; `reason` is the server's (or the connection's). */
  failed(pipeline: ChainableCommander, outboxId: string, reason: string): ChainableCommander;
  /** Moved to the dead-letter stream for `reason`. */
  deadLettered(pipeline: ChainableCommander, outboxId: string, reason: string): ChainableCommander;
}

/**
 * EVAL with the script text, not EVALSHA: inside a MULTI a missing script cannot fall back, and
 * Redis caches the compiled script by its hash anyway. The bot sends at IRC's pace, so the
 * few hundred bytes per ack do not matter.
 */
export function createDeliveryTrail(keys: RedisKeys, limits: TrailLimits, now: () => number = Date.now): DeliveryTrail {
  const update = (pipeline: ChainableCommander, outboxId: string, status: string, attempt: boolean, fields: readonly string[]) => {
    if (limits.max === 0) return pipeline;
    const at = now();
    return pipeline.eval(UPDATE_DELIVERY, 2, keys.trailEntry(outboxId), keys.trailMinute(Math.floor(at / 60_000)),
      status, MINUTE_TTL_SECONDS, attempt ? "1" : "0", ...fields, ...(status === "sent" ? ["sentAt", String(at)] : ["failedAt", String(at)]));
  };
  return {
    sent: (pipeline, id, { lines, network }) => update(pipeline, id, "sent", false, ["lines", String(lines), "network", network]),
    failed: (pipeline, id, reason) => update(pipeline, id, "failed", true, ["reason", reason]),
    deadLettered: (pipeline, id, reason) => update(pipeline, id, "dead", false, ["reason", reason]),
  };
}
