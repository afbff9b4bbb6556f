/**
 * The services' memory budget, side by side with other builds in one run:
 * `node --import tsx bench/memory-budget.ts [other built checkout …]` (e.g. the previous build,
 * `git archive <commit> | tar -x -C /tmp/prev` then built there). For each build in turn, round
 * after round (each round starts with the next build): the bot and a gateway start with the
 * runtime flags, deliver one message (idle), then take the closed-loop load (autocannon, 20
 * connections); figures after a full GC (bench/heap-probe.mjs) idle and halfway through the load,
 * RSS peaks sampled every 200 ms. Medians over the rounds. BUDGET_ROUNDS (2), BUDGET_SECONDS (10),
 * BUDGET_WEBHOOK (ts: the bench route as a user's TypeScript file, so tsx loads; js: in JavaScript,
 * the loader-free setup of the built-in webhooks), BENCH_NODE (another node binary for the services).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { waitUntil } from "../test/harness/index.js";
import { ROOT, startBenchStack, type BenchService, type BenchStack } from "./bench-stack.js";
import { HEAP_PROBE_FLAGS, heapSample, type HeapSample } from "./heap-samples.js";
import { median } from "./interleaved-rounds.js";
import { runLoad } from "./load.js";
import { PrivmsgClock } from "./privmsg-clock.js";
import { num } from "./report.js";
import { PeakRss } from "./rss.js";

const ROUNDS = Number(process.env.BUDGET_ROUNDS ?? 2);
const SECONDS = Number(process.env.BUDGET_SECONDS ?? 10);
const BODY = JSON.stringify({ text: "benchmark message" });

type Kind = "gateway" | "bot";
interface Measured {
  readonly idle: HeapSample;
  readonly load: HeapSample;
  readonly peakRss: number;
  readonly requestsPerSecond: number;
}

/** One build's bot and gateway: idle, then under the closed loop. */
async function measureBuild(stack: BenchStack, clock: PrivmsgClock, root: string): Promise<Record<Kind, Measured>> {
  const started: BenchService[] = [];
  try {
    const bot = await stack.startService("bot", { nodeFlags: HEAP_PROBE_FLAGS, root });
    started.push(bot);
    const gateway = await stack.startService("gateway", { nodeFlags: HEAP_PROBE_FLAGS, root });
    started.push(gateway);
    const url = `http://127.0.0.1:${gateway.port}/say/bench-load`;
    const before = clock.deliveredBy("helgabench").count;
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: BODY });
    await waitUntil("one delivery", () => clock.deliveredBy("helgabench").count > before, 15_000);
    await sleep(2_000);
    const idle = { gateway: await heapSample(gateway.process), bot: await heapSample(bot.process) };
    const peaks = new PeakRss([gateway.pid, bot.pid]);
    const halfway = sleep((SECONDS * 1000) / 2).then(async () => ({ gateway: await heapSample(gateway.process), bot: await heapSample(bot.process) }));
    const [result, load] = await Promise.all([runLoad({ url, seconds: SECONDS, connections: 20, body: BODY }), halfway]);
    const peak = peaks.stop();
    await stack.outboxDrained();
    const measured = (kind: Kind, service: BenchService): Measured => ({ idle: idle[kind], load: load[kind], peakRss: peak.get(service.pid) ?? Number.NaN, requestsPerSecond: result.requestsPerSecond });
    return { gateway: measured("gateway", gateway), bot: measured("bot", bot) };
  } finally {
    // Gently: the bot gives its lease back, so the next build's bot need not wait for it to expire.
    for (const service of started.reverse()) await service.process.stop("SIGTERM");
  }
}

const builds = [ROOT, ...process.argv.slice(2)];
const label = (root: string) => (root === ROOT ? "this build" : root);
const stack = await startBenchStack({ webhook: process.env.BUDGET_WEBHOOK === "js" ? "js" : "ts", ...(process.env.BENCH_NODE ? { serviceNode: process.env.BENCH_NODE } : {}) });
try {
  const clock = new PrivmsgClock("benchwatch", "#bench", ["#bench-load"]);
  await clock.connect(stack.ircd.host, stack.ircd.port);
  stack.onStop(async () => clock.close());
  const runs = new Map(builds.map((root) => [root, [] as Array<Record<Kind, Measured>>]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < builds.length; i++) {
      const root = builds[(round + i) % builds.length]!;
      const measured = await measureBuild(stack, clock, root);
      runs.get(root)!.push(measured);
      process.stdout.write(`round ${round + 1} ${label(root)}: ${measured.gateway.requestsPerSecond.toFixed(0)} req/s; gateway RSS idle ${num(measured.gateway.idle.rss, 1)}, peak ${num(measured.gateway.peakRss, 1)} MiB; bot RSS idle ${num(measured.bot.idle.rss, 1)}, peak ${num(measured.bot.peakRss, 1)} MiB\n`);
    }
  }
  const mid = (root: string, kind: Kind, pick: (m: Measured) => number) => num(median(runs.get(root)!.map((run) => pick(run[kind]))), 1);
  /** Each row: a figure, or an idle / under-load pair. */
  const rows: Array<[string, (m: Measured) => number, ((m: Measured) => number)?]> = [
    ["RSS idle", (m) => m.idle.rss],
    ["RSS under load (peak)", (m) => m.peakRss],
    ["anonymous RSS idle / halfway through the load", (m) => m.idle.anon, (m) => m.load.anon],
    ["V8 heap used idle / under load (after GC)", (m) => m.idle.heapUsed, (m) => m.load.heapUsed],
    ["V8 heap total idle / under load", (m) => m.idle.heapTotal, (m) => m.load.heapTotal],
    ["code space used idle / under load", (m) => m.idle.code, (m) => m.load.code],
    ["young generation (new space) idle / under load", (m) => m.idle.young, (m) => m.load.young],
    ["external idle / under load", (m) => m.idle.external, (m) => m.load.external],
    ["array buffers idle / under load", (m) => m.idle.arrayBuffers, (m) => m.load.arrayBuffers],
  ];
  process.stdout.write(`\nMedians over ${ROUNDS} rounds, MiB (closed loop: 20 connections, ${SECONDS} s; ${builds.map((root) => `${label(root)} ${num(median(runs.get(root)!.map((r) => r.gateway.requestsPerSecond)))} req/s`).join(", ")}):\n\n`);
  process.stdout.write(`| figure | ${builds.flatMap((root) => [`gateway, ${label(root)}`, `bot, ${label(root)}`]).join(" | ")} |\n`);
  process.stdout.write(`| --- | ${builds.flatMap(() => ["---", "---"]).join(" | ")} |\n`);
  for (const [name, pick, pair] of rows) {
    const cell = (root: string, kind: Kind) => (pair ? `${mid(root, kind, pick)} / ${mid(root, kind, pair)}` : mid(root, kind, pick));
    process.stdout.write(`| ${name} | ${builds.flatMap((root) => [cell(root, "gateway"), cell(root, "bot")]).join(" | ")} |\n`);
  }
} finally {
  await stack.stop();
}
