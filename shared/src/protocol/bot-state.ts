import { z } from "zod";

/** What the bot reports about its IRC connection; gateways expose it read-only as `client.*`. */
export const botStateSchema = z.object({
  connected: z.boolean(),
  nickname: z.string(),
  channels: z.array(z.string()),
  operators: z.array(z.string()),
  /** BOT_ID of the replica that holds the lease and wrote this state (absent from bots before the lease). */
  activeBot: z.string().optional(),
  /** Why the bot cannot sign on as configured (services refused its login), shown on the console. */
  problem: z.string().optional(),
  /** Set at the first signon and kept: gateways start serving only once this exists. */
  signedOnAt: z.number().int().optional(),
  updatedAt: z.number().int(),
});

export type BotState = z.infer<typeof botStateSchema>;
