import { createHash } from "node:crypto";
import type { ChainableCommander } from "ioredis";
import type { Redis } from "../create-redis.js";
import { OUTBOX_FIELD } from "../protocol/outbox-command.js";
import type { RedisKeys } from "../protocol/redis-keys.js";
import { redisScript } from "../redis-script.js";
import type { TrailFields } from "./trail-fields.js";

/**
 * Appends one command to the outbox and records it in the delivery trail, in one atomic step.
 * A gateway's append refuses when the outbox holds ARGV[1] entries or more; a replay instead
 * requires its dead letter (ARGV[13]) to still exist, and removes it. The trail index is
 * trimmed in the same step, by count (ARGV[5]) and by age (ARGV[6] seconds), deleting the
 * trimmed entries' hashes, so it cannot outgrow its cap; every hash also carries that age as TTL.
 * The age trim takes at most 100 entries per call: appends arrive faster than entries age out.
 * Index members and hash names use the padded id (sortableStreamId), so one millisecond's
 * entries sort in order.
 *
 * KEYS: outbox, trail index, dead-letter stream.
 * ARGV: outbox max (0: no limit), field, payload, trail entry key prefix, trail max (0: off),
 *       trail max age s, now ms, request id, webhook, op, target, text, dead letter id, replayed outbox id.
 */
const APPEND_COMMAND = `
local function sortable(id)
  local ms, seq = string.match(id, '^(%d+)%-(%d+)$')
  if not ms then return id end
  return string.rep('0', 13 - #ms) .. ms .. '-' .. string.rep('0', 10 - #seq) .. seq
end
local replay = ARGV[13] ~= ''
if replay then
  if #redis.call('XRANGE', KEYS[3], ARGV[13], ARGV[13]) == 0 then return false end
elseif tonumber(ARGV[1]) > 0 and redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  return false
end
local id = redis.call('XADD', KEYS[1], '*', ARGV[2], ARGV[3])
if replay then redis.call('XDEL', KEYS[3], ARGV[13]) end
local max = tonumber(ARGV[5])
if max == 0 then return id end
local prefix, ttl, now = ARGV[4], tonumber(ARGV[6]), tonumber(ARGV[7])
local member = sortable(id)
local entry = prefix .. member
redis.call('HSET', entry, 'status', 'queued', 'acceptedAt', ARGV[7], 'requestId', ARGV[8], 'webhook', ARGV[9], 'op', ARGV[10], 'target', ARGV[11], 'text', ARGV[12])
if ARGV[14] ~= '' then
  redis.call('HSET', entry, 'replayOf', ARGV[14])
  local replayed = prefix .. sortable(ARGV[14])
  if redis.call('EXISTS', replayed) == 1 then redis.call('HSET', replayed, 'status', 'replayed', 'replayedAs', id) end
end
redis.call('EXPIRE', entry, ttl)
redis.call('ZADD', KEYS[2], now, member)
local over = redis.call('ZCARD', KEYS[2]) - max
if over > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('DEL', prefix .. old) end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
end
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - ttl * 1000, 'LIMIT', 0, 100)) do
  redis.call('DEL', prefix .. old)
  redis.call('ZREM', KEYS[2], old)
end
return id
`;
const APPEND_COMMAND_SHA = createHash("sha1").update(APPEND_COMMAND).digest("hex");
const runAppend = redisScript(APPEND_COMMAND);

/** The trail's bounds (Settings.trail): `max` 0 turns it off. */
export interface TrailLimits {
  readonly max: number;
  readonly maxAgeSeconds: number;
}

export interface AppendInput {
  /** The encoded command (encodeOutboxCommand), stored unchanged. */
  readonly payload: string;
  readonly fields: TrailFields;
  readonly now: number;
  /** Refuse when the outbox holds this many entries (0: no limit). */
  readonly outboxMax: number;
  /** A replay: the dead letter that must still exist and is removed, and the outbox id it once had. */
  readonly replay?: { readonly deadLetterId: string; readonly outboxId: string };
}

/** EVALSHA arguments of one append: numkeys, keys, then ARGV (also for pipelining many at once). */
export function appendCommandArgs(keys: RedisKeys, trail: TrailLimits, input: AppendInput): [number, ...string[]] {
  const { fields, replay } = input;
  return [
    3, keys.outbox, keys.trail, keys.deadLetter,
    String(input.outboxMax), OUTBOX_FIELD, input.payload, keys.trailEntry(""), String(trail.max), String(trail.maxAgeSeconds), String(input.now),
    fields.requestId, fields.webhook, fields.op, fields.target, fields.text, replay?.deadLetterId ?? "", replay?.outboxId ?? "",
  ];
}

/** Queues one append on a pipeline (EVALSHA: load the script first with `appendCommand` or SCRIPT LOAD). */
export function queueAppend(pipeline: ChainableCommander, keys: RedisKeys, trail: TrailLimits, input: AppendInput): ChainableCommander {
  return pipeline.evalsha(APPEND_COMMAND_SHA, ...appendCommandArgs(keys, trail, input));
}

/** Loads the append script into Redis (before pipelining appends with queueAppend). */
export async function loadAppendScript(redis: Redis): Promise<void> {
  await redis.script("LOAD", APPEND_COMMAND);
}

/**
 * Runs one append; resolves with the new outbox entry id, or null when it was refused (the
 * outbox is full, or the dead letter to replay is gone).
 */
export async function appendCommand(redis: Redis, keys: RedisKeys, trail: TrailLimits, input: AppendInput): Promise<string | null> {
  const [count, ...rest] = appendCommandArgs(keys, trail, input);
  const id = await runAppend(redis, rest.slice(0, count), rest.slice(count));
  return typeof id === "string" ? id : null;
}
