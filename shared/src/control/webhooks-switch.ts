import type { Redis } from "../create-redis.js";
import { encodeControlEvent } from "../protocol/control-event.js";
import type { RedisKeys } from "../protocol/redis-keys.js";

/** Whether webhooks are on: the persisted key, absent meaning on. */
export async function webhooksEnabled(redis: Redis, keys: RedisKeys): Promise<boolean> {
  return (await redis.get(keys.webhooksEnabled)) !== "0";
}

/**
 * Turns webhooks on or off for every gateway: persists the state and announces it.
 * Returns false when it already was in that state (nothing published).
 */
export async function switchWebhooks(redis: Redis, keys: RedisKeys, enabled: boolean): Promise<boolean> {
  const previous = await redis.set(keys.webhooksEnabled, enabled ? "1" : "0", "GET");
  const wasEnabled = previous !== "0";
  if (wasEnabled === enabled) return false;
  await redis.publish(keys.control, encodeControlEvent({ type: "webhooks", enabled }));
  return true;
}
