import type { Logger } from "@helga/shared";
import type { AnsweredRequest } from "../http/handle-request.js";
import { UNMATCHED_ROUTE, type GatewayMetrics } from "./gateway-metrics.js";

/**
 * The access log and the request metrics, fed by the HTTP core. The log names the route's
 * pattern, never the path or query, which may carry a sender's secret token.
 */
export function observeRequests(metrics: GatewayMetrics, logger: Logger): (answered: AnsweredRequest) => void {
  return ({ requestId, method, route, webhook, status, seconds }) => {
    const label = route ?? UNMATCHED_ROUTE;
    metrics.observeRequest(label, method, status, seconds, webhook ?? "");
    logger.info({ requestId, method, route: label, webhook, status, ms: Math.round(seconds * 1e5) / 100 }, "request");
  };
}
