import { randomUUID } from "node:crypto";
import { encodeControlEvent, type ControlEvent, type Redis, type RedisKeys } from "@helga/shared";
import type { ControlBus } from "./control-bus.js";

export type ReloadAnswer = Extract<ControlEvent, { type: "reloaded" }>;

/**
 * Asks every gateway to reload its webhooks and collects the answers for `timeoutMs`,
 * or until `expected` gateways have answered.
 */
export async function requestReload(redis: Redis, keys: RedisKeys, bus: ControlBus, expected: number, timeoutMs = 2_000): Promise<ReloadAnswer[]> {
  const requestId = randomUUID();
  const answers = new Map<string, ReloadAnswer>();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const stop = bus.listen((event) => {
    if (event.type !== "reloaded" || event.requestId !== requestId) return;
    answers.set(event.gatewayId, event);
    if (expected > 0 && answers.size >= expected) done();
  });
  const timer = setTimeout(done, timeoutMs);
  try {
    await redis.publish(keys.control, encodeControlEvent({ type: "reload", requestId }));
    await finished;
  } finally {
    clearTimeout(timer);
    stop();
  }
  return [...answers.values()];
}
