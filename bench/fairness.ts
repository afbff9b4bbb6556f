import { createLogger, encodeOutboxCommand, loadSettings, OUTBOX_FIELD, type Redis } from "@helga/shared";
import { createBot } from "../bot/src/create-bot.js";
import { waitUntil } from "../test/harness/index.js";
import { PrivmsgClock } from "./privmsg-clock.js";

export interface FairnessResult {
  readonly burst: number;
  readonly secondsPerLine: number;
  /** From queueing the lone line to a quiet channel to it reaching an observer there. */
  readonly waitedMs: number;
  /** Burst lines that reached their channel before it. */
  readonly burstLinesBefore: number;
}

export interface FairnessOptions {
  readonly redisUrl: string;
  /** A connection to that Redis for the bench's own writes. */
  readonly redis: Redis;
  readonly ircd: { readonly host: string; readonly port: number };
  readonly burst?: number;
  /** Flood control on: RATE_LIMIT for this run (fast, so a FIFO's wait stays short enough to measure). */
  readonly secondsPerLine?: number;
}

const BURSTY = "#fair-burst";
const QUIET = "#fair-quiet";

/**
 * The time a lone line to a quiet channel waits behind a burst to another channel, with flood
 * control on: the bot in this process (createBot, so the same module measures older code
 * too), `burst` commands queued to one channel, then one to another; stops as soon as the
 * lone line arrives.
 */
export async function measureFairness({ redisUrl, redis, ircd, burst = 300, secondsPerLine = 0.05 }: FairnessOptions): Promise<FairnessResult> {
  const prefix = `fair-bench-${process.pid}`;
  const settings = loadSettings({
    NICK: "fairbot",
    CHANNELS: `${BURSTY},${QUIET}`,
    SERVER_HOST: ircd.host,
    SERVER_PORT: String(ircd.port),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    RATE_LIMIT: String(secondsPerLine),
  });
  const bot = createBot(settings, { logger: createLogger("fair-bench", "silent") });
  const [bursty, quiet] = [new PrivmsgClock("fairburst", BURSTY), new PrivmsgClock("fairquiet", QUIET)];
  await Promise.all([bursty.connect(ircd.host, ircd.port), quiet.connect(ircd.host, ircd.port)]);
  const outbox = bot.keys.outbox;
  const command = (target: string, text: string) => encodeOutboxCommand({ op: "msg", target, text, requestId: text, queuedAt: Date.now() });
  try {
    await bot.start();
    await waitUntil("the bench bot in both channels", () => bot.irc.channels.length >= 2, 20_000, 5);
    const pipeline = redis.pipeline();
    for (let i = 0; i < burst; i++) pipeline.xadd(outbox, "*", OUTBOX_FIELD, command(BURSTY, `burst ${i}`));
    await pipeline.exec();
    await waitUntil("the burst under way", () => bursty.arrivals.size > 0, 20_000, 1);
    const queuedAt = performance.now();
    await redis.xadd(outbox, "*", OUTBOX_FIELD, command(QUIET, "the lone line"));
    const arrived = await waitUntil("the lone line", () => quiet.arrivals.get("the lone line"), burst * secondsPerLine * 1000 + 30_000, 1);
    return { burst, secondsPerLine, waitedMs: arrived - queuedAt, burstLinesBefore: [...bursty.arrivals.values()].filter((at) => at < arrived).length };
  } finally {
    await bot.stop();
    bursty.close();
    quiet.close();
    await redis.del(outbox);
  }
}
