import {
  botStateSchema,
  DEFAULT_NETWORK,
  isNetworkName,
  type BotState,
  countDeadLetters,
  DELIVERY_STATUSES,
  listDeadLetters,
  liveGateways,
  readDeliveries,
  readMinuteCounts,
  readOutboxBacklog,
  webhooksEnabled,
  type DeliveryQuery,
  type DeliveryRecord,
  type Redis,
  type RedisKeys,
} from "@helga/shared";
import { deliveryChart } from "./delivery-chart.js";

/** Dead letters the console lists (the newest); the CLI reaches the rest. */
const DEAD_LETTERS_SHOWN = 20;

export interface ConsoleViewInput {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly gatewayId: string;
  readonly query: DeliveryQuery;
  readonly csrf: string;
  readonly notice?: { readonly text: string; readonly error: boolean };
  readonly refresh?: number;
  readonly now?: number;
}

/** Everything the console page shows, read from Redis in one go, shaped for the template. */
export async function consoleView({ redis, keys, gatewayId, query, csrf, notice, refresh, now = Date.now() }: ConsoleViewInput): Promise<Record<string, unknown>> {
  const [bots, enabled, gateways, backlog, minutes, page, deadCount, deadLetters] = await Promise.all([
    botStates(redis, keys),
    webhooksEnabled(redis, keys),
    liveGateways(redis, keys, now),
    readOutboxBacklog(redis, keys, now),
    readMinuteCounts(redis, keys, 60, now),
    readDeliveries(redis, keys, query),
    countDeadLetters(redis, keys),
    listDeadLetters(redis, keys, DEAD_LETTERS_SHOWN),
  ]);
  const routes = new Map<string, { methods: string; pattern: string; webhook: string }>();
  for (const gateway of gateways) {
    for (const route of gateway.routes) routes.set(`${route.methods.join(",")} ${route.pattern}`, { methods: route.methods.join(", "), pattern: route.pattern, webhook: route.webhook });
  }
  const filtered = query.webhook !== undefined || query.target !== undefined || query.status !== undefined || query.requestId !== undefined;
  return {
    gatewayId,
    network: keys.network,
    networkField: keys.network === DEFAULT_NETWORK ? undefined : keys.network,
    now: new Date(now).toISOString().slice(0, 19).replace("T", " "),
    refresh,
    notice,
    csrf,
    bots: bots.map(({ network, state }) => ({
      network,
      connected: state.connected,
      nickname: state.nickname,
      problem: state.problem,
      channels: state.channels.length > 0 ? state.channels.join(", ") : "no channels",
      link: network === DEFAULT_NETWORK ? "/console" : `/console?network=${network}`,
      updatedAgo: ago(now - state.updatedAt),
    })),
    enabled,
    outbox: { depth: backlog.depth, lag: backlog.depth === 0 ? "—" : ago(backlog.oldestAgeSeconds * 1000), deadLetters: deadCount },
    gatewayCount: gateways.length,
    gateways: gateways.map((gateway) => ({ id: gateway.id, listening: gateway.listening, routeCount: gateway.routes.length, seenAgo: ago(now - gateway.seenAt) })),
    routes: [...routes.values()],
    chart: deliveryChart(minutes),
    filter: query,
    filtered,
    statuses: DELIVERY_STATUSES.map((name) => ({ name, selected: name === query.status })),
    deliveries: page.deliveries.map((delivery) => ({ ...delivery, accepted: time(delivery.acceptedAt), outcome: outcome(delivery, now) })),
    nextPage: page.next === undefined ? undefined : `/console?${nextQuery(query, page.next, keys.network)}`,
    deadLetters: deadLetters.map((letter) => ({
      id: letter.id,
      failed: time(letter.failedAt),
      target: letter.target ?? "?",
      reason: letter.reason,
      text: letter.text ?? "",
      requestId: letter.requestId ?? "",
      replayable: letter.command !== undefined,
    })),
  };
}

/** Every network's bot that has reported (the default network first), from the networks set. */
async function botStates(redis: Redis, keys: RedisKeys): Promise<Array<{ network: string; state: BotState }>> {
  const names = [...new Set([DEFAULT_NETWORK, ...(await redis.smembers(keys.networks)).sort()])].filter(isNetworkName);
  const states = await Promise.all(names.map((name) => redis.get(keys.forNetwork(name).botState)));
  return names.flatMap((network, i) => {
    const state = parseState(states[i] ?? null);
    return state === undefined ? [] : [{ network, state }];
  });
}

function parseState(json: string | null): BotState | undefined {
  if (json === null) return undefined;
  try {
    const result = botStateSchema.safeParse(JSON.parse(json));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** What happened to a delivery, in words. */
function outcome(delivery: DeliveryRecord, now: number): string {
  const tries = delivery.attempts === undefined ? "" : ` after ${delivery.attempts} failed attempt(s)`;
  switch (delivery.status) {
    case "sent":
      return `${delivery.lines ?? "?"} line(s) on ${delivery.network ?? "IRC"} at ${time(delivery.sentAt ?? 0)}${delivery.reason ? `${tries}, last: ${delivery.reason}` : ""}`;
    case "queued":
      return `waiting ${ago(now - delivery.acceptedAt)}${delivery.replayOf ? ` (replay of ${delivery.replayOf})` : ""}`;
    case "failed":
      return `will retry${tries}: ${delivery.reason ?? ""}`;
    case "dead":
      return `dead letter${tries}: ${delivery.reason ?? ""}`;
    case "replayed":
      return `replayed as ${delivery.replayedAs ?? "?"}: ${delivery.reason ?? ""}`;
    case "discarded":
      return `discarded: ${delivery.reason ?? ""}`;
  }
}

function nextQuery(query: DeliveryQuery, after: string, network: string): string {
  const params = new URLSearchParams();
  for (const name of ["webhook", "target", "status", "requestId"] as const) {
    const value = query[name];
    if (value !== undefined) params.set(name, value);
  }
  params.set("after", after);
  if (network !== DEFAULT_NETWORK) params.set("network", network);
  return params.toString();
}

function time(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
