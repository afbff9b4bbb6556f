import { setTimeout as sleep } from "node:timers/promises";
import { decodeOutboxCommand, OUTBOX_FIELD, type DeliveryTrail, type Logger, type OutboxCommand, type Redis, type RedisKeys } from "@helga/shared";
import { fieldValue, parseDeliveryCount, parseReadReply, type StreamEntry } from "./stream-entries.js";

/** A command that can never be sent as it stands: it goes to the dead-letter stream at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

export interface OutboxConsumerOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it while waiting. */
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** Consumer name in the group; a restarted bot with the same name re-reads its own pending entries. */
  readonly consumer: string;
  /** Deliveries of one entry before it moves to the dead-letter stream. */
  readonly maxAttempts: number;
  /** Sends a command; resolves with the number of lines written once the last one is. Throw PermanentDeliveryError to dead-letter it. */
  readonly deliver: (command: OutboxCommand, id: string) => Promise<number>;
  /** Records each command's fate in the delivery trail, inside the ack's own MULTI. */
  readonly trail?: DeliveryTrail;
  /** The IRC network the trail names for sent commands. */
  readonly network?: string;
  /** Resolves when IRC is ready to take lines (at once when it already is). */
  readonly waitUntilReady: () => Promise<void>;
  readonly logger: Logger;
  /**
   * New entries per read (50 by default), still sent one by one in order. Pending entries are
   * re-read one at a time, so a failure counts against one entry only.
   */
  readonly batchSize?: number;
  readonly blockMs?: number;
  /** Pending entries of other consumers idle this long are claimed (a dead bot's). */
  readonly claimIdleMs?: number;
  /** A blocking read that has not returned this long after its BLOCK is taken for hung (BullMQ #4479). */
  readonly watchdogGraceMs?: number;
  /** Pause after a failed delivery before the retry. */
  readonly retryDelayMs?: number;
  /** Told when a delivery failed and will be retried (metrics). */
  readonly onRetry?: () => void;
  /** Told when an entry moved to the dead-letter stream (metrics). */
  readonly onDeadLetter?: () => void;
}

class WatchdogError extends Error {
  override name = "WatchdogError";
}

const DEAD_LETTER_MAXLEN = 10_000;

/** Without a trail, fates are not recorded; the pipeline runs as it is. */
const NO_TRAIL: DeliveryTrail = { sent: (pipeline) => pipeline, failed: (pipeline) => pipeline, deadLettered: (pipeline) => pipeline };

/**
 * Reads the outbox stream through the bot's consumer group, strictly in order, and acks
 * (XACK + XDEL, so XLEN is the backlog) only after a command's last line is written.
 * At-least-once: a crash between writing and acking re-sends the command on restart.
 */
export class OutboxConsumer {
  readonly #o: Required<OutboxConsumerOptions>;
  #closing = false;
  #closed: Promise<void> | undefined;
  #run: Promise<void> | undefined;
  #busy: Promise<unknown> = Promise.resolve();
  #wake: () => void = () => undefined;
  readonly #closingSignal = new Promise<void>((resolve) => (this.#wake = resolve));

