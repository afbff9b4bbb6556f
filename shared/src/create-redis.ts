import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

export type { Redis };

export interface CreateRedisOptions {
  /** Shown in logs and in CLIENT LIST. */
  name: string;
  logger: Logger;
  /**
   * Fail commands at once while disconnected instead of queueing them. The gateway wants
   * this (answer 503 quickly); a blocking reader wants the default.
   */
  failFast?: boolean;
  /**
   * Send the commands issued within one event-loop turn in one write (ioredis
   * enableAutoPipelining): under load, one syscall for many requests' commands.
   */
  autoPipelining?: boolean;
}

/** Reconnect delay: capped exponential backoff with jitter, forever. */
export function reconnectDelay(attempt: number, capMs = 5_000): number {
  const base = Math.min(capMs, 100 * 2 ** Math.min(attempt, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** An ioredis connection that reconnects forever and logs state changes once each. */
export function createRedis(url: string, { name, logger, failFast = false, autoPipelining = false }: CreateRedisOptions): Redis {
  const options: RedisOptions = {
    connectionName: name,
    lazyConnect: true,
    retryStrategy: (attempt) => reconnectDelay(attempt),
    enableOfflineQueue: !failFast,
    maxRetriesPerRequest: failFast ? 0 : null,
    enableAutoPipelining: autoPipelining,
  };
  const redis = new Redis(url, options);
  let down = false;
  redis.on("ready", () => {
    if (down) logger.info({ redis: name }, "Redis connection restored");
    down = false;
  });
  redis.on("error", (error: Error) => {
    if (!down) logger.warn({ redis: name, err: error.message }, "Redis connection lost; reconnecting");
    down = true;
  });
  return redis;
}
