/**
 * `npm run bench`: the whole system on loopback — real redis-server, InspIRCd without
 * fakelag, the bot, gateways, and a bare express app — measured side by side in one run.
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
import { runLoad, runLoads, type LoadResult } from "./load.js";
import { measureFairness } from "./fairness.js";
import { measureFenceCost } from "./fence-cost.js";
import { describeMachine } from "./machine.js";
import { measureDelivery } from "./paced-delivery.js";
import { PrivmsgClock } from "./privmsg-clock.js";
import { writeReport, type BenchFigures } from "./report.js";
import { PeakRss, rssMiB } from "./rss.js";
import { summariseProfile, type ProfileSummary } from "./summarise-profile.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const BODY = JSON.stringify({ text: "benchmark message" });
const FORCE_PROFILE = process.argv.includes("--profile");
/** A smaller V8 heap, tried in (c′): young generation capped at 1 MiB per semi-space, old at 64 MiB. */
const SMALL_HEAP_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=64"];

interface BenchService {
  readonly process: ManagedProcess;
  readonly port: number;
  readonly pid: number;
}

const say = (text: string) => process.stdout.write(`${text}\n`);

const began = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const webhooksPath = mkdtempSync(join(tmpdir(), "helga-bench-webhooks-"));
writeFileSync(join(webhooksPath, "bench.ts"), SAY_WEBHOOK); // the integration tests' say-route, as a user would write it
const stoppers: Array<() => Promise<void>> = [];
let redis: RedisServer | undefined;

