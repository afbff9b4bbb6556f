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
  return JSON.stringify(parseOutboxCommand(command));
}

/** Parses a stream entry's payload; throws a ZodError or SyntaxError naming what is wrong. */
export function decodeOutboxCommand(payload: string): OutboxCommand {
  return parseOutboxCommand(JSON.parse(payload));
}

/** The schema's verdict; the usual command (a message op, all fields valid) takes the fast path. */
function parseOutboxCommand(value: unknown): OutboxCommand {
  return validMessage(value) ?? outboxCommandSchema.parse(value);
}

/**
 * The schema's checks for msg/me/notice written out by hand, with its output (known keys only,
 * in its order): every command is checked on both ends of the stream, and zod took ~1.5 µs of
 * each check. Anything else, valid or not, goes to zod, which also words the errors.
 */
function validMessage(value: unknown): OutboxCommand | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { op, target, text, requestId, queuedAt, webhook } = value as Record<string, unknown>;
  if (op !== "msg" && op !== "me" && op !== "notice") return undefined;
  if (typeof target !== "string" || !isIrcTarget(target) || typeof text !== "string") return undefined;
  if (typeof requestId !== "string" || requestId.length < 1 || requestId.length > 200) return undefined;
  if (typeof queuedAt !== "number" || !Number.isSafeInteger(queuedAt) || queuedAt < 0) return undefined;
  if (webhook !== undefined && (typeof webhook !== "string" || webhook.length > 200)) return undefined;
  return webhook === undefined ? { op, target, text, requestId, queuedAt } : { op, target, text, requestId, queuedAt, webhook };
}
