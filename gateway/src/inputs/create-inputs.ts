import { addressMatcher, type Logger, type RelayInputSettings, type RouteSummary } from "@helga/shared";
import type { Registry } from "prom-client";
import type { WebhookClient } from "../api/types.js";
import type { ClientMeta } from "../client/create-client.js";
import type { GatewayMetrics } from "../metrics/gateway-metrics.js";
import type { WebhookRoutes } from "../routing/route-table.js";
import { createDelivery } from "./deliver-message.js";
import { createRefusalCounter } from "./input-metrics.js";
import { irccatSendRoute } from "./irccat/irccat-send-route.js";
import { parseIrccatLine } from "./irccat/parse-irccat-line.js";
import { sendIrccatLine } from "./irccat/send-irccat-line.js";
import { jsonObjectFramer } from "./irker/json-object-framer.js";
import { parseIrkerRequest } from "./irker/parse-irker-request.js";
import { sendIrkerRequest } from "./irker/send-irker-request.js";
import { lineFramer } from "./line-framer.js";
import { createTcpInput, type TcpInput } from "./tcp-input.js";
import { createUdpInput, type UdpInput } from "./udp-input.js";

export interface InputsDeps {
  /** WEBHOOKS_HOST: the inputs listen beside the HTTP port. */
  readonly host: string;
  readonly clientFor: (meta: ClientMeta) => WebhookClient;
  readonly metrics: Pick<GatewayMetrics, "observeRequest"> & { readonly registry: Registry };
  readonly logger: Logger;
}

/** The gateway's irccat and irker inputs: opened and closed with the HTTP listener. */
export interface Inputs {
  /** irccat's `POST /send`, when IRCCAT_SECRET is set: for the route table. */
  readonly webhooks: readonly WebhookRoutes[];
  /** What `webhooks routes` lists for the open inputs. */
  routes(): RouteSummary[];
  /** TCP listeners follow `open`; the UDP socket stays bound and drops (counted) while closed. */
  setOpen(open: boolean): Promise<void>;
  /** Closes every listener; connections get `graceMs` to finish. */
  stop(graceMs?: number): Promise<void>;
}

export function createInputs(relays: RelayInputSettings, { host, clientFor, metrics, logger }: InputsDeps): Inputs {
  const countRefusal = createRefusalCounter(metrics.registry);
  const maxPerAddress = relays.maxConnectionsPerAddress;
  let accepting = false;
  const tcp: Array<{ input: TcpInput; summary: RouteSummary }> = [];
  const udp: UdpInput[] = [];

  const common = (webhook: string, setting: string, port: number, allow: readonly string[]) => {
    const deliver = createDelivery({ webhook, clientFor, metrics, countRefusal, logger });
    const refuse = (reason: Parameters<typeof countRefusal>[1], from: string, detail: string) => {
      countRefusal(webhook, reason);
      logger.warn({ webhook, from, reason }, `${webhook}: refused: ${detail}`);
    };
    return { name: webhook, setting, host, port, allowed: addressMatcher(allow), refuse, logger, deliver };
  };

  const { irccat, irker } = relays;
  if (irccat.port !== undefined) {
    const { deliver, ...options } = common("irccat", "IRCCAT", irccat.port, irccat.allow);
    const handle = (line: string, from: string) => deliver("tcp", from, () => sendIrccatLine(parseIrccatLine(line), irccat.defaultChannel));
    tcp.push({ input: createTcpInput({ ...options, maxPerAddress, framer: lineFramer, handle }), summary: summary(["TCP"], "irccat", irccat.port) });
  }
  if (irker.port !== undefined) {
    const { deliver, ...options } = common("irker", "IRKER", irker.port, irker.allow);
    const request = (json: string) => () => sendIrkerRequest(parseIrkerRequest(json, irker.networks));
    const input = createTcpInput({ ...options, maxPerAddress, framer: jsonObjectFramer, handle: (json, from) => deliver("tcp", from, request(json)) });
    tcp.push({ input, summary: summary(["TCP", "UDP"], "irker", irker.port) });
    udp.push(createUdpInput({ ...options, accepting: () => accepting, framer: jsonObjectFramer, handle: (json, from) => deliver("udp", from, request(json)) }));
  }
  const webhooks: WebhookRoutes[] =
    irccat.secret === undefined ? [] : [{ webhook: { name: "irccat", packageDir: ".", moduleDir: "." }, routes: [irccatSendRoute(irccat.secret, irccat.defaultChannel)] }];

  return {
    webhooks,
    routes: () => tcp.filter(({ input }) => input.isOpen).map(({ summary }) => summary),
    async setOpen(open) {
      accepting = open;
      for (const { input } of tcp) {
        if (open) await input.open();
        else await input.close();
      }
      // Bound even while stopped, so datagrams sent then are counted as dropped, not lost unseen.
      for (const input of udp) await input.open();
    },
    async stop(graceMs) {
      accepting = false;
      await Promise.all([...tcp.map(({ input }) => input.close(graceMs)), ...udp.map((input) => input.close())]);
    },
  };
}

function summary(methods: string[], webhook: string, port: number): RouteSummary {
  return { methods, pattern: `${webhook} on port ${port}`, webhook };
}
