import type { Redis } from "../create-redis.js";
import type { RedisKeys } from "../protocol/redis-keys.js";
import { readDeadLetter, readDeadLetters, type DeadLetter } from "./read-dead-letters.js";

/** What a replay or discard did, by dead-letter id. */
export interface DeadLetterOutcome {
  /** Done: for a replay, the dead letter id → its new outbox id. */
  readonly done: ReadonlyArray<{ readonly id: string; readonly outboxId?: string }>;
  /** Ids that were not there (already replayed or discarded, or mistyped). */
  readonly missing: readonly string[];
  /** Ids left in place, with why (a command that does not decode cannot be replayed). */
  readonly refused: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/** Dead letters read per round trip while going through "all". */
const CHUNK = 100;

/** What one step did to one dead letter. */
export type DeadLetterStep = { readonly outboxId?: string; readonly missing?: true; readonly refused?: string };

/** Runs `step` on the named dead letters, or on every one in the stream now ("all"), and sums up. */
export async function forEachDeadLetter(redis: Redis, keys: RedisKeys, which: "all" | readonly string[], step: (letter: DeadLetter) => Promise<DeadLetterStep>): Promise<DeadLetterOutcome> {
  const done: Array<{ id: string; outboxId?: string }> = [];
  const missing: string[] = [];
  const refused: Array<{ id: string; reason: string }> = [];
  const apply = async (letter: DeadLetter) => {
    const result = await step(letter);
    if (result.missing) missing.push(letter.id);
    else if (result.refused !== undefined) refused.push({ id: letter.id, reason: result.refused });
    else done.push(result.outboxId === undefined ? { id: letter.id } : { id: letter.id, outboxId: result.outboxId });
  };
  if (which === "all") {
    // Bounded by the stream as it is now: entries dead-lettered while this runs wait for the next call.
    const last = (await redis.xrevrange(keys.deadLetter, "+", "-", "COUNT", 1))[0]?.[0];
    let after = "-";
    while (last !== undefined) {
      const letters = (await readDeadLetters(redis, keys, after, CHUNK)).filter((letter) => compareIds(letter.id, last) <= 0);
      for (const letter of letters) await apply(letter);
      if (letters.length < CHUNK) break;
      after = letters.at(-1)!.id;
    }
  } else {
    for (const id of which) {
      if (!/^\d+-\d+$/.test(id)) {
        refused.push({ id, reason: "not a dead-letter id (like 1733251200000-0)" });
        continue;
      }
      const letter = await readDeadLetter(redis, keys, id);
      if (letter === undefined) missing.push(id);
      else await apply(letter);
    }
  }
  return { done, missing, refused };
}

/** Orders two stream ids ("ms-seq"). */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am - bm || as - bs;
}
