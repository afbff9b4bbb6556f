/**
 * The system under test on loopback, as the benches start it: a real redis-server (AOF, fsync
 * every second as in docker-compose.yml), InspIRCd without fakelag, and the bot and gateways
 * with flood control off, each in its own process with the services' runtime flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { redisKeys } from "@helga/shared";
import { freePort, ManagedProcess, startRedis, waitUntil, type RedisServer } from "../test/harness/index.js";
import { startInspircd } from "../test/harness/inspircd.js";
import type { IrcServer } from "../test/harness/ngircd.js";
import { SAY_WEBHOOK } from "../test/integration/fixtures.js";
import { runtimeEnvArg } from "./runtime-flags.js";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The bench route in plain JavaScript: no TypeScript loader needed. */
export const SAY_WEBHOOK_JS = String.raw`import { route } from "@helga/gateway";
export const say = route("/say/(?P<channel>[\\w\\-_]+)$", { methods: ["POST"] }, async (request, client, { channel }) => {
  await client.msg("#" + channel, String(request.body?.text ?? ""));
  return "Message Sent";
});
`;

export type ServiceKind = "gateway" | "bot";

export interface BenchService {
  readonly process: ManagedProcess;
  readonly port: number;
  readonly pid: number;
}

export interface StartServiceOptions {
  /** Node flags after the runtime flags file (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Another checkout to run the service from, built, with its own runtime.env (e.g. the previous build, for side-by-side figures). */
  readonly root?: string;
}

export interface BenchStackOptions {
  readonly nick?: string;
  readonly channels?: readonly string[];
  /** Another node binary for the services (BENCH_NODE). */
  readonly serviceNode?: string;
  readonly logLevel?: string;
  /** The bench route as a user's TypeScript file (the default: the gateway loads tsx) or in JavaScript. */
  readonly webhook?: "ts" | "js";
}

export interface BenchStack {
  readonly redis: RedisServer;
  readonly ircd: IrcServer;
  readonly env: Readonly<Record<string, string>>;
  /** Starts a gateway or the bot as `npm run start:<kind>` does (the runtime flags file), waiting until it is ready. */
  readonly startService: (kind: ServiceKind, options?: StartServiceOptions) => Promise<BenchService>;
  /** Waits until the bot has drained the outbox; how many entries were queued and how long it took. */
  readonly outboxDrained: () => Promise<{ queued: number; seconds: number }>;
  /** Runs on stop, before the servers go (other processes the bench started). */
  readonly onStop: (stop: () => Promise<void>) => void;
  readonly stop: () => Promise<void>;
}

export async function startBenchStack({ nick = "helgabench", channels = ["#bench", "#bench-load"], serviceNode = process.execPath, logLevel = "info", webhook = "ts" }: BenchStackOptions = {}): Promise<BenchStack> {
  const stoppers: Array<() => Promise<void>> = [];
  const webhooksPath = mkdtempSync(join(tmpdir(), "helga-bench-webhooks-"));
  stoppers.push(async () => rmSync(webhooksPath, { recursive: true, force: true }));
  // the integration tests' say-route, as a user would write it
  writeFileSync(join(webhooksPath, webhook === "ts" ? "bench.ts" : "bench.mjs"), webhook === "ts" ? SAY_WEBHOOK : SAY_WEBHOOK_JS);
  const redis = await startRedis();
  stoppers.push(redis.stop);
  const stop = async () => {
    for (const stopper of stoppers.splice(0).reverse()) await stopper().catch(() => undefined);
  };
  try {
    // The compose file's durability (fsync once a second), not the tests' fsync-per-write.
    await redis.client.config("SET", "appendfsync", "everysec");
    const ircd = await startInspircd({ limits: "unlimited" });
    stoppers.push(ircd.stop);
    const env: Record<string, string> = {
      REDIS_URL: redis.url,
      SERVER_HOST: ircd.host,
      SERVER_PORT: String(ircd.port),
      NICK: nick,
      CHANNELS: channels.join(","),
      OPERATORS: "benchwatch",
      WEBHOOKS_PATH: webhooksPath,
      WEBHOOKS_HOST: "127.0.0.1",
      RATE_LIMIT: "0",
      OUTBOX_MAX: "10000000",
      LOG_LEVEL: logLevel,
    };
    const startService = async (kind: ServiceKind, options: StartServiceOptions = {}): Promise<BenchService> => {
      const port = await freePort();
      const serviceEnv = {
        PATH: process.env.PATH ?? "",
        LOG_FORMAT: "json",
        ...env,
        ADMIN_PORT: String(await freePort()),
        ...(kind === "gateway" ? { WEBHOOKS_PORT: String(port), GATEWAY_ID: `bench-${port}` } : {}),
        ...options.env,
      };
      const args = [runtimeEnvArg(options.root ?? ROOT), ...(options.nodeFlags ?? []), join(options.root ?? ROOT, kind, "dist", "main.js")];
      const proc = new ManagedProcess(`${kind}:${port}`, serviceNode, args, serviceEnv, ROOT);
      proc.start();
      stoppers.push(() => proc.stop("SIGKILL"));
      const ready = kind === "bot" ? '"msg":"irc registered"' : '"msg":"webhooks listening"';
      await waitUntil(`${proc.label} to log ${ready}\n${proc.tail()}`, () => proc.output.some((line) => line.includes(ready)), 30_000);
      if (proc.pid === undefined) throw new Error(`${proc.label} has no pid`);
      return { process: proc, port, pid: proc.pid };
    };
    const { outbox } = redisKeys("helga");
    const outboxDrained = async () => {
      const queued = await redis.client.xlen(outbox);
      const since = performance.now();
      await waitUntil("the bot to drain the outbox", async () => (await redis.client.xlen(outbox)) === 0, 120_000, 20);
      return { queued, seconds: (performance.now() - since) / 1000 };
    };
    return { redis, ircd, env, startService, outboxDrained, onStop: (stopper) => stoppers.push(stopper), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
