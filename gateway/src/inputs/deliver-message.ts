import { randomUUID } from "node:crypto";
import type { Logger } from "@helga/shared";
import { isHttpError } from "../api/http-error.js";
import type { WebhookClient } from "../api/types.js";
import { UnknownNetworkError } from "../client/check-network.js";
import type { ClientMeta } from "../client/create-client.js";
import type { GatewayMetrics } from "../metrics/gateway-metrics.js";
import { InputRefusal } from "./input-refusal.js";
import type { CountRefusal } from "./input-metrics.js";

/** Sends one parsed message through the client; resolves with the targets it spoke to. */
export type SendMessage = (client: WebhookClient) => Promise<readonly string[]>;

export interface DeliveryDeps {
  /** "irccat" or "irker": the webhook label of its metrics, logs and delivery trail. */
  readonly webhook: string;
  readonly clientFor: (meta: ClientMeta) => WebhookClient;
  readonly metrics: Pick<GatewayMetrics, "observeRequest">;
  readonly countRefusal: CountRefusal;
  readonly logger: Logger;
}

/**
 * One input message as an ordinary delivery: its own request id, the same client (outbox,
 * trail), the request metrics with HTTP-like statuses (202 queued, 400 refused, 503 Redis
 * or outbox unavailable) and one log line. Resolves with the error to tell the sender, if any.
 */
export function createDelivery({ webhook, clientFor, metrics, countRefusal, logger }: DeliveryDeps) {
  return async (transport: "tcp" | "udp", from: string, parse: () => SendMessage): Promise<string | undefined> => {
    const requestId = randomUUID();
    const started = performance.now();
    let status = 202;
    try {
      const targets = await parse()(clientFor({ requestId, webhook }));
      logger.info({ requestId, webhook, transport, from, targets, status }, `${webhook}: queued for ${targets.join(", ")}`);
      return undefined;
    } catch (error) {
      status = error instanceof InputRefusal ? 400 : isHttpError(error) ? error.status : 500;
      if (error instanceof InputRefusal) countRefusal(webhook, error.reason);
      // IRKER_NETWORKS names a network no bot serves: a deployment mistake the sender may read about.
      if (error instanceof UnknownNetworkError) countRefusal(webhook, "unknown_network");
      const message = status === 500 && !(error instanceof UnknownNetworkError) ? "internal error" : (error as Error).message;
      logger.warn({ requestId, webhook, transport, from, status, err: (error as Error).message }, `${webhook}: not sent: ${message}`);
      return message;
    } finally {
      metrics.observeRequest(`${webhook}:${transport}`, transport.toUpperCase(), status, (performance.now() - started) / 1000, webhook);
    }
  };
}