try {
  redis = await startRedis();
  stoppers.push(redis.stop);
  // The compose file's durability (fsync once a second), not the tests' fsync-per-write.
  await redis.client.config("SET", "appendfsync", "everysec");
  const ircd: IrcServer = await startInspircd({ limits: "unlimited" });
  stoppers.push(ircd.stop);
  const env = {
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
  const startService = async (kind: "gateway" | "bot", nodeFlags: readonly string[] = []): Promise<BenchService> => {
    const port = await freePort();
    const serviceEnv = {
      PATH: process.env.PATH ?? "",
      LOG_FORMAT: "json",
      ...env,
      ADMIN_PORT: String(await freePort()),
      ...(kind === "gateway" ? { WEBHOOKS_PORT: String(port), GATEWAY_ID: `bench-${port}` } : {}),
    };
    const proc = new ManagedProcess(`${kind}:${port}`, process.execPath, [...nodeFlags, join(ROOT, kind, "dist/main.js")], serviceEnv, ROOT);
    proc.start();
    stoppers.push(() => proc.stop("SIGKILL"));
    const ready = kind === "bot" ? '"msg":"irc registered"' : '"msg":"webhooks listening"';
    await waitUntil(`${proc.label} to log ${ready}\n${proc.tail()}`, () => proc.output.some((line) => line.includes(ready)), 30_000);
    if (proc.pid === undefined) throw new Error(`${proc.label} has no pid`);
    return { process: proc, port, pid: proc.pid };
  };
  const bot = await startService("bot");
  const clock = new PrivmsgClock("benchwatch", "#bench");
  await clock.connect(ircd.host, ircd.port);
  stoppers.push(async () => clock.close());
  const gateway = await startService("gateway");
  const barePort = await freePort();
  const bare = new ManagedProcess("bare-express", process.execPath, ["--import", "tsx", join(ROOT, "bench/bare-express-server.ts"), String(barePort)], process.env, ROOT);
  bare.start();
  stoppers.push(() => bare.stop("SIGKILL"));
  await waitUntil("bare express listening", () => bare.output.some((line) => line.includes("listening")), 15_000);

  const loadUrl = (port: number) => `http://127.0.0.1:${port}/say/bench-load`;
  const { outbox } = redisKeys("helga");
  const outboxDrained = async () => {
    const queued = await redis!.client.xlen(outbox);
    const since = performance.now();
    await waitUntil("the bot to drain the outbox", async () => (await redis!.client.xlen(outbox)) === 0, 120_000, 20);
    return { queued, seconds: (performance.now() - since) / 1000 };
  };

  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idle = { gateway: rssMiB(gateway.pid), bot: rssMiB(bot.pid) };
  say(`idle RSS: gateway ${idle.gateway.toFixed(1)} MiB, bot ${idle.bot.toFixed(1)} MiB`);

  say(`(a) warming up ${WARMUP_SECONDS} s each, then ${SECONDS} s each at ${CONNECTIONS} connections…`);
  await runLoad({ url: loadUrl(barePort), seconds: WARMUP_SECONDS, connections: CONNECTIONS, body: BODY });
  await runLoad({ url: loadUrl(gateway.port), seconds: WARMUP_SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const load = (port: number, connections = CONNECTIONS) => runLoad({ url: loadUrl(port), seconds: SECONDS, connections, body: BODY });
  const bareRun = await cpuDuring({ bare: bare.pid ?? 0, bench: process.pid }, () => load(barePort));
  const bareResult = bareRun.result;
  const underLoad = new PeakRss([gateway.pid, bot.pid]);
  const gatewayRun = await cpuDuring(
    { gateway: gateway.pid, bot: bot.pid, redis: redis.process.pid ?? 0, ircd: ircd.process.pid ?? 0, bench: process.pid },
    () => load(gateway.port),
  );
  const gatewayResult = gatewayRun.result;
  const peaks = underLoad.stop();
  const drain = await outboxDrained();
  say(`    bare express ${fmtLoad(bareResult)}\n    gateway      ${fmtLoad(gatewayResult)}\n    bot drained ${drain.queued} queued commands in ${drain.seconds.toFixed(1)} s`);
  say(`    CPU seconds during the gateway run: ${JSON.stringify(gatewayRun.cpu)}`);

  say(`(a′) the gateway again with the bot paused (SIGSTOP), so it does not compete for the cores…`);
  process.kill(bot.pid, "SIGSTOP");
  const alone = await cpuDuring({ gateway: gateway.pid, redis: redis.process.pid ?? 0, bench: process.pid }, () => load(gateway.port)).finally(() =>
    process.kill(bot.pid, "SIGCONT"),
  );
  await outboxDrained();
  say(`    gateway alone ${fmtLoad(alone.result)}; CPU seconds ${JSON.stringify(alone.cpu)}`);

  say(`(b) ${RATE} req/s for ${SECONDS} s, HTTP → PRIVMSG at the observer…`);
  const deliveryRss = new PeakRss([gateway.pid, bot.pid]);
  const deliveryRun = await cpuDuring(
    { gateway: gateway.pid, bot: bot.pid, redis: redis.process.pid ?? 0, ircd: ircd.process.pid ?? 0, bench: process.pid },
    () => measureDelivery({ url: `http://127.0.0.1:${gateway.port}/say/bench`, rate: RATE, seconds: SECONDS, clock }),
  );
  const delivery = deliveryRun.result;
  const deliveryPeaks = deliveryRss.stop();
  say(`    delivered ${delivery.delivered}/${delivery.sent}, p50 ${delivery.p50Ms.toFixed(2)} ms, p99 ${delivery.p99Ms.toFixed(2)} ms; HTTP alone p50 ${delivery.httpP50Ms.toFixed(2)} ms, p99 ${delivery.httpP99Ms.toFixed(2)} ms`);

  say(`(d) two gateways, ${CONNECTIONS / 2} connections each, ${SECONDS} s…`);
  const second = await startService("gateway");
  await runLoad({ url: loadUrl(second.port), seconds: WARMUP_SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const twoResult = await runLoads([gateway.port, second.port].map((port) => ({ url: loadUrl(port), seconds: SECONDS, connections: CONNECTIONS / 2, body: BODY })));
  await outboxDrained();
  say(`    two gateways ${fmtLoad(twoResult)}`);

  say(`(c′) a fresh gateway with ${SMALL_HEAP_FLAGS.join(" ")}…`);
  const small = await startService("gateway", SMALL_HEAP_FLAGS);
  const smallIdle = rssMiB(small.pid);
  const smallRss = new PeakRss([small.pid]);
  const smallResult = await load(small.port);
  const smallPeak = smallRss.stop().get(small.pid) ?? 0;
  await small.process.stop("SIGKILL");
  await outboxDrained();
  say(`    ${fmtLoad(smallResult)}; RSS idle ${smallIdle.toFixed(1)} MiB, peak ${smallPeak.toFixed(1)} MiB`);

  say(`(e) the bot's consumer alone, acking after the write vs after the server's PONG (PING fences)…`);
  for (const cost of await measureFenceCost({ redisUrl: redis.url, ircd })) {
    say(`    ${cost.mode.padEnd(8)} backlog drained at ${Math.round(cost.entriesPerSecond)} entries/s; 1000/s open-loop: p50 ${cost.p50Ms.toFixed(1)} ms, p99 ${cost.p99Ms.toFixed(1)} ms`);
  }

  say(`(f) fairness: a lone line to a quiet channel behind a 300-line burst to another, flood control on…`);
  const fair = await measureFairness({ redisUrl: redis.url, redis: redis.client, ircd });
  say(`    waited ${fair.waitedMs.toFixed(0)} ms (${(fair.waitedMs / 1000 / fair.secondsPerLine).toFixed(1)} lines' time at RATE_LIMIT ${fair.secondsPerLine}); ${fair.burstLinesBefore} burst lines went first (before per-target queues: 14824 ms, all 300)`);

  const figures: BenchFigures = {
    machine: describeMachine(),
    loadAtStart,
    settings: { seconds: SECONDS, connections: CONNECTIONS, rate: RATE },
    bare: bareResult,
    gateway: gatewayResult,
    gatewayAlone: alone.result,
    cpu: { bare: bareRun.cpu, gateway: gatewayRun.cpu, gatewayAlone: alone.cpu, delivery: deliveryRun.cpu },
    delivery,
    rss: {
      gatewayIdle: idle.gateway,
      botIdle: idle.bot,
      gatewayLoad: Math.max(peaks.get(gateway.pid) ?? 0, deliveryPeaks.get(gateway.pid) ?? 0),
      botLoad: Math.max(peaks.get(bot.pid) ?? 0, deliveryPeaks.get(bot.pid) ?? 0),
    },
    smallHeap: { flags: SMALL_HEAP_FLAGS.join(" "), idle: smallIdle, load: smallPeak, result: smallResult },
    drain,
    twoGateways: twoResult,
    profile: undefined,
    elapsedSeconds: 0,
  };
  const missed = gatewayResult.requestsPerSecond / bareResult.requestsPerSecond < 0.8 || delivery.p99Ms >= 10 || figures.rss.gatewayLoad >= 100;
  let profile: ProfileSummary | undefined;
  if (missed || FORCE_PROFILE) {
    say(`profiling a gateway under ${SECONDS} s of load (node --cpu-prof)…`);
    profile = await profileGateway(startService, loadUrl);
  }
  const report = writeReport(join(ROOT, "BENCHMARKS.md"), { ...figures, profile, elapsedSeconds: (performance.now() - began) / 1000 });
  say(`\n${report}`);
} finally {
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  rmSync(webhooksPath, { recursive: true, force: true });
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
