import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import type { RedisSettings } from "./settings/load-settings.js";

export type { Redis };

/** Where to connect: a URL, or the settings (which may name Sentinels instead of one server). */
export type RedisTarget = string | Pick<RedisSettings, "url" | "password" | "sentinel">;

export interface CreateRedisOptions {
  /** Shown in logs and in CLIENT LIST. */
  name: string;
  logger: Logger;
  /**
   * Fail commands at once while disconnected instead of queueing them, and give up on a
   * command Redis has not answered within `commandTimeoutMs`. The gateway wants this (answer
   * 503 quickly, also while Sentinel fails over); a blocking reader wants the default.
   */
  failFast?: boolean;
  /** With failFast: the longest a command may wait for its answer (default 5 s). */
  commandTimeoutMs?: number;
  /**
   * Send the commands issued within one event-loop turn in one write (ioredis
   * enableAutoPipelining): under load, one syscall for many requests' commands.
   */
  autoPipelining?: boolean;
  /**
   * Re-send the commands a closed connection left unanswered once it reconnects (ioredis
   * autoResendUnfulfilledCommands, default true). A stream reader turns it off: Redis may have
   * run the lost XREADGROUP, and a blind re-send would read past what it took. Their promises
   * then never settle: the caller must give up on them when the connection closes.
   */
  resendUnanswered?: boolean;
}

/** Reconnect delay: capped exponential backoff with jitter, forever. */
export function reconnectDelay(attempt: number, capMs = 5_000): number {
  const base = Math.min(capMs, 100 * 2 ** Math.min(attempt, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * Behind Sentinel a lost master is replaced within seconds: retry at most every second so
 * service resumes soon after the failover, not at the next 5-second backoff step.
 */
const SENTINEL_RETRY_CAP_MS = 1_000;

/** An ioredis connection that reconnects forever and logs state changes once each. */
export function createRedis(
  target: RedisTarget,
  { name, logger, failFast = false, commandTimeoutMs = 5_000, autoPipelining = false, resendUnanswered = true }: CreateRedisOptions,
): Redis {
  const { url, password, sentinel } = typeof target === "string" ? { url: target, password: undefined, sentinel: undefined } : target;
  const capMs = sentinel ? SENTINEL_RETRY_CAP_MS : undefined;
  const options: RedisOptions = {
    connectionName: name,
    lazyConnect: true,
    retryStrategy: (attempt) => reconnectDelay(attempt, capMs),
    enableOfflineQueue: !failFast,
    maxRetriesPerRequest: failFast ? 0 : null,
    ...(failFast ? { commandTimeout: commandTimeoutMs } : {}),
    enableAutoPipelining: autoPipelining,
    autoResendUnfulfilledCommands: resendUnanswered,
    ...(password !== undefined ? { password } : {}),
    ...(sentinel
      ? {
          sentinels: sentinel.sentinels.map(({ host, port }) => ({ host, port })),
          name: sentinel.name,
          ...(sentinel.password !== undefined ? { sentinelPassword: sentinel.password } : {}),
          sentinelRetryStrategy: (attempt: number) => reconnectDelay(attempt, SENTINEL_RETRY_CAP_MS),
          // Not ioredis' failoverDetector: when +switch-master arrives while the client is
          // reconnecting, it cuts that attempt and the client ends for good ("Connection is
          // closed.", seen in test/integration/redis-sentinel.test.ts). The capped retry finds
          // the new master within a second of the Sentinels naming it.
        }
      : {}),
  };
  // The URL first: its host and port are unused behind Sentinel; its user, password and db still apply.
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
