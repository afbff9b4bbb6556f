/**
 * `npm run bench`: the whole system on loopback — real redis-server, InspIRCd without
 * fakelag, the bot, gateways, a bare express app and Hubot — measured side by side in one run.
 * Prints a table and rewrites BENCHMARKS.md (keeping its hand-written notes).
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { redisKeys } from "@helga/shared";
import { freePort, ManagedProcess, startRedis, waitUntil, type RedisServer } from "../test/harness/index.js";
import { startInspircd } from "../test/harness/inspircd.js";
import type { IrcServer } from "../test/harness/ngircd.js";
import { SAY_WEBHOOK } from "../test/integration/fixtures.js";
import { cpuDuring } from "./cpu.js";
import { measureFairness } from "./fairness.js";
import { measureFenceCost } from "./fence-cost.js";
import { installHubot, startHubot } from "./hubot.js";
import { RUNTIME_ENV_FILE, runtimeNodeOptions } from "./runtime-flags.js";
import { interleavedRounds, median, type LoadedSystem, type SystemRun } from "./interleaved-rounds.js";
import { runLoad, runLoads, type LoadResult } from "./load.js";
import { describeMachine } from "./machine.js";
import { measureDelivery } from "./paced-delivery.js";
import { PrivmsgClock } from "./privmsg-clock.js";
import { ms, num, writeReport, type Row } from "./report.js";
import { PeakRss, rssMiB, rssSplitMiB } from "./rss.js";
import { summariseProfile, type ProfileSummary } from "./summarise-profile.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const BODY = JSON.stringify({ text: "benchmark message" });
const FORCE_PROFILE = process.argv.includes("--profile");
/** Node flags for the gateway and the bot: runtime.env, as every run path starts them; BENCH_NODE_FLAGS adds others. */
const EXTRA_FLAGS = process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
const NODE_FLAGS = { gateway: [`--env-file=${join(ROOT, RUNTIME_ENV_FILE)}`, ...EXTRA_FLAGS], bot: [`--env-file=${join(ROOT, RUNTIME_ENV_FILE)}`, ...EXTRA_FLAGS] };
/** Another node binary for the services (e.g. the images' Node 22); the bench itself runs on this one. */
const SERVICE_NODE = process.env.BENCH_NODE ?? process.execPath;
const TARGETS = { vsBare: 0.8, vsHubot: 1.1, botCpuUs: 60, gatewayCpuVsBare: 1.2, p99Ms: 10, idleMiB: 70, loadMiB: 120 } as const;

export interface BenchService {
  readonly process: ManagedProcess;
  readonly port: number;
  readonly pid: number;
}

/** What a module adding rows gets: the running stack. */
export interface BenchStack {
  readonly redis: RedisServer;
  readonly ircd: IrcServer;
  readonly env: Readonly<Record<string, string>>;
  readonly startService: (kind: "gateway" | "bot", nodeFlags?: readonly string[], extraEnv?: Readonly<Record<string, string>>) => Promise<BenchService>;
  readonly gateway: BenchService;
  readonly bot: BenchService;
  readonly clock: PrivmsgClock;
  readonly seconds: number;
  readonly say: (text: string) => void;
}

/** Modules that add rows (fence cost, fairness …): each runs after the built-in rows and returns its own. Add yours here. */
const EXTRA_ROWS: ReadonlyArray<(stack: BenchStack) => Promise<Row[]>> = [fenceCostRows, fairnessRows];

/** (e) What PING fences cost (bench/fence-cost.ts). */
async function fenceCostRows({ redis, ircd, say }: BenchStack): Promise<Row[]> {
  say(`(e) the bot's consumer alone, acking after the write vs after the server's PONG (PING fences)…`);
  return (await measureFenceCost({ redisUrl: redis.url, ircd })).map((cost) => ({
    measure: `(e) bot consumer alone, ${cost.mode === "fenced" ? "acked after the PONG (as it runs)" : "acked after the write"}`,
    figure: `${Math.round(cost.entriesPerSecond)} entries/s`,
    detail: `backlog drain; 1000/s open loop: p50 ${cost.p50Ms.toFixed(1)} ms, p99 ${cost.p99Ms.toFixed(1)} ms`,
    note: "",
  }));
}

