import type { Redis } from "../create-redis.js";
import { decodeOutboxCommand, OUTBOX_FIELD, type OutboxCommand } from "../protocol/outbox-command.js";
import type { RedisKeys } from "../protocol/redis-keys.js";
import { trailFields } from "../trail/trail-fields.js";

/** One entry of the dead-letter stream, as operators see it. */
export interface DeadLetter {
  /** Its id in the dead-letter stream: what replay and discard take. */
  readonly id: string;
  /** The id it had in the outbox (its delivery in the trail). */
  readonly outboxId: string;
  readonly reason: string;
  /** Epoch ms it was dead-lettered (the entry's own field when the bot wrote one, else its stream id's time). */
  readonly failedAt: number;
  readonly attempts?: number;
  readonly target?: string;
  readonly requestId?: string;
  readonly webhook?: string;
  readonly op?: string;
  /** The start of its text (at most the trail's length). */
  readonly text?: string;
  /** The stored command, when it decodes: only those can be replayed. */
  readonly command?: OutboxCommand;
  /** The encoded command as stored. */
  readonly payload: string;
}

/** Dead letters in the stream. */
export function countDeadLetters(redis: Redis, keys: RedisKeys): Promise<number> {
  return redis.xlen(keys.deadLetter);
}

/** The newest `count` dead letters, newest first. */
export async function listDeadLetters(redis: Redis, keys: RedisKeys, count: number): Promise<DeadLetter[]> {
  return parseEntries(await redis.xrevrange(keys.deadLetter, "+", "-", "COUNT", count));
}

/** Up to `count` dead letters after `afterId` (exclusive; "-" from the start), oldest first. */
export async function readDeadLetters(redis: Redis, keys: RedisKeys, afterId: string, count: number): Promise<DeadLetter[]> {
  return parseEntries(await redis.xrange(keys.deadLetter, afterId === "-" ? "-" : `(${afterId}`, "+", "COUNT", count));
}

/** One dead letter by its id, or undefined when it is gone. */
export async function readDeadLetter(redis: Redis, keys: RedisKeys, id: string): Promise<DeadLetter | undefined> {
  return parseEntries(await redis.xrange(keys.deadLetter, id, id))[0];
}

function parseEntries(entries: ReadonlyArray<[id: string, fields: string[]]>): DeadLetter[] {
  return entries.map(([id, fields]) => parseDeadLetter(id, fields));
}

/** A stream entry's fields; unknown fields are ignored, missing ones left out, so older and newer bots' entries both read. */
export function parseDeadLetter(id: string, fields: readonly string[]): DeadLetter {
  const field = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) field.set(fields[i]!, fields[i + 1]!);
  const payload = field.get(OUTBOX_FIELD) ?? "";
  let command: OutboxCommand | undefined;
  try {
    command = decodeOutboxCommand(payload);
  } catch {
    command = undefined; // shown as it is; only discard applies
  }
  const number = (name: string) => {
    const value = Number(field.get(name));
    return Number.isFinite(value) && field.has(name) ? value : undefined;
  };
  const described: Partial<ReturnType<typeof trailFields>> = command === undefined ? {} : trailFields(command);
  const attempts = number("attempts");
  const target = field.get("target") ?? (command === undefined ? undefined : described.target);
  return {
    id,
    outboxId: field.get("id") ?? "",
    reason: field.get("reason") ?? "",
    failedAt: number("failedAt") ?? Number(id.split("-", 1)[0]),
    payload,
    ...described,
    ...(attempts === undefined ? {} : { attempts }),
    ...(target === undefined ? {} : { target }),
    ...(command === undefined ? {} : { command }),
  };
}
