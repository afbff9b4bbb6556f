import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

/** restart() keeps the port and data folder: AOF replays what was acknowledged. */
export interface RedisServer extends ServerProcess {
  readonly url: string;
  readonly port: number;
  /** A plain client for assertions; closed by stop(). */
  readonly client: Redis;
}

/** A real redis-server on a free loopback port, in a temp folder, AOF on (appendfsync always). */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "helga-redis-"));
  const port = await freePort();
  const server = await startServerProcess({
    label: `redis:${port}`,
    command: "redis-server",
    args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no"],
    readyLine: "Ready to accept connections",
    dir,
  });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on("error", () => undefined); // restarts are part of some tests; the client reconnects by itself
  await client.connect();
  return {
    ...server,
    url,
    port,
    client,
    async stop() {
      client.disconnect();
      await server.stop();
    },
  };
}
