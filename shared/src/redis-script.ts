import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** Runs a Lua script on Redis: keys first, then arguments; resolves with the script's reply. */
export type RedisScript = (redis: Redis, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * A Lua script run by EVALSHA, so each call does not send (and Redis does not hash) the text;
 * EVAL once when Redis lacks it (a new, restarted or failed-over server).
 */
export function redisScript(lua: string): RedisScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return await redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