/** (f) How long a lone line to a quiet channel waits behind a burst elsewhere (bench/fairness.ts). */
async function fairnessRows({ redis, ircd, say }: BenchStack): Promise<Row[]> {
  say(`(f) fairness: a lone line to a quiet channel behind a 300-line burst to another, flood control on…`);
  const fair = await measureFairness({ redisUrl: redis.url, redis: redis.client, ircd });
  const linesTime = fair.waitedMs / 1000 / fair.secondsPerLine;
  return [
    {
      measure: `(f) lone line behind a ${fair.burst}-line burst to another channel, RATE_LIMIT ${fair.secondsPerLine}`,
      figure: `waited ${fair.waitedMs.toFixed(0)} ms (${linesTime.toFixed(1)} lines' time)`,
      detail: `${fair.burstLinesBefore} burst lines went first; the FIFO before per-target queues: 14824 ms, all 300 first`,
      target: "≤ 10 lines' time",
      met: linesTime <= 10,
    },
  ];
}

const say = (text: string) => process.stdout.write(`${text}\n`);

const began = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const webhooksPath = mkdtempSync(join(tmpdir(), "helga-bench-webhooks-"));
writeFileSync(join(webhooksPath, "bench.ts"), SAY_WEBHOOK); // the integration tests' say-route, as a user would write it
const stoppers: Array<() => Promise<void>> = [];
let redis: RedisServer | undefined;

