/**
 * `npm run bench`: the whole system on loopback — real redis-server, InspIRCd without
 * fakelag, the bot, gateways, a bare express app, Hubot and alertmanager-irc-relay — measured
 * side by side in one run. Prints a table and rewrites BENCHMARKS.md (keeping its hand-written notes).
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { freePort, ManagedProcess, waitUntil } from "../test/harness/index.js";
import { ROOT, startBenchStack, type BenchService } from "./bench-stack.js";
import { closedLoopRows, cpuText, fmtLoad, roundCpu, sumCpu, TARGETS } from "./closed-loop-rows.js";
import { cpuDuring } from "./cpu.js";
import { EXTRA_ROWS } from "./extra-rows.js";
import { installHubot, startHubot } from "./hubot.js";
import { interleavedRounds, type LoadedSystem } from "./interleaved-rounds.js";
import { runLoad, runLoads } from "./load.js";
import { describeMachine } from "./machine.js";
import { memoryRows } from "./memory-rows.js";
import { measureDelivery } from "./paced-delivery.js";
import { PrivmsgClock } from "./privmsg-clock.js";
import { profileGateway } from "./profile-gateway.js";
import { measureRelay } from "./relay.js";
import { ms, num, writeReport } from "./report.js";
import { PeakRss, rssMiB, rssSplitMiB } from "./rss.js";
import { runtimeNodeOptions } from "./runtime-flags.js";
import type { ProfileSummary } from "./summarise-profile.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const BODY = JSON.stringify({ text: "benchmark message" });
const FORCE_PROFILE = process.argv.includes("--profile");
/** Node flags beside runtime.env's (which every run path uses), to try others. */
const EXTRA_FLAGS = process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
/** Another node binary for the services (e.g. the images' Node 22); the bench itself runs on this one. */
const SERVICE_NODE = process.env.BENCH_NODE ?? process.execPath;

const say = (text: string) => process.stdout.write(`${text}\n`);
const began = performance.now();
const loadAtStart = loadavg()[0] ?? 0;

say("installing Hubot for comparison (npm, into a temporary folder, kept between runs)…");
const hubotInstall = await installHubot();
const hubotSkipped = "skipped" in hubotInstall ? hubotInstall.skipped : undefined;
if (hubotSkipped) say(`    Hubot skipped: ${hubotSkipped}`);

