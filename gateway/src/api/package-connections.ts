import type { Redis } from "ioredis";
import type { RedisKeys } from "@helga/shared";

/** One connection per webhook package and gateway connection, made on first use. */
const connections = new WeakMap<Redis, Map<string, Redis>>();

/**
 * The package's own connection: a duplicate of `redis` whose keys carry the package prefix.
 * It queues commands while it connects (the gateway's own connection fails fast instead),
 * and gives up on them at the first failed reconnect when `redis` does.
 */
export function packageConnection(redis: Redis, keys: RedisKeys, packageName: string): Redis {
  let byName = connections.get(redis);
  if (!byName) connections.set(redis, (byName = new Map()));
  let connection = byName.get(packageName);
  if (!connection) {
    connection = redis.duplicate({ keyPrefix: keys.webhookDb(packageName), lazyConnect: false, enableOfflineQueue: true });
    byName.set(packageName, connection);
  }
  return connection;
}

/** Closes every package connection made from `redis` (gateway shutdown, tests). Safe to call twice. */
export async function closePackageConnections(redis: Redis): Promise<void> {
  const byName = connections.get(redis);
  connections.delete(redis);
  if (!byName) return;
  await Promise.all([...byName.values()].map(close));
}

/** QUIT, then wait for the socket to end, so nothing lingers past the caller's await. */
async function close(connection: Redis): Promise<void> {
  const ended = new Promise((resolve) => (connection.status === "end" ? resolve(undefined) : connection.once("end", resolve)));
  await connection.quit().catch(() => connection.disconnect());
  await ended;
}
