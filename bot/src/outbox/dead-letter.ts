import type { ChainableCommander } from "ioredis";
import { OUTBOX_FIELD, type Redis, type RedisKeys } from "@helga/shared";

const DEAD_LETTER_MAXLEN = 10_000;

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
 * Moves an outbox entry to the dead-letter stream in one transaction: fields `cmd`, `reason`
 * and `id` (what replay reads), plus `attempts`, `target` and `failedAt` (epoch ms) when known;
 * `also` adds commands to the same transaction (the delivery trail's).
 */
export async function deadLetter(
  redis: Redis,
  keys: RedisKeys,
  letter: DeadLetter,
  now = Date.now(),
  also: (multi: ChainableCommander) => ChainableCommander = (multi) => multi,
): Promise<void> {
  const extra: string[] = [];
  if (letter.attempts !== undefined) extra.push("attempts", String(letter.attempts));
  if (letter.target !== undefined) extra.push("target", letter.target);
  extra.push("failedAt", String(now));
  const moved = redis
    .multi()
    .xadd(keys.deadLetter, "MAXLEN", "~", DEAD_LETTER_MAXLEN, "*", OUTBOX_FIELD, letter.payload, "reason", letter.reason, "id", letter.id, ...extra)
    .xack(keys.outbox, keys.outboxGroup, letter.id)
    .xdel(keys.outbox, letter.id);
  await also(moved).exec();
}
