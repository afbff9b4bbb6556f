import { z } from "zod";

/**
 * Where a delivery stands: queued (accepted by a gateway, not yet sent), sent, failed (will be
 * retried), dead (moved to the dead-letter stream), replayed (its dead letter was queued again,
 * as `replayedAs`) or discarded (its dead letter was dropped).
 */
export const DELIVERY_STATUSES = ["queued", "sent", "failed", "dead", "replayed", "discarded"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const count = z.coerce.number().int().nonnegative();

/** One delivery's trail hash as Redis holds it (every value a string). */
const deliveryHashSchema = z.object({
  status: z.enum(DELIVERY_STATUSES),
  acceptedAt: count,
  requestId: z.string(),
  webhook: z.string(),
  op: z.string(),
  target: z.string(),
  text: z.string(),
  sentAt: count.optional(),
  lines: count.optional(),
  network: z.string().optional(),
  attempts: count.optional(),
  reason: z.string().optional(),
  failedAt: count.optional(),
  replayOf: z.string().optional(),
  replayedAs: z.string().optional(),
});

/** A delivery as /deliveries and the console show it; `id` is its outbox entry id. */
export type DeliveryRecord = { readonly id: string } & Readonly<z.infer<typeof deliveryHashSchema>>;

/** The record of a trail hash, or undefined when the hash is gone (expired, trimmed) or not one of ours. */
export function parseDeliveryHash(id: string, hash: Readonly<Record<string, string>>): DeliveryRecord | undefined {
  const result = deliveryHashSchema.safeParse(hash);
  return result.success ? { id, ...result.data } : undefined;
}
