import { createDeliveryTrail, createRedis, isChannel, liveGateways, readOutboxBacklog, redisKeys, type Logger, type OutboxCommand, type Redis, type RedisKeys, type Settings } from "@helga/shared";
import { WebhooksCommand, type LastFailure } from "./commands/webhooks-command.js";
import { ControlBus } from "./control/control-bus.js";
import { systemClock, type Clock } from "./flood/clock.js";
import { FloodSender } from "./flood/flood-sender.js";
import { ircLower } from "./irc/irc-lower.js";
import { IrcConnection } from "./irc/irc-connection.js";
import type { IrcConnectionOptions } from "./irc/irc-connection-options.js";
import { keepIdentity } from "./irc/registration/keep-identity.js";
import { PingFence } from "./irc/ping-fence.js";
import type { RawIrcClient } from "./irc/raw-irc-client.js";
import { ServerList } from "./irc/reconnect/server-list.js";
import { chatLines, commandLines, UnsendableCommandError } from "./lines/command-lines.js";
import { createBotMetrics, type BotMetrics } from "./metrics/bot-metrics.js";
import { BotLease } from "./lease/bot-lease.js";
import { fencedAcknowledge } from "./lease/fenced-acknowledge.js";
import { takeOverPending } from "./lease/take-over-pending.js";
import { OutboxConsumer, PermanentDeliveryError } from "./outbox/outbox-consumer.js";
import { BotStatePublisher } from "./state/bot-state-publisher.js";

export interface BotDeps {
  readonly logger: Logger;
  /** BOT_ID: this replica's consumer name in the outbox group and its name in the lease. */
  readonly consumerName?: string;
  /**
   * The lease was lost (another replica took over while this one hung, or it could not be
   * renewed): lines and acks are refused from that moment and consuming stops. main exits,
   * which also drops the IRC connection without a line more; the orchestrator restarts it as a standby.
   */
  readonly onLeaseLost?: (reason: string) => void;
  /**
   * Opens a Redis connection. All queue commands while reconnecting; the `reader` (the
   * outbox's blocking reads) must not re-send the ones a closed connection left unanswered.
   */
  readonly createRedis?: (name: string, use: "reader" | "commands") => Redis;
  readonly createIrcClient?: () => RawIrcClient;
  readonly clock?: Clock;
  /** Overrides for timings, so tests need not wait for production delays. */
  readonly irc?: Partial<Pick<IrcConnectionOptions, "rejoinDelayMs" | "rejoinGraceMs" | "reconnectCapMs" | "loginRetryMs">>;
  readonly stateIntervalMs?: number;
  /** Metric labels (e.g. the consumer name); the registry is served on the admin port by main. */
  readonly metricLabels?: Readonly<Record<string, string>>;
}

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

