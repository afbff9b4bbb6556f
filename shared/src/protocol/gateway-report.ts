import { z } from "zod";

export const routeSummarySchema = z.object({
  methods: z.array(z.string()),
  pattern: z.string(),
  webhook: z.string(),
});

/** A gateway's heartbeat: which routes it serves and whether its listener is open. */
export const gatewayReportSchema = z.object({
  id: z.string(),
  listening: z.boolean(),
  routes: z.array(routeSummarySchema),
  seenAt: z.number().int(),
});

export type RouteSummary = z.infer<typeof routeSummarySchema>;
export type GatewayReport = z.infer<typeof gatewayReportSchema>;

/** A gateway whose heartbeat is older than this is taken for dead. */
export const GATEWAY_HEARTBEAT_MS = 5_000;
export const GATEWAY_STALE_MS = 3 * GATEWAY_HEARTBEAT_MS;