const stack = await startBenchStack({ serviceNode: SERVICE_NODE });
try {
  const { redis, ircd, outboxDrained } = stack;
  const start = (kind: "gateway" | "bot") => stack.startService(kind, { nodeFlags: EXTRA_FLAGS });
  const clock = new PrivmsgClock("benchwatch", "#bench", ["#bench-load"]);
  await clock.connect(ircd.host, ircd.port);
  stack.onStop(async () => clock.close());
  const bot = await start("bot");
  const gateway = await start("gateway");
  const barePort = await freePort();
  const bare = new ManagedProcess("bare-express", process.execPath, ["--import", "tsx", join(ROOT, "bench/bare-express-server.ts"), String(barePort)], process.env, ROOT);
  bare.start();
  stack.onStop(() => bare.stop("SIGKILL"));
  await waitUntil("bare express listening", () => bare.output.some((line) => line.includes("listening")), 15_000);
  let hubot: BenchService | undefined;
  if ("dir" in hubotInstall) {
    const port = await freePort();
    const proc = startHubot({ dir: hubotInstall.dir, ircHost: ircd.host, ircPort: ircd.port, nick: "hubotbench", rooms: ["#bench-load", "#bench"], httpPort: port });
    stack.onStop(() => proc.stop("SIGKILL"));
    await waitUntil(`Hubot to join #bench-load\n${proc.tail()}`, () => clock.joined.has("hubotbench"), 30_000);
    hubot = { process: proc, port, pid: proc.pid ?? 0 };
  }
  const loadUrl = (port: number) => `http://127.0.0.1:${port}/say/bench-load`;

  // Idle: after start-up and one delivery.
  await fetch(loadUrl(gateway.port), { method: "POST", headers: { "content-type": "application/json" }, body: BODY });
  await waitUntil("the first delivery", () => clock.deliveredBy("helgabench").count > 0, 15_000);
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

  say(`(c) alertmanager-irc-relay for comparison: idle, then ${SECONDS} s of the same closed loop…`);
  const relay = await measureRelay({ ircHost: ircd.host, ircPort: ircd.port, nick: "relaybench", channel: "#bench-load", httpPort: await freePort(), seconds: SECONDS, connections: CONNECTIONS, delivered: () => clock.deliveredBy("relaybench").count });
  say("skipped" in relay ? `    skipped: ${relay.skipped}` : `    RSS idle ${relay.idle.toFixed(1)} MiB, peak ${relay.peak.toFixed(1)} MiB; ${Math.round(relay.requestsPerSecond)} req/s`);

  say(`(d) two gateways, ${CONNECTIONS / 2} connections each, ${SECONDS} s…`);
  const second = await start("gateway");
  await runLoad({ url: loadUrl(second.port), seconds: WARMUP_SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const oneResult = await runLoad({ url: loadUrl(gateway.port), seconds: SECONDS, connections: CONNECTIONS, body: BODY });
  await outboxDrained();
  const twoResult = await runLoads([gateway.port, second.port].map((port) => ({ url: loadUrl(port), seconds: SECONDS, connections: CONNECTIONS / 2, body: BODY })));
  await outboxDrained();
  await second.process.stop("SIGKILL");
  say(`    one gateway ${fmtLoad(oneResult)}\n    two gateways ${fmtLoad(twoResult)}`);

  const rows = closedLoopRows(rounds, hubotSkipped);
  const serviceRss = (name: "gateway" | "bot", pid: number) => ({
    idle: idle[name],
    idleAnon: idleSplit[name].anon,
    load: Math.max(peaks.get(pid) ?? 0, deliveryPeaks.get(pid) ?? 0),
    loadAnon: Math.max(underLoad.anonPeaks.get(pid) ?? 0, deliveryRss.anonPeaks.get(pid) ?? 0),
  });
  rows.push(
    {
      measure: `(b) HTTP → PRIVMSG at ${RATE} req/s, open loop`,
      figure: `p99 ${ms(delivery.p99Ms)} ms`,
      detail: `${delivery.delivered}/${delivery.sent} delivered, p50 ${ms(delivery.p50Ms)} ms, max ${ms(delivery.maxMs)} ms; HTTP alone p50 ${ms(delivery.httpP50Ms)} ms, p99 ${ms(delivery.httpP99Ms)} ms`,
      target: `≤ ${TARGETS.p99Ms} ms`,
      met: delivery.p99Ms <= TARGETS.p99Ms,
    },
    ...memoryRows({ gateway: serviceRss("gateway", gateway.pid), bot: serviceRss("bot", bot.pid) }, hubot ? { idle: idle.hubot, load: peaks.get(hubot.pid) ?? 0 } : undefined, relay),
    { measure: "(d) one gateway, HTTP only", figure: `${num(oneResult.requestsPerSecond)} req/s`, detail: `p99 ${ms(oneResult.p99Ms)} ms`, note: "" },
    { measure: "(d) two gateways, HTTP only", figure: `${num(twoResult.requestsPerSecond)} req/s`, detail: `p99 ${ms(twoResult.p99Ms)} ms`, note: `×${num(twoResult.requestsPerSecond / oneResult.requestsPerSecond, 2)} of one` },
  );
  for (const extra of EXTRA_ROWS) rows.push(...(await extra(stack, say)));

  const notes = [
    `CPU seconds used by each process over the ${ROUNDS} rounds of (a) (the machine has ${describeMachine().cores} cores):`,
    ...[...rounds].map(([name, runs]) => `- ${name}: ${cpuText(sumCpu(runs))}`),
    `- (b) at ${RATE} req/s: ${cpuText(deliveryRun.cpu)} ("others": processes outside the bench, the machine is shared)`,
    ...(hubotSkipped ? ["", `Hubot rows skipped: ${hubotSkipped}`] : []),
  ];
  const gatewayMissed = rows.some((row) => row.measure.startsWith("CPU per request, gateway") && row.met === false);
  let profile: ProfileSummary | undefined;
  if (gatewayMissed || FORCE_PROFILE) {
    say(`profiling a gateway under ${SECONDS} s of load (node --cpu-prof)…`);
    profile = await profileGateway(stack, { seconds: SECONDS, connections: CONNECTIONS, body: BODY }, "/say/bench-load", say);
  }
  const report = writeReport(join(ROOT, "BENCHMARKS.md"), {
    machine: describeMachine(),
    loadAtStart,
    settings: {
      seconds: SECONDS,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      rate: RATE,
      nodeFlags: [SERVICE_NODE === process.execPath ? "" : `node ${SERVICE_NODE}`, `both ${runtimeNodeOptions(ROOT)}`, EXTRA_FLAGS.join(" ")].filter(Boolean).join("; "),
    },
    rows,
    notes,
    profile,
    elapsedSeconds: (performance.now() - began) / 1000,
  });
  say(`\n${report}\n\n${notes.join("\n")}`);
} finally {
  await stack.stop();
}
