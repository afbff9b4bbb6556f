import type { OutboxCommand } from "@helga/shared";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Why a client call could not queue its command (the route then answers 503). */
export type OutboxRejection = "full" | "redis" | "replica" | "invalid";

/** The gateway's Prometheus metrics, with the few calls the service makes to move them. */
export interface GatewayMetrics {
  /** What the admin server serves at /metrics. */
  readonly registry: Registry;
  /**
   * One finished HTTP request: `route` is the route's pattern source, or "unmatched";
   * `webhook` the package or sources.yml entry that answered ("" when none did).
   */
  observeRequest(route: string, method: string, status: number, seconds: number, webhook?: string): void;
  /** A command durably appended to the outbox stream. */
  outboxAppended(op: OutboxCommand["op"]): void;
  outboxRejected(reason: OutboxRejection): void;
  redisReconnected(): void;
  setWebhooksEnabled(enabled: boolean): void;
}

/** Route label for requests no route matched, so unknown paths cannot grow the label set. */
export const UNMATCHED_ROUTE = "unmatched";

/** Handler latencies on loopback sit well under a millisecond; the top buckets catch slow handlers. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry of its own per call, so two gateways in one process (tests) do not share counts. */
export function createGatewayMetrics(labels: Readonly<Record<string, string>> = {}): GatewayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: "helga_gateway_http_requests_total",
    help: "HTTP requests answered, by route pattern (or unmatched), method, status and webhook (package or source name)",
    labelNames: ["route", "method", "status", "webhook"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "helga_gateway_http_request_duration_seconds",
    help: "Time from request to response, by route pattern (or unmatched)",
    labelNames: ["route"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const appends = new Counter({
    name: "helga_gateway_outbox_appends_total",
    help: "IRC commands durably appended to the outbox stream, by op",
    labelNames: ["op"] as const,
    registers: [registry],
  });
  const rejections = new Counter({
    name: "helga_gateway_outbox_rejections_total",
    help: "Client calls that could not queue their command, by reason (full, redis, replica: not confirmed by REDIS_MIN_REPLICAS replicas in time, invalid)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const reconnects = new Counter({
    name: "helga_gateway_redis_reconnects_total",
    help: "Times the Redis connection was re-established",
    registers: [registry],
  });
  const enabled = new Gauge({
    name: "helga_gateway_webhooks_enabled",
    help: "1 while webhooks are on (the listener serves), 0 while stopped",
    registers: [registry],
  });

  return {
    registry,
    observeRequest(route, method, status, seconds, webhook = "") {
      requests.inc({ route, method, status: String(status), webhook });
      latency.observe({ route }, seconds);
    },
    outboxAppended: (op) => appends.inc({ op }),
    outboxRejected: (reason) => rejections.inc({ reason }),
    redisReconnected: () => reconnects.inc(),
    setWebhooksEnabled: (on) => enabled.set(on ? 1 : 0),
  };
}
