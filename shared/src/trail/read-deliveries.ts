import type { Redis } from "../create-redis.js";
import { plainStreamId, sortableStreamId, type RedisKeys } from "../protocol/redis-keys.js";
import { parseDeliveryHash, type DeliveryRecord, type DeliveryStatus } from "./delivery-record.js";

/** What GET /deliveries and the console filter on; every given filter must match exactly. */
export interface DeliveryFilter {
  readonly webhook?: string;
  readonly target?: string;
  readonly status?: DeliveryStatus;
  readonly requestId?: string;
}

export interface DeliveryQuery extends DeliveryFilter {
  /** Deliveries per page (newest first). */
  readonly limit: number;
  /** The `next` of the previous page: continue after that delivery. */
  readonly after?: string;
}

export interface DeliveryPage {
  readonly deliveries: DeliveryRecord[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** Index entries read per round trip while filtering; the trail's cap bounds the whole scan. */
const CHUNK = 200;

/**
 * A page of the trail, newest first. Filters are applied while walking the index in chunks
 * (one pipelined HGETALL per chunk), so a filtered page never needs the whole trail in memory.
 * Targets compare case-insensitively, as IRC channel names do.
 */
export async function readDeliveries(redis: Redis, keys: RedisKeys, query: DeliveryQuery): Promise<DeliveryPage> {
  let start = 0;
  if (query.after !== undefined) {
    const rank = await redis.zrevrank(keys.trail, sortableStreamId(query.after));
    if (rank === null) return { deliveries: [] }; // trimmed away since: nothing older is left to show reliably
    start = rank + 1;
  }
  const deliveries: DeliveryRecord[] = [];
  for (;;) {
    const ids = await redis.zrevrange(keys.trail, start, start + CHUNK - 1);
    if (ids.length === 0) return { deliveries };
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.trailEntry(id));
    const hashes = (await pipeline.exec()) ?? [];
    for (const [index, member] of ids.entries()) {
      const [error, hash] = hashes[index] ?? [];
      if (error || hash === null || typeof hash !== "object") continue;
      const id = plainStreamId(member);
      const record = parseDeliveryHash(id, hash as Record<string, string>);
      if (record === undefined || !matches(record, query)) continue;
      deliveries.push(record);
      if (deliveries.length === query.limit) {
        const more = (await redis.zcard(keys.trail)) > start + index + 1;
        return more ? { deliveries, next: id } : { deliveries };
      }
    }
    start += ids.length;
  }
}

function matches(record: DeliveryRecord, filter: DeliveryFilter): boolean {
  return (
    (filter.status === undefined || record.status === filter.status) &&
    (filter.webhook === undefined || record.webhook === filter.webhook) &&
    (filter.requestId === undefined || record.requestId === filter.requestId) &&
    (filter.target === undefined || record.target.toLowerCase() === filter.target.toLowerCase())
  );
}

/** One minute of the chart: outcomes the bot recorded in it. */
export interface MinuteCounts {
  /** Epoch milliseconds of the minute's start. */
  readonly at: number;
  readonly sent: number;
  readonly failed: number;
  readonly dead: number;
}

/** The last `minutes` minutes' outcomes, oldest first, the current minute last. */
export async function readMinuteCounts(redis: Redis, keys: RedisKeys, minutes = 60, now = Date.now()): Promise<MinuteCounts[]> {
  const current = Math.floor(now / 60_000);
  const wanted = Array.from({ length: minutes }, (_, i) => current - minutes + 1 + i);
  const pipeline = redis.pipeline();
  for (const minute of wanted) pipeline.hgetall(keys.trailMinute(minute));
  const replies = (await pipeline.exec()) ?? [];
  return wanted.map((minute, i) => {
    const hash = (replies[i]?.[1] ?? {}) as Record<string, string>;
    const read = (field: string) => Number(hash[field] ?? 0) || 0;
    return { at: minute * 60_000, sent: read("sent"), failed: read("failed"), dead: read("dead") };
  });
}
