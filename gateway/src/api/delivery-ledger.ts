import type { Redis } from "ioredis";
import type { RedisKeys } from "@helga/shared";

/** Remembers delivery ids for a while, so a repeated delivery is acknowledged but not handled twice. */
export interface DeliveryLedger {
  /** Records `id` for `ttlSeconds`; false when it was already recorded and has not expired. */
  claim(id: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets `id`, so that a retry after a failed handler runs again. */
  release(id: string): Promise<void>;
}

/** The gateway's ledger: one Redis key per delivery, shared by every gateway. */
export function redisDeliveryLedger(redis: Redis, keys: RedisKeys): DeliveryLedger {
  return {
    claim: async (id, ttlSeconds) => (await redis.set(keys.delivery(id), "1", "EX", ttlSeconds, "NX")) === "OK",
    release: async (id) => {
      await redis.del(keys.delivery(id));
    },
  };
}

/** An in-process ledger, for the test kit. */
export function memoryDeliveryLedger(now: () => number = Date.now): DeliveryLedger {
  const expiries = new Map<string, number>();
  return {
    claim: async (id, ttlSeconds) => {
      const expiry = expiries.get(id);
      if (expiry !== undefined && expiry > now()) return false;
      expiries.set(id, now() + ttlSeconds * 1000);
      return true;
    },
    release: async (id) => {
      expiries.delete(id);
    },
  };
}
