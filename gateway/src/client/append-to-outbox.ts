import { OUTBOX_FIELD, redisScript, type Redis } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import type { OutboxRejection } from "../metrics/gateway-metrics.js";
import type { ReplicaWait } from "./wait-for-replicas.js";

/** XADD only while the stream holds fewer than ARGV[1] entries: the check and the append are one atomic step. */
const appendIfRoom = redisScript(`
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
return redis.call('XADD', KEYS[1], '*', ARGV[2], ARGV[3])
`);

/** Seconds a sender should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

const unavailable = (message: string) => new HttpError(503, message, { "retry-after": String(RETRY_AFTER_SECONDS) });

/**
 * Appends one encoded command to the outbox stream; resolves with its stream id once Redis
 * has it (and, with `replicas`, once enough replicas have it too). A full outbox, an
 * unreachable Redis or unconfirmed replicas reject with a 503 HttpError carrying Retry-After.
 */
export async function appendToOutbox(
  redis: Redis,
  stream: string,
  max: number,
  payload: string,
  onRejected: (reason: OutboxRejection) => void = () => undefined,
  replicas?: ReplicaWait,
): Promise<string> {
  let id: unknown;
  let confirmed = true;
  try {
    const mark = replicas?.mark();
    id = await appendIfRoom(redis, [stream], [max, OUTBOX_FIELD, payload]);
    if (replicas && mark !== undefined && typeof id === "string") confirmed = await replicas.confirm(mark);
  } catch (error) {
    onRejected("redis");
    const failure = unavailable("Redis is unavailable; retry later");
    failure.cause = error;
    throw failure;
  }
  if (typeof id !== "string") {
    onRejected("full");
    throw unavailable("IRC outbox is full; retry later");
  }
  if (!confirmed) {
    // Queued on the master, maybe not on a replica: a failover now could lose it, so no 2xx.
    onRejected("replica");
    throw unavailable("Redis replicas did not confirm the command in time; retry later");
  }
  return id;
}
