import { createLogger, createRedis, encodeOutboxCommand, loadSettings, OUTBOX_FIELD, redisKeys } from "@helga/shared";
import { FloodSender } from "../bot/src/flood/flood-sender.js";
import { IrcConnection } from "../bot/src/irc/irc-connection.js";
import { PingFence } from "../bot/src/irc/confirmation/ping-fence.js";
import { commandLines } from "../bot/src/lines/command-lines.js";
import { OutboxConsumer } from "../bot/src/outbox/outbox-consumer.js";
import { waitUntil } from "../test/harness/index.js";
import { percentile } from "./percentile.js";
import { PrivmsgClock } from "./privmsg-clock.js";

export interface FenceCost {
  /** "fenced": acked once the server's PONG confirms (the bot as it runs); "unfenced": acked once written (before issue 13). */
  readonly mode: "fenced" | "unfenced";
  /** A standing backlog drained, first entry read to last one acknowledged. */
  readonly entriesPerSecond: number;
  /** Open-loop XADDs at `rate`/s: time to the PRIVMSG at an observer. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The most commands written ahead of their fences while the backlog drained (sampled every millisecond). */
  readonly peakUnconfirmed: number;
}

export interface FenceCostOptions {
  readonly redisUrl: string;
  /** An IRC server without fakelag (InspIRCd "unlimited"), so the bot is what is measured. */
  readonly ircd: { readonly host: string; readonly port: number };
  readonly backlog?: number;
  readonly rate?: number;
  readonly seconds?: number;
  /** The consumer's bound on unconfirmed commands (MAX_UNCONFIRMED); unset, the setting's default. */
  readonly maxUnconfirmed?: number;
}

/**
 * What confirming with PING fences costs: the bot's own consumer, sender and connection in
 * this process, with no flood control, once acking after the server's PONG and once after
 * the write, on the same Redis and IRC server.
 */
export async function measureFenceCost(options: FenceCostOptions): Promise<FenceCost[]> {
  const results: FenceCost[] = [];
  for (const mode of ["unfenced", "fenced"] as const) results.push(await measureFence(mode, options));
  return results;
}

/** One mode's figures; `bench/max-unconfirmed.ts` runs the fenced one for several MAX_UNCONFIRMED side by side. */
export async function measureFence(mode: FenceCost["mode"], { redisUrl, ircd, backlog = 5_000, rate = 1_000, seconds = 3, maxUnconfirmed }: FenceCostOptions): Promise<FenceCost> {
  const channel = `#fence-${mode}`;
  const keys = redisKeys(`fence-bench-${mode}-${process.pid}`);
  const logger = createLogger("fence-bench", "silent");
  const settings = loadSettings({ NICK: `fb${mode}`, CHANNELS: channel, SERVER_HOST: ircd.host, SERVER_PORT: String(ircd.port), REDIS_URL: redisUrl, RATE_LIMIT: "0" });
  const [blocking, commands] = [createRedis(redisUrl, { name: "fence-bench", logger }), createRedis(redisUrl, { name: "fence-bench-acks", logger })];
  await Promise.all([blocking.connect(), commands.connect()]);
  const irc = new IrcConnection({ settings, logger });
  const sender = new FloodSender((line, session) => irc.writeLine(line, session), settings.flood);
  const fence = new PingFence({ irc, send: (line, session) => sender.send(line, session), timeoutMs: 20_000, keepaliveMs: 10_000 });
  const consumer = new OutboxConsumer({
    redis: blocking,
    commands,
    keys,
    consumer: "bench",
    maxAttempts: 5,
    maxUnconfirmed: maxUnconfirmed ?? settings.outbox.maxUnconfirmed,
    logger,
    waitUntilReady: () => (irc.ready ? Promise.resolve(irc.session) : new Promise((resolve) => irc.once("ready", () => resolve(irc.session)))),
    deliver: async (command, _id, session) => {
      const lines = commandLines(command);
      await sender.sendAll(lines, session);
      return lines.length;
    },
    confirm: async (session) => {
      if (mode === "fenced") await fence.fence(session);
      return [];
    },
  });
  const clock = new PrivmsgClock(`fw${mode}`, channel);
  await clock.connect(ircd.host, ircd.port);
  const append = (text: string) => commands.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand({ op: "msg", target: channel, text, requestId: text, queuedAt: Date.now() }));
  try {
    const pipeline = commands.pipeline();
    for (let i = 0; i < backlog; i++) pipeline.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand({ op: "msg", target: channel, text: `drain ${i}`, requestId: `d${i}`, queuedAt: Date.now() }));
    await pipeline.exec();
    irc.start();
    await waitUntil(`${mode} bot registered`, () => irc.ready, 20_000, 5);
    fence.start();
    let peakUnconfirmed = 0;
    const sampler = setInterval(() => (peakUnconfirmed = Math.max(peakUnconfirmed, consumer.unconfirmed)), 1);
    const started = performance.now();
    await consumer.start();
    await waitUntil(`${mode}: the backlog acknowledged`, async () => (await commands.xlen(keys.outbox)) === 0, 120_000, 5);
    const entriesPerSecond = backlog / ((performance.now() - started) / 1000);
    clearInterval(sampler);

    const sentAt = new Map<string, number>();
    const total = rate * seconds;
    const begin = performance.now();
    for (let i = 0; i < total; i++) {
      const due = begin + (i / rate) * 1000;
      while (performance.now() < due) await new Promise((resolve) => setImmediate(resolve));
      sentAt.set(`paced ${i}`, performance.now());
      void append(`paced ${i}`);
    }
    await waitUntil(`${mode}: the paced messages`, () => [...sentAt.keys()].every((text) => clock.arrivals.has(text)), 30_000, 5).catch(() => undefined);
    const latencies = [...sentAt].map(([text, at]) => (clock.arrivals.get(text) ?? Number.POSITIVE_INFINITY) - at);
    return { mode, entriesPerSecond, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), peakUnconfirmed };
  } finally {
    await consumer.close();
    await sender.close();
    fence.stop();
    await irc.quit("bench done");
    clock.close();
    await commands.del(keys.outbox);
    commands.disconnect();
  }
}
