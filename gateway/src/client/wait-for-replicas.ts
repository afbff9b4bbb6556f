import type { Redis } from "@helga/shared";

export interface ReplicaWaitOptions {
  /** Replicas that must have the writes (REDIS_MIN_REPLICAS, at least 1). */
  readonly minReplicas: number;
  /** WAIT's own timeout in ms (REDIS_REPLICA_TIMEOUT). */
  readonly timeoutMs: number;
}

/**
 * Confirms that the writes this connection made so far reached the replicas: resolves with
 * true when they did, false when too few confirmed in time or the connection changed since
 * `mark()` (then the write may have gone to a master that is gone, and a WAIT on the new
 * connection would prove nothing).
 */
export interface ReplicaWait {
  /** Call before the write: remembers which connection it goes out on. */
  mark(): number;
  /** Call after the write was answered, with mark()'s value. */
  confirm(mark: number): Promise<boolean>;
}

/**
 * WAIT for replicas, one WAIT for all the writes answered within one event-loop turn: WAIT
 * covers every earlier write of its connection, and a blocked WAIT holds up the commands
 * behind it, so one per request would serialise the gateway on replica round trips.
 */
export function createReplicaWait(redis: Redis, { minReplicas, timeoutMs }: ReplicaWaitOptions): ReplicaWait {
  let connection = 0;
  redis.on("close", () => (connection += 1));
  let next: Promise<number> | undefined;
  const shared = () =>
    (next ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      next = undefined; // later writes need a WAIT sent after them
      return redis.wait(minReplicas, timeoutMs);
    }));
  return {
    mark: () => connection,
    async confirm(mark) {
      if (mark !== connection) return false;
      const replicas = await shared();
      return replicas >= minReplicas && mark === connection;
    },
  };
}
