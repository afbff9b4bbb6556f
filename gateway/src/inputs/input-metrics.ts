import { Counter, type Registry } from "prom-client";
import type { RefusalReason } from "./input-refusal.js";

export type CountRefusal = (webhook: string, reason: RefusalReason) => void;

/** helga_gateway_input_refusals_total on the gateway's registry: every connection, datagram or message an input turned away. */
export function createRefusalCounter(registry: Registry): CountRefusal {
  const refusals = new Counter({
    name: "helga_gateway_input_refusals_total",
    help: "Connections, datagrams and messages the irccat and irker inputs refused, by input (webhook) and reason",
    labelNames: ["webhook", "reason"] as const,
    registers: [registry],
  });
  return (webhook, reason) => refusals.inc({ webhook, reason });
}
