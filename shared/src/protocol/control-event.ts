import { z } from "zod";
import { botStateSchema } from "./bot-state.js";
import { isNetworkName } from "./network-name.js";

/** Live control messages on the pub/sub channel. Persisted state lives in keys; these only announce changes. */
export const controlEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("webhooks"), enabled: z.boolean() }),
  /** `network` absent: the default network (what bots before networks sent). */
  z.object({ type: z.literal("bot-state"), network: z.string().refine(isNetworkName).optional(), state: botStateSchema }),
  z.object({ type: z.literal("reload"), requestId: z.string() }),
  z.object({
    type: z.literal("reloaded"),
    requestId: z.string(),
    gatewayId: z.string(),
    routes: z.number().int(),
    failed: z.array(z.string()),
  }),
]);

export type ControlEvent = z.infer<typeof controlEventSchema>;

export function encodeControlEvent(event: ControlEvent): string {
  return JSON.stringify(controlEventSchema.parse(event));
}

export function decodeControlEvent(payload: string): ControlEvent {
  return controlEventSchema.parse(JSON.parse(payload));
}
