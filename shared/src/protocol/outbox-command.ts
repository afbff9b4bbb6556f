import { z } from "zod";
import { isChannel, isIrcTarget } from "./irc-target.js";

const target = z.string().refine(isIrcTarget, { message: "not a valid IRC channel or nick" });
const channel = z.string().refine(isChannel, { message: "not a valid IRC channel" });

/** Where a command came from, for logs and metrics: the request id follows it to IRC. */
const meta = {
  requestId: z.string().min(1).max(200),
  queuedAt: z.number().int().nonnegative(),
  webhook: z.string().max(200).optional(),
};

/** One IRC command in the outbox stream. Validated by the gateway before XADD and by the bot after XREADGROUP. */
export const outboxCommandSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("msg"), target, text: z.string(), ...meta }),
  z.object({ op: z.literal("me"), target, text: z.string(), ...meta }),
  z.object({ op: z.literal("notice"), target, text: z.string(), ...meta }),
  z.object({ op: z.literal("join"), channel, key: z.string().optional(), ...meta }),
  z.object({ op: z.literal("leave"), channel, reason: z.string().optional(), ...meta }),
]);

export type OutboxCommand = z.infer<typeof outboxCommandSchema>;

/** The single stream field that carries the JSON command. */
export const OUTBOX_FIELD = "cmd";

export function encodeOutboxCommand(command: OutboxCommand): string {
  return JSON.stringify(outboxCommandSchema.parse(command));
}

/** Parses a stream entry's payload; throws a ZodError or SyntaxError naming what is wrong. */
export function decodeOutboxCommand(payload: string): OutboxCommand {
  return outboxCommandSchema.parse(JSON.parse(payload));
}
