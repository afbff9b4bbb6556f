import type { Redis, RedisKeys } from "@helga/shared";
import type { StsStore } from "./sts-policies.js";

/** STS policies in Redis: the port under the network's `stsPolicy(host)` key, expiring with the policy. */
export function redisStsStore(redis: Redis, keys: RedisKeys): StsStore {
  return {
    get: async (host) => {
      const [port, ms] = await Promise.all([redis.get(keys.stsPolicy(host)), redis.pttl(keys.stsPolicy(host))]);
      return port !== null && ms > 0 ? { port: Number(port), remainingMs: ms } : undefined;
    },
    set: (host, port, seconds) => redis.set(keys.stsPolicy(host), String(port), "EX", seconds),
    delete: (host) => redis.del(keys.stsPolicy(host)),
  };
}
