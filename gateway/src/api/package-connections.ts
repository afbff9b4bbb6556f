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
  await Promise.all([...byName.values()].map((connection) => connection.quit().catch(() => connection.disconnect())));
}
