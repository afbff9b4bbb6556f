import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { OutboxCommand } from "@helga/shared";
import type { OutboxBacklog } from "@helga/shared";

export type Connection = "irc" | "redis";

/** The bot's Prometheus metrics, with the few calls the service makes to move them. */
export interface BotMetrics {
  /** What the admin server serves at /metrics. */
  readonly registry: Registry;
  /** A command's last line was written to IRC; `queuedAt` (epoch ms) dates its time in the outbox. */
  messageSent(op: OutboxCommand["op"], queuedAt: number, now?: number): void;
  /** A delivery failed and the command stays pending for another attempt. */
  sendRetried(): void;
  deadLettered(): void;
  /** An entry written on a connection that died before the server confirmed it was written again (it may show twice). */
  resent(): void;
  /** The IRC server refused a command (numeric `code`, short `reason` such as "banned"). */
  rejected(code: string, reason: string): void;
  /** `count` commands went out as one "… and N more" line (SUMMARISE_AFTER). */
  summarised(count: number): void;
  /** A connection stopped answering PINGs and was dropped. */
  connectionDead(): void;
  /** The IRC server confirmed `lines` outbox lines, each by its echo (echo-message) or as a batch by a PING fence. */
  linesConfirmed(by: "echo" | "ping", lines: number): void;
  /** Services refused the bot's login (SASL or NickServ). */
  loginFailed(method: "sasl" | "nickserv"): void;
  /** Flood control held a line back for `seconds`. */
  floodWaited(seconds: number): void;
  reconnected(connection: Connection): void;
  setIrcConnected(connected: boolean): void;
  /** This replica holds the lease (active) or waits (standby); `token` is its term's fencing token. */
  setLease(active: boolean, token: number | undefined): void;
}

export interface BotMetricsOptions {
  /** Read once per scrape; when it fails or is slow, the backlog gauges read NaN for that scrape. */
  readonly backlog: () => Promise<OutboxBacklog>;
  /** A Redis connection that queues while down would hold the scrape; this bounds it. */
  readonly backlogTimeoutMs?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /** Gateways with a fresh heartbeat, read once per scrape (NaN when Redis did not answer), for the "no live gateway" alert. */
  readonly liveGateways?: () => Promise<number>;
  /** Commands written to IRC whose PING fence is not answered yet (bounded by MAX_UNCONFIRMED), read per scrape. */
  readonly unconfirmed?: () => number;
}

