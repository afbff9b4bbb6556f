import { OUTBOX_FIELD, type Redis, type RedisKeys } from "@helga/shared";

/** The dead-letter stream is capped (approximately) at this many entries. */
export const DEAD_LETTER_MAXLEN = 10_000;

/** What the dead-letter stream keeps of a command that will not be sent. */
export interface DeadLetter {
  /** The outbox entry's id. */
  readonly id: string;
  /** The command's JSON as queued (may be invalid; that can be the reason). */
  readonly payload: string;
  /** Why, in words; the IRC server's own reason for a rejection. */
  readonly reason: string;
  readonly attempts?: number;
  /** The channel or nick it was for, when known. */
  readonly target?: string;
}

/**
 * The dead-letter entry's fields: `cmd`, `reason` and `id` (what replay reads), plus
 * `attempts`, `target` and `failedAt` (epoch ms) when known.
 */
export function deadLetterFields(letter: DeadLetter, now = Date.now()): string[] {
  const fields = [OUTBOX_FIELD, letter.payload, "reason", letter.reason, "id", letter.id];
  if (letter.attempts !== undefined) fields.push("attempts", String(letter.attempts));
  if (letter.target !== undefined) fields.push("target", letter.target);
  fields.push("failedAt", String(now));
  return fields;
}

/** Moves an outbox entry to the dead-letter stream in one transaction, with `fields` from deadLetterFields. */
export async function deadLetter(redis: Redis, keys: RedisKeys, id: string, fields: readonly string[]): Promise<void> {
  await redis
    .multi()
    .xadd(keys.deadLetter, "MAXLEN", "~", DEAD_LETTER_MAXLEN, "*", ...fields)
    .xack(keys.outbox, keys.outboxGroup, id)
    .xdel(keys.outbox, id)
    .exec();
}
