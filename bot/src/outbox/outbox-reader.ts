import type { Logger, Redis, RedisKeys } from "@helga/shared";
import { parseReadReply, type StreamEntry } from "./stream-entries.js";
import { untilAborted } from "./until-aborted.js";

export interface OutboxReaderOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it while waiting. */
  readonly redis: Redis;
  /** For everything else (acks, claims), so an ack never waits behind a blocking read. */
  readonly commands: Redis;
  readonly keys: RedisKeys;
  readonly consumer: string;
  readonly logger: Logger;
  readonly batchSize: number;
  /** A blocking read that has not returned this long after its BLOCK is taken for hung (BullMQ #4479). */
  readonly watchdogGraceMs: number;
}

class WatchdogError extends Error {
  override name = "WatchdogError";
}

/** The blocking connection closed with a read in flight: Redis may have run it, and its reply is gone. */
export class ReadLostError extends Error {
  override name = "ReadLostError";
}

/**
 * The bot's reads and acknowledgements on the outbox stream, through its consumer group.
 *
 * A read in flight when its connection closes fails with ReadLostError, never waits for a
 * re-send: Redis may have run it (the entries are then in our pending list) and lost only the
 * reply, so the caller must re-read its pending entries from "0". The blocking connection must
 * not re-send unanswered commands itself (createRedis `resendUnanswered: false`): a blind
 * re-send of XREADGROUP ">" would take newer entries past the ones whose reply was lost.
 */
export class OutboxReader {
  readonly #o: OutboxReaderOptions;
  /** Aborted when the blocking connection closes: the reads in flight on it are lost. */
  #lost = new AbortController();
  #ready: boolean;

  constructor(options: OutboxReaderOptions) {
    this.#o = options;
    this.#ready = options.redis.status === "ready";
    options.redis.on("ready", () => (this.#ready = true));
    options.redis.on("close", () => {
      // Only a connection that was ready can have taken a read; commands queued meanwhile wait for the next one.
      if (!this.#ready) return;
      this.#ready = false;
      this.#lost.abort();
      this.#lost = new AbortController();
    });
  }

  /** Runs a read on the blocking connection; fails with ReadLostError if that connection closes first. */
  async #read(read: Promise<unknown>): Promise<StreamEntry[]> {
    // Not Promise.race with a promise that lives as long as the connection: that kept every reply read (BENCHMARKS.md).
    const reply = await untilAborted(read, this.#lost.signal);
    if (reply === undefined) throw new ReadLostError("the outbox connection closed with a read in flight"); // a reply is null or an array
    return parseReadReply(reply);
  }

  async ensureGroup(): Promise<void> {
    const { redis, keys } = this.#o;
    try {
      // At "0", not "$": whatever was queued before the bot ever ran is still sent.
      await redis.xgroup("CREATE", keys.outbox, keys.outboxGroup, "0", "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
    }
  }

  /** Our own pending entries after `after` ("0" for all), oldest first. */
  async readPending(after: string): Promise<StreamEntry[]> {
    const { redis, keys, consumer, batchSize } = this.#o;
    return this.#read(redis.xreadgroup("GROUP", keys.outboxGroup, consumer, "COUNT", batchSize, "STREAMS", keys.outbox, after));
  }

  /** New entries; with `blockMs`, waits that long for one (0 would mean forever: not allowed). */
  async readNew(blockMs?: number): Promise<StreamEntry[]> {
    const { redis, keys, consumer, batchSize, watchdogGraceMs, logger } = this.#o;
    if (blockMs === undefined || blockMs < 1) return this.#read(redis.xreadgroup("GROUP", keys.outboxGroup, consumer, "COUNT", batchSize, "STREAMS", keys.outbox, ">"));
    const read = redis.xreadgroup("GROUP", keys.outboxGroup, consumer, "COUNT", batchSize, "BLOCK", blockMs, "STREAMS", keys.outbox, ">");
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        logger.warn({ waitedMs: blockMs + watchdogGraceMs }, "outbox blocking read hung; reconnecting its Redis connection");
        redis.disconnect(true);
        reject(new WatchdogError("blocking read hung"));
      }, blockMs + watchdogGraceMs);
    });
    try {
      return await this.#read(Promise.race([read, watchdog]));
    } finally {
      clearTimeout(timer);
    }
  }

  /** How often each pending entry was delivered (read), from one XPENDING over their range. */
  async deliveryCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const { commands, keys, consumer } = this.#o;
    const reply: unknown = await commands.xpending(keys.outbox, keys.outboxGroup, ids[0]!, ids.at(-1)!, ids.length, consumer);
    if (!Array.isArray(reply)) throw new TypeError("unexpected XPENDING reply");
    for (const row of reply as unknown[]) {
      if (Array.isArray(row) && typeof row[0] === "string" && typeof row[3] === "number") counts.set(row[0], row[3]);
    }
    return counts;
  }

  /**
   * Entries read but never tried stay pending; reading them counted a delivery each, so their
   * counters go back to 0 and the re-read counts their first real attempt.
   */
  async uncount(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { commands, keys, consumer } = this.#o;
    await commands.xclaim(keys.outbox, keys.outboxGroup, consumer, 0, ...ids, "RETRYCOUNT", 0, "JUSTID");
  }

  /** Acknowledges and deletes entries in one round trip, so XLEN stays the backlog. */
  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { commands, keys } = this.#o;
    await commands.multi().xack(keys.outbox, keys.outboxGroup, ...ids).xdel(keys.outbox, ...ids).exec();
  }

  /** Moves entries pending idle for `idleMs` (a dead consumer's, or ours) into our pending list; returns their ids. */
  async claimIdle(idleMs: number, stop: () => boolean): Promise<string[]> {
    const { commands, keys, consumer } = this.#o;
    let cursor = "0-0";
    const claimed: string[] = [];
    do {
      const reply: unknown = await commands.xautoclaim(keys.outbox, keys.outboxGroup, consumer, idleMs, cursor, "COUNT", 100, "JUSTID");
      if (!Array.isArray(reply) || typeof reply[0] !== "string" || !Array.isArray(reply[1])) throw new TypeError("unexpected XAUTOCLAIM reply");
      cursor = reply[0];
      claimed.push(...(reply[1] as unknown[]).filter((id): id is string => typeof id === "string"));
    } while (cursor !== "0-0" && !stop());
    return claimed;
  }
}