/** From "sent at once" to "stuck behind flood control for minutes". */
const DELIVERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** A registry of its own per call, so tests can build several. */
export function createBotMetrics({ backlog, backlogTimeoutMs = 1_000, labels = {}, liveGateways, unconfirmed }: BotMetricsOptions): BotMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });

  // One Redis read per scrape, shared by the three gauges that prom-client collects together.
  let reading: Promise<OutboxBacklog | undefined> | undefined;
  const readBacklog = () => {
    reading ??= withinTime(backlog(), backlogTimeoutMs).finally(() => setImmediate(() => (reading = undefined)));
    return reading;
  };
  const backlogGauge = (name: string, help: string, pick: (backlog: OutboxBacklog) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = await readBacklog();
        this.set(value === undefined ? Number.NaN : pick(value));
      },
    });
  backlogGauge("helga_bot_outbox_depth", "IRC commands waiting in the outbox stream (NaN when Redis did not answer)", (b) => b.depth);
  backlogGauge("helga_bot_outbox_lag_seconds", "Age of the oldest command waiting in the outbox, 0 when empty", (b) => b.oldestAgeSeconds);
  backlogGauge("helga_bot_dead_letter_depth", "Commands in the dead-letter stream", (b) => b.deadLetters);
  if (liveGateways) {
    new Gauge({
      name: "helga_bot_live_gateways",
      help: "Gateways whose heartbeat is fresh, as `webhooks status` counts them (NaN when Redis did not answer)",
      registers: [registry],
      async collect() {
        this.set((await withinTime(liveGateways(), backlogTimeoutMs)) ?? Number.NaN);
      },
    });
  }

  if (unconfirmed) {
    new Gauge({
      name: "helga_bot_unconfirmed",
      help: "Commands written to IRC that the server has not yet confirmed (PING fence): what a lost connection could re-send, at most MAX_UNCONFIRMED",
      registers: [registry],
      collect() {
        this.set(unconfirmed());
      },
    });
  }

  const sent = new Counter({
    name: "helga_bot_messages_sent_total",
    help: "Outbox commands written to IRC, by op",
    labelNames: ["op"] as const,
    registers: [registry],
  });
  const delivery = new Histogram({
    name: "helga_bot_delivery_seconds",
    help: "Time from a gateway queueing a command to the bot writing its last line",
    buckets: DELIVERY_BUCKETS,
    registers: [registry],
  });
  const retries = new Counter({ name: "helga_bot_send_retries_total", help: "Deliveries that failed and will be retried", registers: [registry] });
  const deadLetters = new Counter({ name: "helga_bot_dead_lettered_total", help: "Commands moved to the dead-letter stream", registers: [registry] });
  const resent = new Counter({
    name: "helga_bot_resent_total",
    help: "Commands written again after a reconnect because the server never confirmed them: the only ones that can show twice",
    registers: [registry],
  });
  const dead = new Counter({ name: "helga_bot_irc_dead_connections_total", help: "IRC connections dropped because the server stopped answering PINGs", registers: [registry] });
  const confirmed = new Counter({
    name: "helga_bot_lines_confirmed_total",
    help: "Outbox lines the IRC server confirmed reading: by their echo (echo-message + labeled-response) or by a PING fence",
    labelNames: ["by"] as const,
    registers: [registry],
  });
  const rejections = new Counter({
    name: "helga_bot_rejections_total",
    help: "Commands the IRC server refused, by numeric and reason",
    labelNames: ["code", "reason"] as const,
    registers: [registry],
  });
  const summarised = new Counter({
    name: "helga_bot_summarised_total",
    help: "Commands not sent on their own but counted in a summary line (SUMMARISE_AFTER)",
    registers: [registry],
  });
  const floodWaits = new Counter({ name: "helga_bot_flood_waits_total", help: "Lines flood control held back", registers: [registry] });
  const floodWaitSeconds = new Counter({ name: "helga_bot_flood_wait_seconds_total", help: "Time lines spent held back by flood control", registers: [registry] });
  const reconnects = new Counter({
    name: "helga_bot_reconnects_total",
    help: "Times a connection was re-established, by connection (irc, redis)",
    labelNames: ["connection"] as const,
    registers: [registry],
  });
  const loginFailures = new Counter({
    name: "helga_bot_irc_login_failures_total",
    help: "Logins to services refused (wrong SASL or NickServ password, unknown certificate), by method",
    labelNames: ["method"] as const,
    registers: [registry],
  });
  for (const method of ["sasl", "nickserv"] as const) loginFailures.inc({ method }, 0);
  const ircConnected = new Gauge({ name: "helga_bot_irc_connected", help: "1 while registered on the IRC server", registers: [registry] });
  ircConnected.set(0);
  const active = new Gauge({
    name: "helga_bot_active",
    help: "1 on the replica that holds the bot lease (connected to IRC, consuming the outbox), 0 on a standby",
    registers: [registry],
  });
  const leaseToken = new Gauge({ name: "helga_bot_lease_token", help: "Fencing token of this replica's current or last lease term (0: never held)", registers: [registry] });
  active.set(0);
  leaseToken.set(0);
  for (const connection of ["irc", "redis"] as const) reconnects.inc({ connection }, 0);

  return {
    registry,
    messageSent(op, queuedAt, now = Date.now()) {
      sent.inc({ op });
      delivery.observe(Math.max(0, now - queuedAt) / 1000);
    },
    sendRetried: () => retries.inc(),
    deadLettered: () => deadLetters.inc(),
    resent: () => resent.inc(),
    connectionDead: () => dead.inc(),
    linesConfirmed: (by, lines) => confirmed.inc({ by }, lines),
    loginFailed: (method) => loginFailures.inc({ method }),
    rejected: (code, reason) => rejections.inc({ code, reason }),
    summarised: (count) => summarised.inc(count),
    floodWaited(seconds) {
      floodWaits.inc();
      floodWaitSeconds.inc(seconds);
    },
    reconnected: (connection) => reconnects.inc({ connection }),
    setIrcConnected: (connected) => ircConnected.set(connected ? 1 : 0),
    setLease(held, token) {
      active.set(held ? 1 : 0);
      if (token !== undefined) leaseToken.set(token);
    },
  };
}

/** The value of `work`, or undefined when it fails or takes longer than `ms`. */
async function withinTime<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
