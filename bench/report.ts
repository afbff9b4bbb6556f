import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { LoadResult } from "./load.js";
import type { Machine } from "./machine.js";
import type { DeliveryResult } from "./paced-delivery.js";
import type { ProfileSummary } from "./summarise-profile.js";

/** CPU seconds each process used during one load run. */
export type CpuSplit = Readonly<Record<string, number>>;

export interface BenchFigures {
  readonly machine: Machine;
  /** 1-minute load average when the run began: other work on the machine skews every figure. */
  readonly loadAtStart: number;
  readonly settings: { readonly seconds: number; readonly connections: number; readonly rate: number };
  readonly bare: LoadResult;
  readonly gateway: LoadResult;
  /** (a′) the same gateway load with the bot paused. */
  readonly gatewayAlone: LoadResult;
  readonly cpu: { readonly bare: CpuSplit; readonly gateway: CpuSplit; readonly gatewayAlone: CpuSplit; readonly delivery: CpuSplit };
  readonly delivery: DeliveryResult;
  /** MiB; "load" is the peak sampled during (a) and (b). */
  readonly rss: { readonly gatewayIdle: number; readonly botIdle: number; readonly gatewayLoad: number; readonly botLoad: number };
  /** (c′) a gateway started with smaller V8 heap limits. */
  readonly smallHeap: { readonly flags: string; readonly idle: number; readonly load: number; readonly result: LoadResult };
  /** How long the bot took to send what (a) queued faster than it could send. */
  readonly drain: { readonly queued: number; readonly seconds: number };
  readonly twoGateways: LoadResult;
  readonly profile: ProfileSummary | undefined;
  readonly elapsedSeconds: number;
}

export const TARGETS = { ratio: 0.8, p99Ms: 10, rssMiB: 100 } as const;

/** Hand-written analysis below this line survives a rerun. */
const NOTES_MARK = "<!-- notes: kept by npm run bench -->";

const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "lost");
const ms = (value: number) => num(value, value < 10 ? 2 : 1);
const verdict = (met: boolean) => (met ? "**met**" : "**missed**");
const cpuText = (split: CpuSplit) => Object.entries(split).map(([name, seconds]) => `${name} ${num(seconds, 1)}`).join(", ");

