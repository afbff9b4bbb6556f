/**
 * Before/after for gateway changes, robust to a busy machine: CPU time per request (each
 * process's own counter) and peak RSS of several gateway builds and bare express, side by
 * side in one run, at a fixed request rate, the systems interleaved round by round. The bot
 * is paused once the gateways listen, so they only queue. Figures of BENCHMARKS.md's notes.
 *
 *   cp -r gateway/dist gateway/dist-before   # then change the code and `npm run build`
 *   node --import tsx bench/compare-builds.ts dist-before dist dist@--max-semi-space-size=2
 *
 * Each argument is a folder under gateway/ holding a build, optionally with node flags after `@`
 * (added after runtime.env's, which every process here starts with, as on every run path).
 * COMPARE_RATE (1500 req/s), COMPARE_SECONDS (4), COMPARE_ROUNDS (5) change the load.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { freePort, ManagedProcess, startRedis, waitUntil } from "../test/harness/index.js";
import { startInspircd } from "../test/harness/inspircd.js";
import { SAY_WEBHOOK } from "../test/integration/fixtures.js";
import { cpuSeconds } from "./cpu.js";
import { median } from "./interleaved-rounds.js";
import { rssMiB } from "./rss.js";
import { runtimeEnvArg } from "./runtime-flags.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RATE = Number(process.env.COMPARE_RATE ?? 1500);
const SECONDS = Number(process.env.COMPARE_SECONDS ?? 4);
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 5);
const builds = process.argv.slice(2);
if (builds.length === 0) throw new Error("name one or more gateway builds: folders under gateway/, e.g. dist-before dist");

const webhooksPath = mkdtempSync(join(tmpdir(), "helga-compare-webhooks-"));
writeFileSync(join(webhooksPath, "bench.ts"), SAY_WEBHOOK);
const processes: ManagedProcess[] = [];
const redis = await startRedis();
const ircd = await startInspircd({ limits: "unlimited" });
try {
  await redis.client.config("SET", "appendfsync", "everysec");
  const env = {
    PATH: process.env.PATH ?? "",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    REDIS_URL: redis.url,
    SERVER_HOST: ircd.host,
    SERVER_PORT: String(ircd.port),
    NICK: "comparebot",
    CHANNELS: "#bench-load",
    WEBHOOKS_PATH: webhooksPath,
    WEBHOOKS_HOST: "127.0.0.1",
    RATE_LIMIT: "0",
    OUTBOX_MAX: "10000000",
  };
  const start = async (label: string, args: readonly string[], extra: Record<string, string>, ready: string) => {
    const proc = new ManagedProcess(label, process.execPath, [runtimeEnvArg(ROOT), ...args], { ...env, ADMIN_PORT: String(await freePort()), ...extra }, ROOT);
    proc.start();
    processes.push(proc);
    await waitUntil(`${label} to log ${ready}`, () => proc.output.some((line) => line.includes(ready)), 30_000);
    return proc.pid!;
  };
  const bot = await start("bot", ["bot/dist/main.js"], {}, '"msg":"irc registered"');
  const systems: Array<{ name: string; port: number; pid: number }> = [];
  for (const build of builds) {
    const [folder = "dist", ...flags] = build.split("@");
    const port = await freePort();
    const pid = await start(build, [...flags, `gateway/${folder}/main.js`], { WEBHOOKS_PORT: String(port), GATEWAY_ID: build }, '"msg":"webhooks listening"');
    systems.push({ name: build, port, pid });
  }
  const barePort = await freePort();
  systems.push({ name: "bare express", port: barePort, pid: await start("bare express", ["--import", "tsx", "bench/bare-express-server.ts", String(barePort)], {}, "listening") });
  process.kill(bot, "SIGSTOP");
  process.stdout.write(`idle RSS: ${systems.map((s) => `${s.name} ${rssMiB(s.pid).toFixed(1)} MiB`).join(", ")}\n`);

  const perRequest = new Map<string, number[]>();
  const peaks = new Map<string, number>();
  for (let round = -1; round < ROUNDS; round++) {
    for (let i = 0; i < systems.length; i++) {
      const system = systems[(Math.max(round, 0) + i) % systems.length]!;
      const before = cpuSeconds(system.pid);
      const sampler = setInterval(() => peaks.set(system.name, Math.max(peaks.get(system.name) ?? 0, rssMiB(system.pid))), 200);
      const result = await autocannon({
        url: `http://127.0.0.1:${system.port}/say/bench-load`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "benchmark message" }),
        connections: 20,
        overallRate: RATE,
        duration: round < 0 ? 2 : SECONDS, // round -1 warms everyone up
      });
      clearInterval(sampler);
      if (round >= 0) perRequest.set(system.name, [...(perRequest.get(system.name) ?? []), ((cpuSeconds(system.pid) - before) / result["2xx"]) * 1e6]);
    }
  }
  const bare = median(perRequest.get("bare express")!);
  for (const [name, values] of perRequest) {
    const line = `${name}: median ${median(values).toFixed(0)} µs CPU per request (${(median(values) / bare).toFixed(2)} × bare express), rounds ${values.map((v) => v.toFixed(0)).join(" ")}; peak RSS ${peaks.get(name)?.toFixed(1)} MiB`;
    process.stdout.write(`${line}\n`);
  }
} finally {
  for (const proc of processes) {
    if (proc.running && proc.pid !== undefined) process.kill(proc.pid, "SIGCONT");
    await proc.stop("SIGKILL");
  }
  await ircd.stop();
  await redis.stop();
  rmSync(webhooksPath, { recursive: true, force: true });
}
