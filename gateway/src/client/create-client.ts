import { encodeOutboxCommand, trailFields, type BotState, type OutboxCommand, type Redis, type RedisKeys, type TrailLimits } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import { badTarget } from "./bad-target.js";
import type { WebhookClient } from "../api/types.js";
import type { GatewayMetrics } from "../metrics/gateway-metrics.js";
import { appendToOutbox } from "./append-to-outbox.js";
import type { ReplicaWait } from "./wait-for-replicas.js";
import { checkNetwork } from "./check-network.js";

export interface ClientDeps {
  /** The gateway's fail-fast command connection. */
  readonly redis: Redis;
  /** The default network's keys: plain `client` writes to its outbox; `client.network(name)` to that network's. */
  readonly keys: RedisKeys;
  readonly outboxMax: number;
  /** The known networks and their bots' last reported states (see ControlState). */
  readonly networks: () => ReadonlyMap<string, BotState | undefined>;
  /** Bounds of the delivery trail each append records into. */
  readonly trail: TrailLimits;
  readonly now?: () => number;
  readonly metrics?: Pick<GatewayMetrics, "outboxAppended" | "outboxRejected">;
  /** When replicas must confirm each append before the caller's 2xx (REDIS_MIN_REPLICAS). */
  readonly replicas?: ReplicaWait;
}

export interface ClientMeta {
  readonly requestId: string;
  readonly webhook: string;
}

type Command = OutboxCommand extends infer C ? (C extends OutboxCommand ? Omit<C, "requestId" | "queuedAt" | "webhook"> : never) : never;

/** Makes the `client` proxy of one request: its commands carry the request id and webhook name. */
export function createClientFactory({ redis, keys, outboxMax, trail, networks, now = Date.now, metrics, replicas }: ClientDeps): (meta: ClientMeta) => WebhookClient {
  return (meta) => clientOf(keys, meta);

  function clientOf(own: RedisKeys, meta: ClientMeta): WebhookClient {
    const { network } = own;
    const { requestId, webhook } = meta;
    const botState = () => networks().get(network);
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
      await appendToOutbox(redis, own, trail, input, (reason) => metrics?.outboxRejected(reason), replicas);
      metrics?.outboxAppended(command.op);
    }
    const client: WebhookClient = Object.freeze({
      network: (name: string) => (name === network ? client : clientOf(own.forNetwork(checkNetwork(name, [...networks().keys()])), meta)),
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
    return client;
  }
}
