import type { Redis } from "../create-redis.js";
import type { RedisKeys } from "../protocol/redis-keys.js";
import { forEachDeadLetter, type DeadLetterOutcome } from "./for-each-dead-letter.js";

/** Deletes the dead letter; its delivery in the trail, if still there, reads discarded. */
const DISCARD = `
if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HSET', KEYS[2], 'status', 'discarded') end
return 1
`;

/** Drops dead letters for good. */
export async function discardDeadLetters(redis: Redis, keys: RedisKeys, which: "all" | readonly string[]): Promise<DeadLetterOutcome> {
  return forEachDeadLetter(redis, keys, which, async (letter) => {
    const deleted = await redis.eval(DISCARD, 2, keys.deadLetter, keys.trailEntry(letter.outboxId), letter.id, letter.outboxId);
    return deleted === 1 ? {} : { missing: true };
  });
}
