import { appendCommand, type AppendInput, type Redis, type RedisKeys, type TrailLimits } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import type { OutboxRejection } from "../metrics/gateway-metrics.js";

/** Seconds a sender should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Appends one encoded command to the outbox stream, recording it as accepted in the delivery
 * trail in the same atomic script; resolves with its stream id once Redis has it. A full
 * outbox or an unreachable Redis rejects with a 503 HttpError carrying Retry-After.
 */
export async function appendToOutbox(
  redis: Redis,
  keys: RedisKeys,
  trail: TrailLimits,
  input: AppendInput,
  onRejected: (reason: OutboxRejection) => void = () => undefined,
): Promise<string> {
  let id: string | null;
  try {
    id = await appendCommand(redis, keys, trail, input);
  } catch (error) {
    onRejected("redis");
    const failure = new HttpError(503, "Redis is unavailable; retry later", { "retry-after": String(RETRY_AFTER_SECONDS) });
    failure.cause = error;
    throw failure;
  }
  if (id === null) {
    onRejected("full");
    throw new HttpError(503, "IRC outbox is full; retry later", { "retry-after": String(RETRY_AFTER_SECONDS) });
  }
  return id;
}
