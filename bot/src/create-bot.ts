import type { RedisKeys, Redis, Settings } from "@helga/shared";
import type { BotDeps } from "./bot-deps.js";
import { buildBotParts } from "./build-bot-parts.js";
import { buildOutboxConsumer } from "./build-outbox-consumer.js";
import type { LastFailure } from "./commands/webhooks-command.js";
import type { FloodSender } from "./flood/flood-sender.js";
import type { IrcConnection } from "./irc/irc-connection.js";
import type { BotLease } from "./lease/bot-lease.js";
import { takeOverPending } from "./lease/take-over-pending.js";
import type { BotMetrics } from "./metrics/bot-metrics.js";
import type { OutboxConsumer } from "./outbox/outbox-consumer.js";
import { wireBotEvents } from "./wire-bot-events.js";

export type { BotDeps } from "./bot-deps.js";

export interface Bot {
  readonly keys: RedisKeys;
  readonly irc: IrcConnection;
  readonly sender: FloodSender;
  readonly consumer: OutboxConsumer;
  /** The shared, non-blocking connection, for anything else that needs Redis (admin, metrics). */
  readonly redis: Redis;
  readonly metrics: BotMetrics;
  /** Only the replica holding it connects to IRC and consumes the outbox. */
  readonly lease: BotLease;
  /** Waits as a standby until this replica holds the lease, then connects and consumes. */
  start(): Promise<void>;
  /** Stops consuming, finishes the line being written, quits IRC and closes Redis. Safe to call twice. */
  stop(): Promise<void>;
}

/** Builds the bot's parts and wires their events; nothing connects until start(). */
export function createBot(settings: Settings, deps: BotDeps): Bot {
  const { logger } = deps;
  let built: OutboxConsumer | undefined;
  const parts = buildBotParts(settings, deps, () => built?.unconfirmed ?? 0);
  const { keys, consumerName, redis, blocking, subscriber, lease, servers, irc, stopIdentity, metrics, sender, fence, echo, sts, bus, state } = parts;
  let lastFailure: LastFailure | undefined;
  const consumer = buildOutboxConsumer(settings, parts, logger, (rejection) => {
    lastFailure = { ...rejection, at: Date.now() };
  });
  built = consumer;
  wireBotEvents(settings, parts, { consumer, logger, onLeaseLost: deps.onLeaseLost, lastFailure: () => lastFailure });

  let stopped: Promise<void> | undefined;
  let active = false;
  return {
    keys,
    irc,
    sender,
    consumer,
    redis,
    metrics,
    lease,
    async start() {
      // A Redis that is not up yet is waited for: the connections retry, and commands queue until then.
      const connected = await Promise.allSettled([redis.connect(), blocking.connect(), subscriber.connect()]);
      if (connected.some((result) => result.status === "rejected")) logger.warn({ redis: new URL(settings.redis.url).host }, "waiting for Redis"); // host only: the URL may hold a password
      await bus.start();
      metrics.setLease(false, undefined);
      if ((await lease.acquire()) === undefined) return; // stopped while a standby
      active = true;
      await state.start();
      await consumer.start();
      await takeOverPending(redis, keys, consumerName, logger);
      await servers.restore();
      await sts.restore(settings.server.servers.map((server) => server.host));
      fence.start();
      echo.start();
      irc.start();
    },
    stop() {
      stopped ??= (async () => {
        lease.close();
        await consumer.close(); // before the sender: the last batch's fence must still go out
        await sender.close();
        fence.stop();
        echo.stop();
        // A standby's state is not the bot's state: only the active replica reports it.
        if (active && lease.held) await state.stop();
        stopIdentity();
        await irc.quit("Shutting down");
        await lease.release();
        bus.close();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return stopped;
    },
  };
}
