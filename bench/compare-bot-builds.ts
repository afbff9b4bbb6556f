/**
 * Before/after for bot changes, robust to a busy machine: CPU time per message (the bot's own
 * counter) of several bot builds side by side in one run, each with its own outbox (REDIS_PREFIX)
 * and channel on one Redis and one InspIRCd, fed in interleaved rounds. Figures of BENCHMARKS.md's notes.
 *
 *   cp -r bot/dist bot/dist-before   # then change the code and `npm run build`
 *   node --import tsx bench/compare-bot-builds.ts dist-before dist
 *
 * Each argument is a folder under bot/ holding a build, optionally with node flags after `@`
 * (added after runtime.env's, which every bot here starts with, as on every run path).
 * COMPARE_RATE: entries per second, added steadily as gateways under load would (by default
 * the whole round is queued at once: a backlog to drain). COMPARE_MESSAGES (8000) per round,
 * COMPARE_ROUNDS (5).
 */
import { fileURLToPath } from "node:url";
import { encodeOutboxCommand, OUTBOX_FIELD, redisKeys } from "@helga/shared";
import { freePort, ManagedProcess, startRedis, waitUntil, type RedisServer } from "../test/harness/index.js";
import { startInspircd } from "../test/harness/inspircd.js";
import { cpuSeconds } from "./cpu.js";
import { median } from "./interleaved-rounds.js";
import { PeakRss } from "./rss.js";
import { runtimeEnvArg } from "./runtime-flags.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RATE = process.env.COMPARE_RATE === undefined ? undefined : Number(process.env.COMPARE_RATE);
const MESSAGES = Number(process.env.COMPARE_MESSAGES ?? 8000);
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 5);
const builds = process.argv.slice(2);
if (builds.length === 0) throw new Error("name one or more bot builds: folders under bot/, e.g. dist-before dist");

const processes: ManagedProcess[] = [];
const redis = await startRedis();
const ircd = await startInspircd({ limits: "unlimited" });
try {
  await redis.client.config("SET", "appendfsync", "everysec");
  const bots: Array<{ name: string; pid: number; outbox: string; channel: string }> = [];
  for (const [i, build] of builds.entries()) {
    const [folder = "dist", ...flags] = build.split("@");
    const channel = `#compare${i}`;
    const env = {
      PATH: process.env.PATH ?? "",
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      REDIS_URL: redis.url,
      REDIS_PREFIX: `compare${i}`,
      SERVER_HOST: ircd.host,
      SERVER_PORT: String(ircd.port),
      NICK: `comparebot${i}`,
      CHANNELS: channel,
      RATE_LIMIT: "0",
      ADMIN_PORT: String(await freePort()),
    };
    const proc = new ManagedProcess(build, process.execPath, [runtimeEnvArg(ROOT), ...flags, `bot/${folder}/main.js`], env, ROOT);
    proc.start();
    processes.push(proc);
    await waitUntil(`${build} to register`, () => proc.output.some((line) => line.includes('"msg":"irc registered"')), 30_000);
    bots.push({ name: build, pid: proc.pid!, outbox: redisKeys(`compare${i}`).outbox, channel });
  }

  const perMessage = new Map<string, number[]>();
  const peaks = new Map<string, number>();
  for (let round = -1; round < ROUNDS; round++) {
    for (let i = 0; i < bots.length; i++) {
      const bot = bots[(Math.max(round, 0) + i) % bots.length]!;
      const count = round < 0 ? 1000 : MESSAGES; // round -1 warms everyone up
      const before = cpuSeconds(bot.pid);
      const rss = new PeakRss([bot.pid]);
      await feed(redis, bot, count);
      await waitUntil(`${bot.name} to drain its outbox`, async () => (await redis.client.xlen(bot.outbox)) === 0, 120_000, 10);
      peaks.set(bot.name, Math.max(peaks.get(bot.name) ?? 0, rss.stop().get(bot.pid) ?? 0));
      if (round >= 0) perMessage.set(bot.name, [...(perMessage.get(bot.name) ?? []), ((cpuSeconds(bot.pid) - before) / count) * 1e6]);
    }
  }
  for (const [name, values] of perMessage) {
    process.stdout.write(`${name}: median ${median(values).toFixed(0)} µs CPU per message, rounds ${values.map((v) => v.toFixed(0)).join(" ")}; peak RSS ${peaks.get(name)?.toFixed(1)} MiB\n`);
  }
} finally {
  for (const proc of processes) await proc.stop("SIGKILL");
  await ircd.stop();
  await redis.stop();
}

/** XADDs `count` commands to the bot's outbox: all at once, or RATE a second in 5 ms steps. */
async function feed(server: RedisServer, bot: { outbox: string; channel: string }, count: number): Promise<void> {
  const add = async (from: number, to: number) => {
    const pipeline = server.client.pipeline();
    for (let k = from; k < to; k++) {
      const command = encodeOutboxCommand({ op: "msg", target: bot.channel, text: `message ${k}`, requestId: `compare-${k}`, queuedAt: Date.now(), webhook: "compare" });
      pipeline.xadd(bot.outbox, "*", OUTBOX_FIELD, command);
    }
    await pipeline.exec();
  };
  if (RATE === undefined) return add(0, count);
  const started = performance.now();
  for (let sent = 0; sent < count; ) {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * RATE));
    await add(sent, due);
    sent = due;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
