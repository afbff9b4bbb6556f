import { encodeOutboxCommand, trailFields, type BotState, type OutboxCommand, type Redis, type RedisKeys, type TrailLimits } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import { badTarget } from "./bad-target.js";
import type { WebhookClient } from "../api/types.js";
import type { GatewayMetrics } from "../metrics/gateway-metrics.js";
import { appendToOutbox } from "./append-to-outbox.js";

export interface ClientDeps {
  /** The gateway's fail-fast command connection. */
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly outboxMax: number;
  /** Bounds of the delivery trail each append records into. */
  readonly trail: TrailLimits;
  /** The bot's last reported state, if any. */
  readonly botState: () => BotState | undefined;
  readonly now?: () => number;
  readonly metrics?: Pick<GatewayMetrics, "outboxAppended" | "outboxRejected">;
}

export interface ClientMeta {
  readonly requestId: string;
  readonly webhook: string;
}

type Command = OutboxCommand extends infer C ? (C extends OutboxCommand ? Omit<C, "requestId" | "queuedAt" | "webhook"> : never) : never;

/** Makes the `client` proxy of one request: its commands carry the request id and webhook name. */
export function createClientFactory({ redis, keys, outboxMax, trail, botState, now = Date.now, metrics }: ClientDeps): (meta: ClientMeta) => WebhookClient {
  return ({ requestId, webhook }) => {
    async function send(command: Command, target: string): Promise<void> {
      const problem = badTarget(target, "channel" in command);
      if (problem) {
        metrics?.outboxRejected("invalid");
        throw new HttpError(400, problem);
      }
      const full = { ...command, requestId, queuedAt: now(), webhook } as OutboxCommand;
      let payload: string;
      try {
        payload = encodeOutboxCommand(full);
      } catch (error) {
        metrics?.outboxRejected("invalid");
        throw new HttpError(400, `Invalid IRC command: ${(error as Error).message}`);
      }
      const input = { payload, fields: trailFields(full), now: full.queuedAt, outboxMax };
      await appendToOutbox(redis, keys, trail, input, (reason) => metrics?.outboxRejected(reason));
      metrics?.outboxAppended(command.op);
    }
    return Object.freeze({
      msg: (target: string, text: string) => send({ op: "msg", target, text: String(text) }, target),
      me: (target: string, text: string) => send({ op: "me", target, text: String(text) }, target),
      notice: (target: string, text: string) => send({ op: "notice", target, text: String(text) }, target),
      join: (channel: string, key?: string) => send(key === undefined ? { op: "join", channel } : { op: "join", channel, key }, channel),
      leave: (channel: string, reason?: string) => send(reason === undefined ? { op: "leave", channel } : { op: "leave", channel, reason }, channel),
      get nickname() {
        return botState()?.nickname ?? "";
      },
      get channels() {
        return botState()?.channels ?? [];
      },
      get operators() {
        return botState()?.operators ?? [];
      },
      get connected() {
        return botState()?.connected ?? false;
      },
    });
  };
}
