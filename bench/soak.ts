/**
 * `npm run bench:soak -- --minutes 10 --rate 1000`: the whole pipeline (gateway → Redis → bot →
 * InspIRCd, RATE_LIMIT=0) under open-loop load for N minutes, sampling each service's RSS and
 * heap after a full GC (bench/heap-probe.mjs) every --sample seconds, and counting deliveries at
 * a separate IRC connection. The target: heap after full GC at the end within 10 % of its value
 * after minute 1, for both services.
 *
 * --snapshots writes a heap snapshot of each service after minute 1 and at the end (into a temp
 * folder, named in the output); `node --import tsx bench/heap-diff.ts before after` compares them.
 * --root <folder> runs both services from another built checkout (e.g. the previous build).
 * RSS in a --snapshots run is not comparable: writing a snapshot inflates it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { waitUntil } from "../test/harness/index.js";
import { startBenchStack, type BenchService } from "./bench-stack.js";
import { HEAP_PROBE_FLAGS, heapSample, trimOutput, type HeapSample } from "./heap-samples.js";
import { openLoop } from "./open-loop.js";
import { PrivmsgClock } from "./privmsg-clock.js";
import { num } from "./report.js";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    rate: { type: "string", default: "1000" },
    sample: { type: "string", default: "30" },
    snapshots: { type: "boolean", default: false },
    root: { type: "string" },
  },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const SAMPLE_SECONDS = Number(args.sample);
const TOLERANCE = 0.1;
const say = (text: string) => process.stdout.write(`${text}\n`);

const snapshotDir = args.snapshots ? mkdtempSync(join(tmpdir(), "helga-soak-snapshots-")) : undefined;
const stack = await startBenchStack();
try {
  const clock = new PrivmsgClock("benchwatch", "#bench", ["#bench-load"]);
  await clock.connect(stack.ircd.host, stack.ircd.port);
  stack.onStop(async () => clock.close());
  const options = {
    nodeFlags: HEAP_PROBE_FLAGS,
    ...(args.root ? { root: args.root } : {}),
    // A snapshot stops a service for seconds: a long lease keeps the bot from giving up its term meanwhile.
    env: snapshotDir ? { HEAP_PROBE_SNAPSHOT_DIR: snapshotDir, BOT_LEASE_MS: "600000" } : {},
  };
  const services: Record<"gateway" | "bot", BenchService> = { bot: await stack.startService("bot", options), gateway: await stack.startService("gateway", options) };
  const url = `http://127.0.0.1:${services.gateway.port}/say/bench-load`;
  // Idle: after start and one delivery.
  await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "first" }) });
  await waitUntil("the first delivery", () => clock.deliveredBy("helgabench").count >= 1, 10_000);
  const idle = { gateway: await heapSample(services.gateway.process), bot: await heapSample(services.bot.process) };
  say(`idle after one delivery: ${line("gateway", idle.gateway)}; ${line("bot", idle.bot)}`);
  say(`open loop at ${RATE} webhooks/s for ${MINUTES} min, a sample after full GC every ${SAMPLE_SECONDS} s (and at minute 1)…`);

  const load = openLoop({ url, rate: RATE, body: JSON.stringify({ text: "soak message" }) });
  const began = performance.now();
  const samples: Array<{ second: number; sent: number; delivered: number; gateway: HeapSample; bot: HeapSample }> = [];
  let minuteOne: (typeof samples)[number] | undefined;
  const sampleAll = async (snapshot: boolean) => {
    for (const service of Object.values(services)) trimOutput(service.process);
    const second = Math.round((performance.now() - began) / 1000);
    const sample = {
      second,
      sent: load.counts.sent,
      delivered: clock.deliveredBy("helgabench").count - 1,
      gateway: await heapSample(services.gateway.process, snapshot ? snapshotDir : undefined),
      bot: await heapSample(services.bot.process, snapshot ? snapshotDir : undefined),
    };
    samples.push(sample);
    say(`  ${String(second).padStart(4)} s  sent ${sample.sent}, delivered ${sample.delivered}; ${line("gateway", sample.gateway)}; ${line("bot", sample.bot)}`);
    return sample;
  };
  const end = began + MINUTES * 60_000;
  let next = began + Math.min(60_000, SAMPLE_SECONDS * 1000);
  while (next <= end) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    const atMinuteOne = minuteOne === undefined && performance.now() - began >= 60_000 - 1_000;
    const sample = await sampleAll(atMinuteOne && snapshotDir !== undefined);
    if (atMinuteOne) minuteOne = sample;
    next += SAMPLE_SECONDS * 1000;
  }
  await load.stop();
  const counts = { ...load.counts };
  await stack.outboxDrained();
  await waitUntil("the last deliveries", () => clock.deliveredBy("helgabench").count - 1 >= counts.ok, 60_000).catch(() => undefined);
  const last = await sampleAll(snapshotDir !== undefined);
  const delivered = clock.deliveredBy("helgabench").count - 1;
  const seconds = MINUTES * 60;

  say("");
  say(`Soak: ${MINUTES} min open loop at ${RATE} webhooks/s. Sent ${counts.sent} (${num(counts.sent / seconds)}/s), answered 200 ${counts.ok}, failed ${counts.failures}, skipped (system behind) ${counts.skipped}; delivered ${delivered}.`);
  say("");
  say("| service | after minute 1: heap used after GC | at the end | change | target (≤ 10 %) | RSS minute 1 → end | RSS peak of samples |");
  say("| --- | --- | --- | --- | --- | --- | --- |");
  for (const name of ["gateway", "bot"] as const) {
    const first = (minuteOne ?? samples[0]!)[name];
    const change = last[name].heapUsed / first.heapUsed - 1;
    const peak = Math.max(...samples.map((s) => s[name].rss));
    say(`| ${name} | ${num(first.heapUsed, 1)} MiB | ${num(last[name].heapUsed, 1)} MiB | ${change >= 0 ? "+" : ""}${num(change * 100, 1)} % | ${Math.abs(change) <= TOLERANCE ? "**met**" : "**missed**"} | ${num(first.rss, 1)} → ${num(last[name].rss, 1)} MiB | ${num(peak, 1)} MiB |`);
  }
  if (snapshotDir) {
    const shots = (name: "gateway" | "bot") => [minuteOne?.[name].snapshot, last[name].snapshot].filter(Boolean).join(" ");
    say(`\nheap snapshots (minute 1, end) — compare with node --import tsx bench/heap-diff.ts <before> <after>:\n  gateway ${shots("gateway")}\n  bot ${shots("bot")}`);
  }
} finally {
  await stack.stop();
}

function line(name: string, s: HeapSample): string {
  return `${name} RSS ${num(s.rss, 1)} MiB, heap ${num(s.heapUsed, 1)}/${num(s.heapTotal, 1)} MiB`;
}
