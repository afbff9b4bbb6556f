import { botStateSchema, DEFAULT_NETWORK, decodeControlEvent, isNetworkName, type BotState, type Logger, type Redis, type RedisKeys } from "@helga/shared";
import type { ControlState } from "./should-listen.js";

export interface WatchControlOptions {
  /** Command connection, for reading the persisted keys. */
  readonly redis: Redis;
  /** A connection of its own: once subscribed it can do nothing else. */
  readonly subscriber: Redis;
  readonly keys: RedisKeys;
  readonly logger: Logger;
  /** Called after every change (and every re-read) of the control state. */
  readonly onState: (state: ControlState) => void;
  readonly onReload: (requestId: string) => void;
}

export interface ControlWatch {
  readonly state: ControlState;
}

/**
 * Follows the shared control state: reads the persisted keys whenever a connection becomes
 * ready (at start and after every reconnect, so events missed while down do not matter),
 * and applies live events from the control channel in between.
 */
export function watchControl({ redis, subscriber, keys, logger, onState, onReload }: WatchControlOptions): ControlWatch {
  let state: ControlState = { networks: new Map(), webhooksEnabled: true };
  const update = (next: Partial<ControlState>) => {
    state = { ...state, ...next };
    onState(state);
  };

  async function reread(): Promise<void> {
    try {
      const names = [...new Set([...(await knownNetworks(redis, keys, logger)), ...state.networks.keys()])];
      const [enabled, ...states] = await redis.mget(keys.webhooksEnabled, ...names.map((name) => keys.forNetwork(name).botState));
      // A live event that arrived while this read was on its way is newer than what it read.
      const networks = new Map(names.map((name, i) => [name, newer(state.networks.get(name), parseBotState(states[i] ?? null, logger))]));
      update({ networks, webhooksEnabled: enabled === null || enabled === "1" });
    } catch (error) {
      // The other connection's "ready" reads again once Redis is back.
      logger.debug({ err: (error as Error).message }, "could not read control state yet");
    }
  }

  redis.on("ready", () => void reread());
  subscriber.on("ready", () => void reread());
  subscriber.on("message", (channel: string, payload: string) => {
    if (channel !== keys.control) return;
    let event;
    try {
      event = decodeControlEvent(payload);
    } catch (error) {
      logger.warn({ err: (error as Error).message, payload: payload.slice(0, 200) }, "ignored an invalid control event");
      return;
    }
    if (event.type === "webhooks") update({ webhooksEnabled: event.enabled });
    else if (event.type === "bot-state") update({ networks: new Map(state.networks).set(event.network ?? DEFAULT_NETWORK, event.state) });
    else if (event.type === "reload") onReload(event.requestId);
  });
  void subscriber.subscribe(keys.control).catch((error: Error) => logger.error({ err: error.message }, "could not subscribe to the control channel"));
  if (redis.status === "ready") void reread();

  return {
    get state() {
      return state;
    },
  };
}

/** The networks bots have registered, and always the default one (its bot may predate the list). */
async function knownNetworks(redis: Redis, keys: RedisKeys, logger: Logger): Promise<string[]> {
  const names = new Set([DEFAULT_NETWORK]);
  for (const name of await redis.smembers(keys.networks)) {
    if (isNetworkName(name)) names.add(name);
    else logger.warn({ network: String(name).slice(0, 100) }, "ignored an invalid network name in Redis");
  }
  return [...names];
}

function newer(a: BotState | undefined, b: BotState | undefined): BotState | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return b.updatedAt >= a.updatedAt ? b : a;
}

function parseBotState(json: string | null, logger: Logger): BotState | undefined {
  if (json === null) return undefined;
  try {
    return botStateSchema.parse(JSON.parse(json));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "ignored an invalid bot state in Redis");
    return undefined;
  }
}