try {
  say("installing Hubot for comparison (npm, into a temporary folder, kept between runs)…");
  const hubotInstall = await installHubot();
  if ("skipped" in hubotInstall) say(`    Hubot skipped: ${hubotInstall.skipped}`);

  redis = await startRedis();
  stoppers.push(redis.stop);
  // The compose file's durability (fsync once a second), not the tests' fsync-per-write.
  await redis.client.config("SET", "appendfsync", "everysec");
  const ircd: IrcServer = await startInspircd({ limits: "unlimited" });
  stoppers.push(ircd.stop);
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    SERVER_HOST: ircd.host,
    SERVER_PORT: String(ircd.port),
    NICK: "helgabench",
    CHANNELS: "#bench,#bench-load",
    OPERATORS: "benchwatch",
    WEBHOOKS_PATH: webhooksPath,
    WEBHOOKS_HOST: "127.0.0.1",
    RATE_LIMIT: "0",
    OUTBOX_MAX: "10000000",
    LOG_LEVEL: "info",
  };
  /** A service process as the harness runs them, plus optional node flags (for --cpu-prof). */
  const startService = async (kind: "gateway" | "bot", nodeFlags: readonly string[] = [], extraEnv: Readonly<Record<string, string>> = {}): Promise<BenchService> => {
    const port = await freePort();
    const serviceEnv = {
      PATH: process.env.PATH ?? "",
      LOG_FORMAT: "json",
      ...env,
      ADMIN_PORT: String(await freePort()),
      ...(kind === "gateway" ? { WEBHOOKS_PORT: String(port), GATEWAY_ID: `bench-${port}` } : {}),
      ...extraEnv,
    };
    const proc = new ManagedProcess(`${kind}:${port}`, SERVICE_NODE, [...NODE_FLAGS[kind], ...nodeFlags, join(ROOT, kind, "dist/main.js")], serviceEnv, ROOT);
    proc.start();
    stoppers.push(() => proc.stop("SIGKILL"));
    const ready = kind === "bot" ? '"msg":"irc registered"' : '"msg":"webhooks listening"';
    await waitUntil(`${proc.label} to log ${ready}\n${proc.tail()}`, () => proc.output.some((line) => line.includes(ready)), 30_000);
    if (proc.pid === undefined) throw new Error(`${proc.label} has no pid`);
    return { process: proc, port, pid: proc.pid };
  };
  const clock = new PrivmsgClock("benchwatch", "#bench", ["#bench-load"]);
  await clock.connect(ircd.host, ircd.port);
  stoppers.push(async () => clock.close());
  const bot = await startService("bot");
  const gateway = await startService("gateway");
  const barePort = await freePort();
  const bare = new ManagedProcess("bare-express", process.execPath, ["--import", "tsx", join(ROOT, "bench/bare-express-server.ts"), String(barePort)], process.env, ROOT);
  bare.start();
  stoppers.push(() => bare.stop("SIGKILL"));
  await waitUntil("bare express listening", () => bare.output.some((line) => line.includes("listening")), 15_000);
  let hubot: BenchService | undefined;
  if ("dir" in hubotInstall) {
    const port = await freePort();
    const proc = startHubot({ dir: hubotInstall.dir, ircHost: ircd.host, ircPort: ircd.port, nick: "hubotbench", rooms: ["#bench-load", "#bench"], httpPort: port });
    stoppers.push(() => proc.stop("SIGKILL"));
    await waitUntil(`Hubot to join #bench-load\n${proc.tail()}`, () => clock.joined.has("hubotbench"), 30_000);
    hubot = { process: proc, port, pid: proc.pid ?? 0 };
  }

  const loadUrl = (port: number) => `http://127.0.0.1:${port}/say/bench-load`;
  const { outbox } = redisKeys("helga");
  const outboxDrained = async () => {
    const queued = await redis!.client.xlen(outbox);
    const since = performance.now();
    await waitUntil("the bot to drain the outbox", async () => (await redis!.client.xlen(outbox)) === 0, 120_000, 20);
    return { queued, seconds: (performance.now() - since) / 1000 };
  };

  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idle = { gateway: rssMiB(gateway.pid), bot: rssMiB(bot.pid), hubot: hubot ? rssMiB(hubot.pid) : Number.NaN };
  const idleSplit = { gateway: rssSplitMiB(gateway.pid), bot: rssSplitMiB(bot.pid) };
  say(`idle RSS: gateway ${idle.gateway.toFixed(1)} MiB, bot ${idle.bot.toFixed(1)} MiB${hubot ? `, Hubot ${idle.hubot.toFixed(1)} MiB` : ""}`);

  const redisPid = redis.process.pid ?? 0;
  const ircdPid = ircd.process.pid ?? 0;
  const systems: LoadedSystem[] = [
    { name: "bare", url: loadUrl(barePort), pids: { bare: bare.pid ?? 0 } },
    { name: "ours", url: loadUrl(gateway.port), pids: { gateway: gateway.pid, bot: bot.pid, redis: redisPid, ircd: ircdPid }, delivered: () => clock.deliveredBy("helgabench") },
    ...(hubot ? [{ name: "hubot", url: loadUrl(hubot.port), pids: { hubot: hubot.pid, ircd: ircdPid }, delivered: () => clock.deliveredBy("hubotbench") }] : []),
  ];
  say(`(a) warming up ${WARMUP_SECONDS} s each, then ${ROUNDS} interleaved rounds of ${SECONDS} s each at ${CONNECTIONS} connections…`);
  await interleavedRounds(systems, { rounds: 1, seconds: WARMUP_SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const underLoad = new PeakRss([gateway.pid, bot.pid, ...(hubot ? [hubot.pid] : [])]);
  const rounds = await interleavedRounds(systems, {
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    body: BODY,
    onRun: (round, name, run) =>
      say(`    round ${round + 1} ${name.padEnd(5)} ${fmtLoad(run.load)}; delivered ${run.delivered}, ${Math.round(run.throughput)}/s; CPU s ${JSON.stringify(roundCpu(run.cpu))}`),
  });
  const peaks = underLoad.stop();
  await outboxDrained();

  say(`(b) ${RATE} req/s for ${SECONDS} s, HTTP → PRIVMSG at the observer…`);
  const deliveryRss = new PeakRss([gateway.pid, bot.pid]);
  const deliveryRun = await cpuDuring(
    { gateway: gateway.pid, bot: bot.pid, redis: redisPid, ircd: ircdPid, bench: process.pid },
    () => measureDelivery({ url: `http://127.0.0.1:${gateway.port}/say/bench`, rate: RATE, seconds: SECONDS, clock }),
  );
  const delivery = deliveryRun.result;
  const deliveryPeaks = deliveryRss.stop();
  say(`    delivered ${delivery.delivered}/${delivery.sent}, p50 ${delivery.p50Ms.toFixed(2)} ms, p99 ${delivery.p99Ms.toFixed(2)} ms; HTTP alone p50 ${delivery.httpP50Ms.toFixed(2)} ms, p99 ${delivery.httpP99Ms.toFixed(2)} ms`);

  say(`(d) two gateways, ${CONNECTIONS / 2} connections each, ${SECONDS} s…`);
  const second = await startService("gateway");
  await runLoad({ url: loadUrl(second.port), seconds: WARMUP_SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const oneResult = await runLoad({ url: loadUrl(gateway.port), seconds: SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const twoResult = await runLoads([gateway.port, second.port].map((port) => ({ url: loadUrl(port), seconds: SECONDS, connections: CONNECTIONS / 2, body: BODY })));
  await outboxDrained();
  await second.process.stop("SIGKILL");
  say(`    one gateway ${fmtLoad(oneResult)}\n    two gateways ${fmtLoad(twoResult)}`);

  const rows = closedLoopRows(rounds, hubotInstall);
  rows.push(
    {
      measure: `(b) HTTP → PRIVMSG at ${RATE} req/s, open loop`,
      figure: `p99 ${ms(delivery.p99Ms)} ms`,
      detail: `${delivery.delivered}/${delivery.sent} delivered, p50 ${ms(delivery.p50Ms)} ms, max ${ms(delivery.maxMs)} ms; HTTP alone p50 ${ms(delivery.httpP50Ms)} ms, p99 ${ms(delivery.httpP99Ms)} ms`,
      target: `≤ ${TARGETS.p99Ms} ms`,
      met: delivery.p99Ms <= TARGETS.p99Ms,
    },
    ...(["gateway", "bot"] as const).map((name): Row => {
      const pid = name === "gateway" ? gateway.pid : bot.pid;
      const load = Math.max(peaks.get(pid) ?? 0, deliveryPeaks.get(pid) ?? 0);
      const anonLoad = Math.max(underLoad.anonPeaks.get(pid) ?? 0, deliveryRss.anonPeaks.get(pid) ?? 0);
      return {
        measure: `(c) ${name} RSS idle / under load`,
        figure: `${num(idle[name], 1)} / ${num(load, 1)} MiB`,
        detail: `peak of (a) and (b). Anonymous memory (heap, stacks) idle ${num(idleSplit[name].anon, 1)}, peak ${num(anonLoad, 1)} MiB; the rest is file-backed (node's own code, shared and reclaimable)`,
        target: `≤ ${TARGETS.idleMiB} / ≤ ${TARGETS.loadMiB} MiB`,
        met: idle[name] <= TARGETS.idleMiB && load <= TARGETS.loadMiB,
      };
    }),
  );
  if (hubot) rows.push({ measure: "(c) Hubot RSS idle / under load", figure: `${num(idle.hubot, 1)} / ${num(peaks.get(hubot.pid) ?? 0, 1)} MiB`, detail: "peak of (a)", note: "for comparison" });
  rows.push(
    { measure: "(d) one gateway, HTTP only", figure: `${num(oneResult.requestsPerSecond)} req/s`, detail: `p99 ${ms(oneResult.p99Ms)} ms`, note: "" },
    { measure: "(d) two gateways, HTTP only", figure: `${num(twoResult.requestsPerSecond)} req/s`, detail: `p99 ${ms(twoResult.p99Ms)} ms`, note: `×${num(twoResult.requestsPerSecond / oneResult.requestsPerSecond, 2)} of one` },
  );

  const stack: BenchStack = { redis, ircd, env, startService, gateway, bot, clock, seconds: SECONDS, say };
  for (const extra of EXTRA_ROWS) rows.push(...(await extra(stack)));

  const notes = [
    `CPU seconds used by each process over the ${ROUNDS} rounds of (a) (the machine has ${describeMachine().cores} cores):`,
    ...[...rounds].map(([name, runs]) => `- ${name}: ${cpuText(sumCpu(runs))}`),
    `- (b) at ${RATE} req/s: ${cpuText(deliveryRun.cpu)} ("others": processes outside the bench, the machine is shared)`,
    ...("skipped" in hubotInstall ? ["", `Hubot rows skipped: ${hubotInstall.skipped}`] : []),
  ];
  const gatewayMissed = rows.some((row) => row.measure.startsWith("CPU per request, gateway") && row.met === false);
  let profile: ProfileSummary | undefined;
  if (gatewayMissed || FORCE_PROFILE) {
    say(`profiling a gateway under ${SECONDS} s of load (node --cpu-prof)…`);
    profile = await profileGateway(startService, loadUrl);
  }
  const report = writeReport(join(ROOT, "BENCHMARKS.md"), {
    machine: describeMachine(),
    loadAtStart,
    settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, rate: RATE, nodeFlags: [SERVICE_NODE === process.execPath ? "" : `node ${SERVICE_NODE}`, `both ${runtimeNodeOptions(ROOT)} (${RUNTIME_ENV_FILE}) ${EXTRA_FLAGS.join(" ")}`.trim()].filter(Boolean).join("; ") },
    rows,
    notes,
    profile,
    elapsedSeconds: (performance.now() - began) / 1000,
  });
  say(`\n${report}\n\n${notes.join("\n")}`);
} finally {
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  rmSync(webhooksPath, { recursive: true, force: true });
}

/** The rows of (a): throughput per system, the ratios per round, CPU per request and per message. */
function closedLoopRows(rounds: ReadonlyMap<string, readonly SystemRun[]>, hubotInstall: { dir: string } | { skipped: string }): Row[] {
  const bare = rounds.get("bare") ?? [];
  const ours = rounds.get("ours") ?? [];
  const hubot = rounds.get("hubot") ?? [];
  const rates = (runs: readonly SystemRun[]) => runs.map((run) => Math.round(run.throughput)).join(", ");
  const ratios = (of: readonly SystemRun[], to: readonly SystemRun[]) => of.map((run, i) => run.throughput / to[i]!.throughput);
  const ratioFigure = (values: readonly number[]) => `${num(median(values), 2)} (${num(Math.min(...values), 2)}–${num(Math.max(...values), 2)})`;
  // Requests still in flight when autocannon stops are answered and delivered but not counted as answered: hence the max.
  const lost = (runs: readonly SystemRun[]) => runs.reduce((sum, run) => sum + Math.max(0, run.load.ok - run.delivered), 0);
  const perRequestUs = (runs: readonly SystemRun[], role: string, per: "ok" | "delivered") =>
    (runs.reduce((sum, run) => sum + (run.cpu[role] ?? 0), 0) / runs.reduce((sum, run) => sum + (per === "ok" ? run.load.ok : run.delivered), 0)) * 1e6;
  const httpRates = (runs: readonly SystemRun[]) => runs.map((run) => Math.round(run.load.requestsPerSecond)).join(", ");
  const p99s = (runs: readonly SystemRun[]) => runs.map((run) => run.load.p99Ms).join(", ");
  const rows: Row[] = [
    { measure: "(a) bare express 5 handler", figure: `${num(median(bare.map((r) => r.throughput)))} req/s`, detail: `rounds ${rates(bare)}; p99 ${p99s(bare)} ms`, note: `${bare.reduce((s, r) => s + r.load.failures, 0)} failures` },
    {
      measure: "(a) this project, HTTP → Redis → bot → IRC",
      figure: `${num(median(ours.map((r) => r.throughput)))} msg/s`,
      detail: `rounds ${rates(ours)}; HTTP ${httpRates(ours)} req/s, p99 ${p99s(ours)} ms`,
      note: `${lost(ours)} lost, ${ours.reduce((s, r) => s + r.load.failures, 0)} failures`,
    },
    ...(hubot.length > 0
      ? [
          {
            measure: "(a) Hubot 2.19 + hubot-irc 0.2.9, HTTP → IRC",
            figure: `${num(median(hubot.map((r) => r.throughput)))} msg/s`,
            detail: `rounds ${rates(hubot)}; HTTP ${httpRates(hubot)} req/s, p99 ${p99s(hubot)} ms`,
            note: `${lost(hubot)} lost, ${hubot.reduce((s, r) => s + r.load.failures, 0)} failures`,
          },
        ]
      : []),
  ];
  const vsBare = ratios(ours, bare);
  rows.push({ measure: "(a) throughput ratio this project / bare express", figure: ratioFigure(vsBare), detail: "median (range) over the rounds", target: `≥ ${TARGETS.vsBare}`, met: median(vsBare) >= TARGETS.vsBare });
  if (hubot.length > 0) {
    const vsHubot = ratios(ours, hubot);
    rows.push({ measure: "(a) throughput ratio this project / Hubot", figure: ratioFigure(vsHubot), detail: "median (range) over the rounds", target: `≥ ${TARGETS.vsHubot}`, met: median(vsHubot) >= TARGETS.vsHubot });
  } else {
    rows.push({ measure: "(a) throughput ratio this project / Hubot", figure: "skipped", detail: "skipped" in hubotInstall ? hubotInstall.skipped : "", note: "Hubot did not install" });
  }
  const botUs = perRequestUs(ours, "bot", "delivered");
  const gatewayUs = perRequestUs(ours, "gateway", "ok");
  const bareUs = perRequestUs(bare, "bare", "ok");
  rows.push(
    { measure: "CPU per message, bot", figure: `${num(botUs)} µs`, detail: "bot CPU time over (a) ÷ messages sent", target: `≤ ${TARGETS.botCpuUs} µs`, met: botUs <= TARGETS.botCpuUs },
    {
      measure: "CPU per request, gateway / bare express",
      figure: num(gatewayUs / bareUs, 2),
      detail: `gateway ${num(gatewayUs)} µs, bare express ${num(bareUs)} µs`,
      target: `≤ ${TARGETS.gatewayCpuVsBare}`,
      met: gatewayUs / bareUs <= TARGETS.gatewayCpuVsBare,
    },
  );
  if (hubot.length > 0) rows.push({ measure: "CPU per request, Hubot (HTTP and IRC in one process)", figure: `${num(perRequestUs(hubot, "hubot", "ok"))} µs`, detail: `this project: gateway + bot ${num(gatewayUs + botUs)} µs`, note: "for comparison" });
  return rows;
}

function sumCpu(runs: readonly SystemRun[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const run of runs) for (const [role, seconds] of Object.entries(run.cpu)) total[role] = (total[role] ?? 0) + seconds;
  return total;
}

function roundCpu(cpu: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(cpu).map(([role, seconds]) => [role, Math.round(seconds * 100) / 100]));
}

function cpuText(split: Readonly<Record<string, number>>): string {
  return Object.entries(split).map(([name, seconds]) => `${name} ${num(seconds, 1)}`).join(", ");
}

function fmtLoad(result: LoadResult): string {
  return `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.failures} failures`;
}

/** A fresh gateway under node --cpu-prof, loaded, then stopped gently so the profile is written. */
async function profileGateway(
  startService: (kind: "gateway", nodeFlags: readonly string[]) => Promise<BenchService>,
  loadUrl: (port: number) => string,
): Promise<ProfileSummary> {
  const dir = join(tmpdir(), `helga-bench-profile-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const profiled = await startService("gateway", ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  await runLoad({ url: loadUrl(profiled.port), seconds: SECONDS, connections: CONNECTIONS, body: BODY });
  await profiled.process.stop("SIGTERM");
  // The main thread's profile is the big one (a loader worker may write a small one too).
  const file = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  if (!file) throw new Error(`the profiled gateway wrote no profile into ${dir}`);
  const summary = summariseProfile(join(dir, file));
  say(`    profile kept at ${join(dir, file)}`);
  return summary;
}