/** The figures as a markdown table (printed as is, and written into BENCHMARKS.md). */
export function figuresTable(f: BenchFigures): string {
  const ratio = f.gateway.requestsPerSecond / f.bare.requestsPerSecond;
  const scale = f.twoGateways.requestsPerSecond / f.gateway.requestsPerSecond;
  const rows: string[][] = [
    ["(a) bare express 5 handler", `${num(f.bare.requestsPerSecond)} req/s`, `p50 ${ms(f.bare.p50Ms)} ms, p99 ${ms(f.bare.p99Ms)} ms`, `${f.bare.failures} failures`],
    ["(a) gateway route → client.msg", `${num(f.gateway.requestsPerSecond)} req/s`, `p50 ${ms(f.gateway.p50Ms)} ms, p99 ${ms(f.gateway.p99Ms)} ms`, `${f.gateway.failures} failures`],
    ["(a) ratio gateway / bare", num(ratio, 2), `target ≥ ${TARGETS.ratio}`, verdict(ratio >= TARGETS.ratio)],
    ["(a′) gateway, bot paused", `${num(f.gatewayAlone.requestsPerSecond)} req/s`, `p50 ${ms(f.gatewayAlone.p50Ms)} ms, p99 ${ms(f.gatewayAlone.p99Ms)} ms`, `ratio ${num(f.gatewayAlone.requestsPerSecond / f.bare.requestsPerSecond, 2)}`],
    [`(b) HTTP → PRIVMSG at ${f.delivery.rate} req/s`, `${f.delivery.delivered}/${f.delivery.sent} delivered`, `p50 ${ms(f.delivery.p50Ms)} ms, p99 ${ms(f.delivery.p99Ms)} ms, max ${ms(f.delivery.maxMs)} ms`, `target p99 < ${TARGETS.p99Ms} ms: ${verdict(f.delivery.p99Ms < TARGETS.p99Ms)}`],
    ["(b) of which HTTP (request → 200)", "", `p50 ${ms(f.delivery.httpP50Ms)} ms, p99 ${ms(f.delivery.httpP99Ms)} ms`, ""],
    ["(c) gateway RSS idle / under load", `${num(f.rss.gatewayIdle, 1)} / ${num(f.rss.gatewayLoad, 1)} MiB`, `target < ${TARGETS.rssMiB} MiB under load`, verdict(f.rss.gatewayLoad < TARGETS.rssMiB)],
    ["(c) bot RSS idle / under load", `${num(f.rss.botIdle, 1)} / ${num(f.rss.botLoad, 1)} MiB`, "", ""],
    [`(c′) gateway with \`${f.smallHeap.flags}\``, `${num(f.smallHeap.idle, 1)} / ${num(f.smallHeap.load, 1)} MiB`, `${num(f.smallHeap.result.requestsPerSecond)} req/s, p99 ${ms(f.smallHeap.result.p99Ms)} ms`, verdict(f.smallHeap.load < TARGETS.rssMiB)],
    ["(d) one gateway", `${num(f.gateway.requestsPerSecond)} req/s`, `p99 ${ms(f.gateway.p99Ms)} ms`, "= (a)"],
    ["(d) two gateways", `${num(f.twoGateways.requestsPerSecond)} req/s`, `p99 ${ms(f.twoGateways.p99Ms)} ms`, `×${num(scale, 2)} of one`],
    ["bot backlog left by (a)", `${f.drain.queued} queued`, `sent in ${num(f.drain.seconds, 1)} s after the load stopped`, f.drain.queued === 0 ? "kept up" : "fell behind"],
  ];
  const header = ["measure", "figure", "detail", "verdict"];
  const table = [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
  return [
    table,
    "",
    `CPU seconds used during each ${f.settings.seconds} s run (the machine has ${f.machine.cores} cores, so ${f.machine.cores * f.settings.seconds} is everything):`,
    `- (a) bare express: ${cpuText(f.cpu.bare)}`,
    `- (a) gateway: ${cpuText(f.cpu.gateway)}`,
    `- (a′) gateway, bot paused: ${cpuText(f.cpu.gatewayAlone)}`,
    `- (b) at ${f.settings.rate} req/s: ${cpuText(f.cpu.delivery)}`,
    "",
    "\"others\" is CPU time of processes outside the benchmark that ran meanwhile (the machine is shared).",
  ].join("\n");
}

function profileSection(profile: ProfileSummary | undefined): string {
  if (!profile) return "No target missed in this run, so no profile was taken (`npm run bench -- --profile` takes one anyway).";
  return [
    `A fresh gateway ran under the same load with \`node --cpu-prof\`; it was idle ${profile.idlePercent}% of the time.`,
    "Busy time spent in each step of a request, callees included (steps nest, so the shares overlap):",
    "",
    "| step | share of busy time |",
    "| --- | --- |",
    ...profile.steps.map(([step, percent]) => `| ${step} | ${percent}% |`),
    "",
    "Busy time by where the running code lives (self time):",
    "",
    "| area | share of busy time |",
    "| --- | --- |",
    ...profile.areas.map(([area, percent]) => `| ${area} | ${percent}% |`),
    "",
    "Functions with the most self time:",
    "",
    "| function | share |",
    "| --- | --- |",
    ...profile.functions.map(([name, percent]) => `| \`${name.replaceAll("|", "\\|")}\` | ${percent}% |`),
  ].join("\n");
}

/** Writes BENCHMARKS.md (keeping the notes after NOTES_MARK) and returns the table. */
export function writeReport(path: string, f: BenchFigures): string {
  const previous = existsSync(path) ? readFileSync(path, "utf8") : "";
  const at = previous.indexOf(NOTES_MARK);
  const notes = at >= 0 ? previous.slice(at + NOTES_MARK.length).trim() : "## Notes\n\n(Analysis goes here; it survives reruns.)";
  const table = figuresTable(f);
  const m = f.machine;
  writeFileSync(path, [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (bench/run-bench.ts); rerun it to refresh the figures. Everything runs on",
    "loopback in one run: a real redis-server (AOF, fsync every second as in docker-compose.yml),",
    "InspIRCd with a connect class without fakelag, the bot with flood control off (RATE_LIMIT=0),",
    "the gateway(s) at LOG_LEVEL=info, and a bare express 5 app, each in its own process.",
    "",
    `Last run: ${new Date().toISOString()}, took ${num(f.elapsedSeconds)} s.`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, Linux ${m.kernel}.`,
    `Load average when the run began: ${num(f.loadAtStart, 2)} (other work on the machine shares the cores and skews every figure).`,
    "",
    "## Method",
    "",
    `- (a) autocannon, ${f.settings.connections} connections, ${f.settings.seconds} s each after a warm-up, POST \`/say/bench-load\` with a small JSON body:`,
    "  the gateway's route awaits `client.msg` (an XADD to Redis) while the bot drains to IRC; the bare express app",
    "  parses the same JSON body and answers the same text, nothing else.",
    `- (b) open loop at a fixed ${f.settings.rate} req/s for ${f.settings.seconds} s; each message is timed from writing the request to the`,
    "  PRIVMSG reaching a separate IRC connection in the channel. A lost message counts as infinitely late.",
    "- (a′) the gateway run of (a) again with the bot stopped (SIGSTOP), so only the gateway, Redis and the load generator",
    "  compete for the cores; the bot then sends the backlog.",
    "- (c) VmRSS from /proc/<pid>/status: idle after start-up, and the peak sampled every 200 ms during (a) and (b).",
    "  (c′) a fresh gateway started with smaller V8 heap limits, under the load of (a).",
    `- (d) the same closed-loop load split over two gateway processes (${f.settings.connections / 2} connections each), summed.`,
    "  The load generator and all servers share the machine's cores.",
    "",
    "## Figures",
    "",
    table,
    "",
    "## Targets",
    "",
    `- (a) ≥ ${TARGETS.ratio} of bare express: ${verdict(f.gateway.requestsPerSecond / f.bare.requestsPerSecond >= TARGETS.ratio)} (${num(f.gateway.requestsPerSecond / f.bare.requestsPerSecond, 2)}).`,
    `- (b) p99 < ${TARGETS.p99Ms} ms at ${f.settings.rate} req/s: ${verdict(f.delivery.p99Ms < TARGETS.p99Ms)} (${ms(f.delivery.p99Ms)} ms).`,
    `- gateway RSS < ${TARGETS.rssMiB} MiB under load: ${verdict(f.rss.gatewayLoad < TARGETS.rssMiB)} (${num(f.rss.gatewayLoad, 1)} MiB).`,
    "",
    "## Gateway CPU profile",
    "",
    profileSection(f.profile),
    "",
    NOTES_MARK,
    "",
    notes,
    "",
  ].join("\n"));
  return table;
}
