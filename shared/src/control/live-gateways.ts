import type { Redis } from "../create-redis.js";
import { GATEWAY_STALE_MS, gatewayReportSchema, type GatewayReport } from "../protocol/gateway-report.js";
import type { RedisKeys } from "../protocol/redis-keys.js";

/** Gateways whose heartbeat is fresh; invalid or stale reports are skipped. */
export async function liveGateways(redis: Redis, keys: RedisKeys, now = Date.now()): Promise<GatewayReport[]> {
  const reports = await redis.hgetall(keys.gateways);
  return Object.values(reports).flatMap((json) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return [];
    }
    const result = gatewayReportSchema.safeParse(parsed);
    return result.success && now - result.data.seenAt <= GATEWAY_STALE_MS ? [result.data] : [];
  });
}

/** helga's `[GET,POST] pattern` lines, one per distinct route across gateways. */
export function routeLines(gateways: readonly GatewayReport[]): string[] {
  const lines = gateways.flatMap((gateway) => gateway.routes.map((route) => `[${route.methods.join(",")}] ${route.pattern}`));
  return [...new Set(lines)];
}
