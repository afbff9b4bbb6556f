import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { ManagedProcess } from "./child-process.js";
import { freePort } from "./free-port.js";
import { waitUntil } from "./wait-until.js";

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly process: ManagedProcess;
  /** A plain client for assertions; closed by stop(). */
  readonly client: Redis;
  /** Starts it again on the same port and data folder (AOF replays what was acknowledged). */
  restart(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** A real redis-server on a free loopback port, in a temp folder, AOF on (appendfsync always). */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "helga-redis-"));
  const port = await freePort();
  const proc = new ManagedProcess(`redis:${port}`, "redis-server", [
    "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "",
    "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no",
  ]);
  const url = `redis://127.0.0.1:${port}`;
  const up = async () => {
    const before = proc.output.length;
    proc.start();
    await waitUntil(`redis-server on ${port}`, () => proc.output.slice(before).some((line) => line.includes("Ready to accept connections")), 10_000);
  };
  await up();
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on("error", () => undefined); // restarts are part of some tests; the client reconnects by itself
  await client.connect();
  return {
    url,
    port,
    process: proc,
    client,
    async restart(signal = "SIGTERM") {
      await proc.stop(signal);
      await up();
    },
    async stop() {
      client.disconnect();
      await proc.stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
