import { GATEWAY_HEARTBEAT_MS, gatewayReportSchema, type GatewayReport, type Logger, type Redis } from "@helga/shared";

export interface HeartbeatOptions {
  readonly redis: Redis;
  /** keys.gateways */
  readonly hash: string;
  readonly id: string;
  /** What to report now: whether the listener is open and which routes are served. */
  readonly report: () => Omit<GatewayReport, "id" | "seenAt">;
  readonly logger: Logger;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export interface Heartbeat {
  /** Writes the report now (after a change, without waiting for the next tick). */
  beat(): Promise<void>;
  /** Stops beating and removes this gateway's report. */
  stop(): Promise<void>;
}

/** Keeps this gateway's GatewayReport fresh in the shared hash, for `webhooks routes`. */
export function startHeartbeat({ redis, hash, id, report, logger, intervalMs = GATEWAY_HEARTBEAT_MS, now = Date.now }: HeartbeatOptions): Heartbeat {
  async function beat(): Promise<void> {
    try {
      const value = gatewayReportSchema.parse({ id, ...report(), seenAt: now() });
      await redis.hset(hash, id, JSON.stringify(value));
    } catch (error) {
      logger.debug({ err: (error as Error).message }, "heartbeat not written");
    }
  }
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      try {
        await redis.hdel(hash, id);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "could not remove this gateway's report; it expires as stale");
      }
    },
  };
}
