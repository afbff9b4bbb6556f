import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatHostPort, type HostPort } from "@helga/shared";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";
import type { RedisServer } from "./redis-server.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";
import { waitUntil } from "./wait-until.js";

export interface SentinelGroupOptions {
  /** Sentinel's down-after-milliseconds: how long the master may be silent before a failover. */
  readonly downAfterMs?: number;
  readonly failoverTimeoutMs?: number;
}

export interface RedisNode extends ServerProcess {
  readonly port: number;
}

/** A master, two replicas and three Sentinels (quorum 2) on loopback, passwords on both. */
export interface SentinelGroup {
  readonly master: RedisNode;
  /** Two, so that after a failover the new master still has a replica to confirm writes. */
  readonly replicas: readonly RedisNode[];
  readonly sentinels: readonly RedisNode[];
  /** The settings that point a service at this group. */
  readonly env: Readonly<Record<string, string>>;
  /** A client that follows the master through failovers, for assertions. */
  readonly client: Redis;
  /** Port of the master the Sentinels name now. */
  currentMasterPort(): Promise<number>;
  /** Looks like a single Redis to the Stack: url of the first master, the following client, stop(). */
  asRedisServer(): RedisServer;
  stop(): Promise<void>;
}

const NAME = "helga-master";
const PASSWORD = "data-secret";
const SENTINEL_PASSWORD = "sentinel-secret";

/** Starts the group and waits until every Sentinel knows both replicas and the two other Sentinels. */
export async function startRedisSentinel({ downAfterMs = 1_000, failoverTimeoutMs = 2_000 }: SentinelGroupOptions = {}): Promise<SentinelGroup> {
  const dir = mkdtempSync(join(tmpdir(), "helga-sentinel-"));
  const node = async (label: string, extra: string[]): Promise<RedisNode> => {
    const port = await freePort();
    const nodeDir = join(dir, label);
    mkdirSync(nodeDir);
    const common = ["--port", String(port), "--bind", "127.0.0.1", "--dir", nodeDir, "--save", "", "--protected-mode", "no"];
    const server = await startServerProcess({
      label: `${label}:${port}`,
      command: "redis-server",
      args: [...common, "--appendonly", "yes", "--appendfsync", "always", "--requirepass", PASSWORD, "--masterauth", PASSWORD, ...extra],
      readyLine: extra.includes("--replicaof") ? "MASTER <-> REPLICA sync: Finished with success" : "Ready to accept connections",
      dir: nodeDir,
    });
    return { ...server, port };
  };
  const master = await node("master", []);
  const replicas = [
    await node("replica-1", ["--replicaof", "127.0.0.1", String(master.port)]),
    await node("replica-2", ["--replicaof", "127.0.0.1", String(master.port)]),
  ];

  const sentinels: RedisNode[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const sentinelDir = join(dir, `sentinel-${i}`);
    mkdirSync(sentinelDir);
    // Sentinel rewrites its config file, so each gets a writable one of its own.
    const config = join(sentinelDir, "sentinel.conf");
    writeFileSync(config, [
      `port ${port}`,
      "bind 127.0.0.1",
      "protected-mode no",
      `dir ${sentinelDir}`,
      `requirepass ${SENTINEL_PASSWORD}`,
      `sentinel sentinel-pass ${SENTINEL_PASSWORD}`,
      `sentinel monitor ${NAME} 127.0.0.1 ${master.port} 2`,
      `sentinel auth-pass ${NAME} ${PASSWORD}`,
      `sentinel down-after-milliseconds ${NAME} ${downAfterMs}`,
      `sentinel failover-timeout ${NAME} ${failoverTimeoutMs}`,
      `sentinel parallel-syncs ${NAME} 1`,
      "",
    ].join("\n"));
    const server = await startServerProcess({ label: `sentinel:${port}`, command: "redis-sentinel", args: [config], readyLine: "+monitor master", dir: sentinelDir });
    sentinels.push({ ...server, port });
  }

  const ask = async <T>(port: number, command: (sentinel: Redis) => Promise<T>): Promise<T> => {
    const sentinel = new Redis({ host: "127.0.0.1", port, password: SENTINEL_PASSWORD, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    sentinel.on("error", () => undefined);
    try {
      await sentinel.connect();
      return await command(sentinel);
    } finally {
      sentinel.disconnect();
    }
  };
  for (const { port } of sentinels) {
    await waitUntil(`sentinel ${port} to know the replicas and the other sentinels`, () =>
      ask(port, async (sentinel) => {
        const peers = (await sentinel.call("SENTINEL", "SENTINELS", NAME)) as unknown[];
        const known = (await sentinel.call("SENTINEL", "REPLICAS", NAME)) as unknown[];
        return peers.length === 2 && known.length === replicas.length;
      }), 20_000);
  }

  const sentinelAddresses: HostPort[] = sentinels.map(({ port }) => ({ host: "127.0.0.1", port }));
  const client = new Redis({
    sentinels: sentinelAddresses,
    name: NAME,
    password: PASSWORD,
    sentinelPassword: SENTINEL_PASSWORD,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    retryStrategy: () => 100,
  });
  client.on("error", () => undefined); // the failover is the point of the tests using this
  await client.connect();

  const stop = async () => {
    client.disconnect();
    await Promise.all([master, ...replicas, ...sentinels].map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    master,
    replicas,
    sentinels,
    client,
    env: {
      REDIS_URL: `redis://127.0.0.1:${master.port}`,
      REDIS_SENTINELS: sentinelAddresses.map(formatHostPort).join(","),
      REDIS_SENTINEL_NAME: NAME,
      REDIS_PASSWORD: PASSWORD,
      REDIS_SENTINEL_PASSWORD: SENTINEL_PASSWORD,
    },
    async currentMasterPort() {
      const address = await ask(sentinels[0]!.port, (sentinel) => sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", NAME));
      return Number((address as string[])[1]);
    },
    asRedisServer: () => ({
      url: `redis://:${PASSWORD}@127.0.0.1:${master.port}`,
      port: master.port,
      client,
      process: master.process,
      restart: (signal) => master.restart(signal),
      stop,
    }),
    stop,
  };
}