  constructor(options: OutboxConsumerOptions) {
    this.#o = {
      batchSize: 50,
      blockMs: 5_000,
      claimIdleMs: 60_000,
      watchdogGraceMs: 10_000,
      retryDelayMs: 1_000,
      onRetry: () => undefined,
      onDeadLetter: () => undefined,
      trail: NO_TRAIL,
      network: "",
      ...options,
    };
  }

  /** Creates the group if needed and starts consuming in the background. */
  async start(): Promise<void> {
    await this.#ensureGroup();
    this.#run = this.#loop();
  }

  /** Stops after the entry in hand is finished and closes the connection. Safe to call twice. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      this.#wake();
      await this.#busy;
      this.#o.redis.disconnect();
      await this.#run;
    })();
    return this.#closed;
  }

  async #ensureGroup(): Promise<void> {
    const { redis, keys } = this.#o;
    try {
      // At "0", not "$": whatever was queued before the bot ever ran is still sent.
      await redis.xgroup("CREATE", keys.outbox, keys.outboxGroup, "0", "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
    }
  }

  async #loop(): Promise<void> {
    const { logger, claimIdleMs, retryDelayMs } = this.#o;
    let recovering = true; // first our own pending entries: a crash between send and ack re-sends
    let claimedAt = -Infinity;
    while (!this.#closing) {
      try {
        await Promise.race([this.#o.waitUntilReady(), this.#closingSignal]);
        if (this.#closing) break;
        if (performance.now() - claimedAt >= claimIdleMs) {
          if ((await this.#claimAbandoned()) > 0) recovering = true;
          claimedAt = performance.now();
        }
        const entries = recovering ? await this.#readPending() : await this.#readNew();
        if (recovering && entries.length === 0) {
          recovering = false;
          continue;
        }
        let tried = 0;
        let failed = false;
        for (const entry of entries) {
          if (this.#closing) break;
          tried += 1;
          const handled = this.#handle(entry, recovering);
          this.#busy = handled;
          if (!(await handled)) {
            failed = true;
            recovering = true; // left pending; re-read from our pending list, in order
            break;
          }
        }
        await this.#uncount(entries.slice(tried));
        if (failed) await Promise.race([sleep(retryDelayMs), this.#closingSignal]);
      } catch (error) {
        if (this.#closing) break;
        recovering = true;
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, "outbox read failed; retrying");
        await Promise.race([sleep(retryDelayMs), this.#closingSignal]);
      }
    }
  }

  /** Our own pending entries, one at a time so a failure counts against one entry only. */
  async #readPending(): Promise<StreamEntry[]> {
    const { redis, keys, consumer } = this.#o;
    return parseReadReply(await redis.xreadgroup("GROUP", keys.outboxGroup, consumer, "COUNT", 1, "STREAMS", keys.outbox, "0"));
  }

  async #readNew(): Promise<StreamEntry[]> {
    const { redis, keys, consumer, batchSize, blockMs, watchdogGraceMs, logger } = this.#o;
    const read = redis.xreadgroup("GROUP", keys.outboxGroup, consumer, "COUNT", batchSize, "BLOCK", blockMs, "STREAMS", keys.outbox, ">");
    read.catch(() => undefined); // may be abandoned by the watchdog below
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        logger.warn({ waitedMs: blockMs + watchdogGraceMs }, "outbox blocking read hung; reconnecting its Redis connection");
        redis.disconnect(true);
        reject(new WatchdogError("blocking read hung"));
      }, blockMs + watchdogGraceMs);
    });
    try {
      return parseReadReply(await Promise.race([read, watchdog]));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Entries read in a batch but never tried (a failure or close cut the batch short) stay
   * pending; reading them counted a delivery each, so their counters go back to 0 and the
   * re-read from the pending list counts their first real attempt.
   */
  async #uncount(untried: readonly StreamEntry[]): Promise<void> {
    if (untried.length === 0) return;
    const { redis, keys, consumer } = this.#o;
    await redis.xclaim(keys.outbox, keys.outboxGroup, consumer, 0, ...untried.map((entry) => entry.id), "RETRYCOUNT", 0, "JUSTID");
  }

  /** Moves entries a dead consumer left pending into our own pending list. */
  async #claimAbandoned(): Promise<number> {
    const { redis, keys, consumer, claimIdleMs, logger } = this.#o;
    let cursor = "0-0";
    let claimed = 0;
    do {
      const reply: unknown = await redis.xautoclaim(keys.outbox, keys.outboxGroup, consumer, claimIdleMs, cursor, "COUNT", 100, "JUSTID");
      if (!Array.isArray(reply) || typeof reply[0] !== "string" || !Array.isArray(reply[1])) throw new TypeError("unexpected XAUTOCLAIM reply");
      cursor = reply[0];
      claimed += reply[1].length;
    } while (cursor !== "0-0" && !this.#closing);
    if (claimed > 0) logger.info({ claimed }, "outbox claimed entries left pending by another consumer");
    return claimed;
  }

  /** True when the entry is done with (sent, or dead-lettered); false to retry it later. */
  async #handle(entry: StreamEntry, fromPending: boolean): Promise<boolean> {
    const { redis, keys, maxAttempts, logger } = this.#o;
    if (entry.fields === null) {
      await redis.xack(keys.outbox, keys.outboxGroup, entry.id); // deleted while pending: nothing to send
      return true;
    }
    const payload = fieldValue(entry.fields, OUTBOX_FIELD);
    if (payload === undefined) return this.#deadLetter(entry, "", `no "${OUTBOX_FIELD}" field`);
    if (fromPending) {
      const deliveries = parseDeliveryCount(await redis.xpending(keys.outbox, keys.outboxGroup, entry.id, entry.id, 1));
      if (deliveries > maxAttempts) return this.#deadLetter(entry, payload, `not delivered after ${deliveries - 1} attempts`);
    }
    let command: OutboxCommand;
    try {
      command = decodeOutboxCommand(payload);
    } catch (error) {
      return this.#deadLetter(entry, payload, `invalid command: ${describe(error)}`);
    }
    const { trail, network } = this.#o;
    let lines: number;
    try {
      lines = await this.#o.deliver(command, entry.id);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) return this.#deadLetter(entry, payload, error.message);
      logger.debug({ id: entry.id, requestId: command.requestId, err: describe(error) }, "outbox command not sent; will retry");
      this.#o.onRetry();
      await trail.failed(redis.pipeline(), entry.id, describe(error)).exec(); // failures only: off the hot path
      return false;
    }
    await trail.sent(redis.multi().xack(keys.outbox, keys.outboxGroup, entry.id).xdel(keys.outbox, entry.id), entry.id, { lines, network }).exec();
    logger.info({ id: entry.id, requestId: command.requestId, op: command.op, webhook: command.webhook }, "outbox command sent");
    return true;
  }

  async #deadLetter(entry: StreamEntry, payload: string, reason: string): Promise<true> {
    const { redis, keys, logger } = this.#o;
    const moved = redis
      .multi()
      .xadd(keys.deadLetter, "MAXLEN", "~", DEAD_LETTER_MAXLEN, "*", OUTBOX_FIELD, payload, "reason", reason, "id", entry.id)
      .xack(keys.outbox, keys.outboxGroup, entry.id)
      .xdel(keys.outbox, entry.id);
    await this.#o.trail.deadLettered(moved, entry.id, reason).exec();
    logger.warn({ id: entry.id, reason }, "outbox command moved to the dead-letter stream");
    this.#o.onDeadLetter();
    return true;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