/** Wires the bot's parts together; nothing connects until start(). */
export function createBot(settings: Settings, deps: BotDeps): Bot {
  const { logger } = deps;
  const keys = redisKeys(settings.redis.prefix, settings.network);
  const open = deps.createRedis ?? ((name: string, use: "reader" | "commands") => createRedis(settings.redis, { name, logger, resendUnanswered: use !== "reader" }));
  const redis = open("bot", "commands");
  const blocking = open("bot-outbox", "reader");
  const subscriber = open("bot-control", "commands");
  const consumerName = deps.consumerName ?? "bot";
  const lease = new BotLease({ redis, keys, holder: consumerName, ttlMs: settings.bot.leaseMs, logger });

  const servers = new ServerList(settings.server.servers, {
    store: { get: () => redis.get(keys.lastGoodServer), set: (value) => redis.set(keys.lastGoodServer, value) },
    logger,
  });
  const irc = new IrcConnection({
    settings,
    logger,
    servers,
    pingTimeoutSeconds: settings.irc.pingTimeoutSeconds,
    ...(deps.createIrcClient ? { createClient: deps.createIrcClient } : {}),
    ...deps.irc,
  });
  const stopIdentity = keepIdentity(irc, settings, logger);
  const metrics = createBotMetrics({
    backlog: () => readOutboxBacklog(redis, keys),
    liveGateways: async () => (await liveGateways(redis, keys)).length,
    ...(deps.metricLabels ? { labels: deps.metricLabels } : {}),
  });
  // The sender sleeps only to hold a line back, so its clock's sleeps are the flood-control waits.
  const clock = deps.clock ?? systemClock;
  const floodClock: Clock = {
    now: () => clock.now(),
    sleep: (ms) => {
      metrics.floodWaited(ms / 1000);
      return clock.sleep(ms);
    },
  };
  // Fencing, local half: no line leaves unless the lease is held at that very moment.
  const writeFenced = (line: string, session?: number) => {
    lease.check();
    return irc.writeLine(line, session);
  };
  const sender = new FloodSender(writeFenced, settings.flood, floodClock);
  irc.on("unpacedLine", () => sender.charge());
  // Fences take their turn in the flood sender: the server counts PINGs like any line.
  const fence = new PingFence({
    irc,
    send: (line, session) => sender.send(line, session),
    timeoutMs: settings.irc.pingTimeoutSeconds * 1000,
    keepaliveMs: settings.irc.pingIntervalSeconds * 1000,
    onDead: () => metrics.connectionDead(),
  });
  const bus = new ControlBus(subscriber, keys.control, logger);
  const state = new BotStatePublisher({
    redis,
    keys,
    irc,
    operators: settings.operators,
    activeBot: consumerName,
    logger,
    ...(deps.stateIntervalMs !== undefined ? { intervalMs: deps.stateIntervalMs } : {}),
  });

  let lastFailure: LastFailure | undefined;
  const deliver = async (command: OutboxCommand, _id: string, session: number): Promise<number> => {
    let lines: string[];
    try {
      lines = commandLines(command);
    } catch (error) {
      if (error instanceof UnsendableCommandError) throw new PermanentDeliveryError(error.message);
      throw error;
    }
    // AUTO_JOIN: a channel we are not in is joined first, in the same batch, so its refusal (474 …) is this command's.
    if (settings.irc.autoJoin && command.op !== "join" && command.op !== "leave" && isChannel(command.target) && !irc.wants(command.target)) {
      irc.want(command.target);
      lines = [`JOIN ${command.target}`, ...lines];
    }
    await sender.sendAll(lines, session);
    metrics.messageSent(command.op, command.queuedAt);
    if (command.op === "join") irc.want(command.channel);
    if (command.op === "leave") irc.unwant(command.channel);
    return lines.length;
  };
  const consumer = new OutboxConsumer({
    redis: blocking,
    commands: redis,
    keys,
    consumer: consumerName,
    maxAttempts: settings.outbox.maxAttempts,
    deliver,
    trail: createDeliveryTrail(keys, settings.trail),
    network: settings.network,
    confirm: (session) => fence.fence(session),
    targetKey: (target) => ircLower(target, irc.casemapping),
    // Checked again after the wait, right before the reads: a replica that slept through
    // losing its lease must not take entries into its pending list.
    waitUntilReady: async () => {
      lease.check();
      if (!irc.ready) await new Promise<void>((resolve) => irc.once("ready", () => resolve()));
      lease.check();
      return irc.session;
    },
    guard: async () => lease.check(),
    acknowledge: fencedAcknowledge(redis, keys, lease),
    // A read blocked in Redis is answered before the lease can expire there, so whatever it
    // hands this replica is in the pending list before a new holder takes that list over.
    blockMs: Math.min(5_000, lease.marginMs),
    logger,
    onRetry: () => metrics.sendRetried(),
    onDeadLetter: () => metrics.deadLettered(),
    onResend: () => metrics.resent(),
    summariseAfter: settings.outbox.summariseAfter,
    onSummarised: (count) => metrics.summarised(count),
    onRejected: (rejection) => {
      metrics.rejected(rejection.code, rejection.name);
      lastFailure = { ...rejection, at: Date.now() };
    },
  });
  lease.on("acquired", (token) => metrics.setLease(true, token));
  lease.on("lost", (reason) => {
    metrics.setLease(false, lease.token);
    void consumer.close();
    deps.onLeaseLost?.(reason);
  });

  const webhooks = new WebhooksCommand({
    redis,
    keys,
    bus,
    operators: settings.operators,
    irc,
    activeBot: () => `${consumerName} (lease token ${lease.token ?? "?"})`,
    say: (target, text) => sender.sendAll(chatLines("msg", target, text)),
    act: (target, text) => sender.sendAll(chatLines("me", target, text)),
    lastFailure: () => lastFailure,
    logger,
  });
  irc.on("message", (message) => {
    webhooks.handle(message).catch((error: unknown) => {
      logger.warn({ err: error instanceof Error ? error.message : String(error), nick: message.nick }, "webhooks command failed");
    });
  });
  let ircWasUp = false;
  irc.on("registered", () => {
    if (ircWasUp) metrics.reconnected("irc");
    ircWasUp = true;
    metrics.setIrcConnected(true);
  });
  irc.on("disconnected", () => metrics.setIrcConnected(false));
  let redisWasUp = false;
  redis.on("ready", () => {
    if (redisWasUp) metrics.reconnected("redis");
    redisWasUp = true;
  });
  const publishState = () => void state.publish();
  for (const event of ["registered", "disconnected", "joined", "parted", "kicked", "nick", "loggedIn", "loginFailed"] as const) irc.on(event, publishState);
  irc.on("loginFailed", (method) => metrics.loginFailed(method));

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
      fence.start();
      irc.start();
    },
    stop() {
      stopped ??= (async () => {
        lease.close();
        await consumer.close(); // before the sender: the last batch's fence must still go out
        await sender.close();
        fence.stop();
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
