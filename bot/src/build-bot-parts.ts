import { createRedis, liveGateways, readOutboxBacklog, redisKeys, type Redis, type RedisKeys, type Settings } from "@helga/shared";
import type { BotDeps } from "./bot-deps.js";
import { ControlBus } from "./control/control-bus.js";
import { systemClock, type Clock } from "./flood/clock.js";
import { FloodSender } from "./flood/flood-sender.js";
import { IrcConnection } from "./irc/irc-connection.js";
import { keepIdentity } from "./irc/registration/keep-identity.js";
import { EchoConfirmation } from "./irc/confirmation/echo-confirmation.js";
import { PingFence } from "./irc/confirmation/ping-fence.js";
import { redisStsStore } from "./irc/transport/redis-sts-store.js";
import { StsPolicies } from "./irc/transport/sts-policies.js";
import { ServerList } from "./irc/reconnect/server-list.js";
import { BotLease } from "./lease/bot-lease.js";
import { fenceSocket } from "./lease/fence-socket.js";
import { createBotMetrics, type BotMetrics } from "./metrics/bot-metrics.js";
import { BotStatePublisher } from "./state/bot-state-publisher.js";

/** The bot's parts before the outbox consumer: connections, lease, IRC, flood control, fence. */
export interface BotParts {
  readonly keys: RedisKeys;
  readonly consumerName: string;
  /** The shared, non-blocking connection. */
  readonly redis: Redis;
  /** The outbox's blocking reads, on a connection of their own. */
  readonly blocking: Redis;
  readonly subscriber: Redis;
  readonly lease: BotLease;
  readonly servers: ServerList;
  readonly irc: IrcConnection;
  /** Stops keeping the nick and identity (keepIdentity's undo). */
  readonly stopIdentity: () => void;
  readonly metrics: BotMetrics;
  readonly sender: FloodSender;
  readonly fence: PingFence;
  /** Confirms lines by their echo where the server offers echo-message + labeled-response, else by the fence. */
  readonly echo: EchoConfirmation;
  /** STS policies learnt from servers, kept in Redis. */
  readonly sts: StsPolicies;
  readonly bus: ControlBus;
  readonly state: BotStatePublisher;
}

/** Builds the parts; nothing connects until the bot starts. */
/** `unconfirmed` reads the outbox consumer's count, which is built from these parts afterwards. */
export function buildBotParts(settings: Settings, deps: BotDeps, unconfirmed: () => number): BotParts {
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
  const sts = new StsPolicies({ store: redisStsStore(redis, keys), logger });
  const irc = new IrcConnection({
    settings,
    logger,
    servers,
    sts,
    pingTimeoutSeconds: settings.irc.pingTimeoutSeconds,
    ...(deps.createIrcClient ? { createClient: deps.createIrcClient } : {}),
    ...deps.irc,
  });
  const stopIdentity = keepIdentity(irc, settings, logger);
  const metrics = createBotMetrics({
    backlog: () => readOutboxBacklog(redis, keys),
    liveGateways: async () => (await liveGateways(redis, keys)).length,
    unconfirmed,
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
  // And at the socket itself, for what leaves it later (a corked batch, a full buffer draining).
  irc.on("socket", (socket) => fenceSocket(socket, () => lease.held));
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
  // Where the server offers echo-message + labeled-response, each line is confirmed by its echo; elsewhere by the fence.
  const echo = new EchoConfirmation({
    irc,
    fence,
    timeoutMs: settings.irc.pingTimeoutSeconds * 1000,
    onConfirmed: (by, lines) => metrics.linesConfirmed(by, lines),
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
  return { keys, consumerName, redis, blocking, subscriber, lease, servers, irc, stopIdentity, metrics, sender, fence, echo, sts, bus, state };
}
