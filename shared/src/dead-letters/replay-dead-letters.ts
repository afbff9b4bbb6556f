import type { Redis } from "../create-redis.js";
import type { RedisKeys } from "../protocol/redis-keys.js";
import { appendCommand, type TrailLimits } from "../trail/append-command.js";
import { trailFields } from "../trail/trail-fields.js";
import { forEachDeadLetter, type DeadLetterOutcome } from "./for-each-dead-letter.js";

/**
 * Queues dead letters again, with their request ids, and removes them: each one in one atomic
 * step (the append script checks that the dead letter is still there, appends, deletes it and
 * records the new delivery in the trail, marking the old one replayed). Two operators replaying
 * at once therefore queue each command once.
 */
export async function replayDeadLetters(redis: Redis, keys: RedisKeys, trail: TrailLimits, which: "all" | readonly string[], now: () => number = Date.now): Promise<DeadLetterOutcome> {
  return forEachDeadLetter(redis, keys, which, async (letter) => {
    if (letter.command === undefined) return { refused: "its command does not decode; discard it instead" };
    const outboxId = await appendCommand(redis, keys, trail, {
      payload: letter.payload,
      fields: trailFields(letter.command),
      now: now(),
      outboxMax: 0,
      replay: { deadLetterId: letter.id, outboxId: letter.outboxId },
    });
    return outboxId === null ? { missing: true } : { outboxId };
  });
}
