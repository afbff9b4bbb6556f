import { botStateSchema, decodeControlEvent, type BotState, type Logger, type Redis, type RedisKeys } from "@helga/shared";
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
  let state: ControlState = { botState: undefined, webhooksEnabled: true };
  const update = (next: Partial<ControlState>) => {
    state = { ...state, ...next };
    onState(state);
  };

  async function reread(): Promise<void> {
    try {
      const [botState, enabled] = await redis.mget(keys.botState, keys.webhooksEnabled);
      update({ botState: parseBotState(botState, logger), webhooksEnabled: enabled === null || enabled === "1" });
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
    else if (event.type === "bot-state") update({ botState: event.state });
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

function parseBotState(json: string | null, logger: Logger): BotState | undefined {
  if (json === null) return undefined;
  try {
    return botStateSchema.parse(JSON.parse(json));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "ignored an invalid bot state in Redis");
    return undefined;
  }
}
