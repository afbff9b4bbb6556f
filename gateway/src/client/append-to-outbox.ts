import { appendCommand, type AppendInput, type Redis, type RedisKeys, type TrailLimits } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import type { OutboxRejection } from "../metrics/gateway-metrics.js";
import type { ReplicaWait } from "./wait-for-replicas.js";

/** Seconds a sender should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

const unavailable = (message: string) => new HttpError(503, message, { "retry-after": String(RETRY_AFTER_SECONDS) });

/**
 * Appends one encoded command to the outbox stream, recording it as accepted in the delivery
 * trail in the same atomic script; resolves with its stream id once Redis has it (and, with
 * `replicas`, once enough replicas have it too). A full outbox, an unreachable Redis or
 * unconfirmed replicas reject with a 503 HttpError carrying Retry-After.
 */
export async function appendToOutbox(
  redis: Redis,
  keys: RedisKeys,
  trail: TrailLimits,
  input: AppendInput,
  onRejected: (reason: OutboxRejection) => void = () => undefined,
  replicas?: ReplicaWait,
): Promise<string> {
  let id: string | null;
  let confirmed = true;
  try {
    const mark = replicas?.mark();
    id = await appendCommand(redis, keys, trail, input);
    if (replicas && mark !== undefined && id !== null) confirmed = await replicas.confirm(mark);
  } catch (error) {
    onRejected("redis");
    const failure = unavailable("Redis is unavailable; retry later");
    failure.cause = error;
    throw failure;
  }
  if (id === null) {
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
