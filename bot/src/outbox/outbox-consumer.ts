import { setTimeout as sleep } from "node:timers/promises";
import type { ChainableCommander } from "ioredis";
import { decodeOutboxCommand, OUTBOX_FIELD, type DeliveryTrail, type Logger, type OutboxCommand, type Redis, type RedisKeys } from "@helga/shared";
import { commandTarget } from "./command-target.js";
import { deadLetter, deadLetterFields } from "./dead-letter.js";
import { OutboxReader } from "./outbox-reader.js";
import { fieldValue, type StreamEntry } from "./stream-entries.js";
import { TargetQueues } from "./target-queues.js";

/** A command that can never be sent as it stands: it goes to the dead-letter stream at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/** The IRC server refused a line to `target` (an error numeric before the fence's PONG). */
export interface Rejection {
  readonly target: string;
  readonly code: string;
  /** A short name, e.g. "banned". */
  readonly name: string;
  /** The server's words, e.g. "Cannot send to channel". */
  readonly reason: string;
  /** True when retrying cannot help (banned, no such nick); false while it may pass. */
  readonly permanent: boolean;
}

/**
 * Marks entries done: XACK + XDEL (so XLEN is the backlog); with `deadLetter` (the fields of
 * deadLetterFields, for one id), appends that entry to the dead-letter stream first, in the
 * same step. A standby lease replaces it with a version that checks its fencing token in Redis.
 */
export type Acknowledge = (ids: readonly string[], deadLetter?: readonly string[]) => Promise<void>;

export interface OutboxConsumerOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it while waiting. */
  readonly redis: Redis;
  /** A non-blocking connection for acks, claims and dead letters (default: `redis`). */
  readonly commands?: Redis;
  readonly keys: RedisKeys;
  /** Consumer name in the group; a restarted bot with the same name re-reads its own pending entries. */
  readonly consumer: string;
  /** Deliveries of one entry before it moves to the dead-letter stream. */
  readonly maxAttempts: number;
  /** Resolves when IRC takes lines, with the session (connection) they will be written on. */
  readonly waitUntilReady: () => Promise<number>;
  /** Writes a command's lines on `session`; resolves with their count once the last is written. Throw PermanentDeliveryError to dead-letter it. */
  readonly deliver: (command: OutboxCommand, id: string, session: number) => Promise<number>;
  /** Resolves once the server has read every line written on `session` so far, with what it refused; rejects when it never will. */
  readonly confirm: (session: number) => Promise<readonly Rejection[]>;
  /** The key a target is queued under (IRC case folding). */
  readonly targetKey?: (target: string) => string;
  /** Checked before each write and each ack (e.g. a standby lease): throw to hold off; the entries stay pending. */
  readonly guard?: () => Promise<void>;
  /** How entries are acked and dead-lettered (default: one MULTI each, unfenced). */
  readonly acknowledge?: Acknowledge;
  readonly logger: Logger;
  /** Entries per read. */
  readonly batchSize?: number;
  readonly blockMs?: number;
  /** Entries held in memory across all targets; reading pauses past it. */
  readonly maxQueued?: number;
  /** Lines written before a PING fence closes the batch (it also closes when nothing else is waiting). */
  readonly fenceLines?: number;
  /** While lines wait, new entries are looked for at least this often. */
  readonly pollMs?: number;
  /** Pending entries idle this long are claimed (a dead bot's). */
  readonly claimIdleMs?: number;
  /** A blocking read that has not returned this long after its BLOCK is taken for hung (BullMQ #4479). */
  readonly watchdogGraceMs?: number;
  /** Pause after a failed delivery, and before a refused command's retry. */
  readonly retryDelayMs?: number;
  /** How long close() waits for fences in flight to be answered. */
  readonly closeGraceMs?: number;
  /** A delivery failed and will be retried (metrics). */
  readonly onRetry?: () => void;
  /** An entry moved to the dead-letter stream (metrics). */
  readonly onDeadLetter?: () => void;
  /** An entry written on a connection that died before the server confirmed it was written again: it may show twice. */
  readonly onResend?: () => void;
  /** The server refused a command (metrics, `!webhooks status`). */
  readonly onRejected?: (rejection: Rejection) => void;
  /** Records each command's fate in the delivery trail, inside the ack's or the dead-lettering's own MULTI. */
  readonly trail?: DeliveryTrail;
  /** The IRC network the trail names for sent commands. */
  readonly network?: string;
}

/** Without a trail, fates are not recorded; the pipeline runs as it is. */
const NO_TRAIL: DeliveryTrail = { sent: (pipeline) => pipeline, failed: (pipeline) => pipeline, deadLettered: (pipeline) => pipeline };

interface Item {
  readonly id: string;
  readonly payload: string;
  readonly command: OutboxCommand;
  readonly target: string;
  readonly key: string;
  /** Deliveries so far, this one included. */
  attempts: number;
  /** Lines its last delivery wrote. */
  lines: number;
}

/**
 * Reads the outbox stream through the bot's consumer group into one queue per target, writes
 * them round-robin, and acks (XACK + XDEL, so XLEN is the backlog) only once the IRC server
 * confirmed reading an entry's lines: a PING fence after each batch, answered by its PONG.
 * When a connection dies with entries unconfirmed, every entry still pending is re-read in
 * stream order and written again: at-least-once up to the IRC server.
 */
export class OutboxConsumer {
  readonly #o: Required<Omit<OutboxConsumerOptions, "guard">> & Pick<OutboxConsumerOptions, "guard">;
  readonly #reader: OutboxReader;
  readonly #queues = new TargetQueues<Item>();
  /** Ids held in memory: queued, written, or in a fence in flight. */
  readonly #known = new Set<string>();
  /** Written on a connection that died before confirming them: writing them again may duplicate. */
  readonly #unconfirmed = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  #unfenced: Item[] = [];
  /** The session `#unfenced` was written on: its fence must go on the same connection. */
  #unfencedSession = 0;
  #linesSinceFence = 0;
  #session: number | undefined;
  #broken = false;
  #mode: "pending" | "new" = "pending";
  #cursor = "0";
  #lastReadFull = false;
  #lastReadAt = -Infinity;
  #closing = false;
  #closed: Promise<void> | undefined;
  #run: Promise<void> | undefined;
  #busy: Promise<unknown> = Promise.resolve();
  #wake: () => void = () => undefined;
  readonly #closingSignal = new Promise<void>((resolve) => (this.#wake = resolve));

  constructor(options: OutboxConsumerOptions) {
    this.#o = {
      commands: options.redis,
      targetKey: (target) => target.toLowerCase(),
      batchSize: 50,
      blockMs: 5_000,
      maxQueued: 1_000,
      fenceLines: 10,
      pollMs: 200,
      claimIdleMs: 60_000,
      watchdogGraceMs: 10_000,
      retryDelayMs: 1_000,
      closeGraceMs: 5_000,
      onRetry: () => undefined,
      onDeadLetter: () => undefined,
      onResend: () => undefined,
      onRejected: () => undefined,
      trail: NO_TRAIL,
      network: "",
      acknowledge: (ids, fields) => (fields ? deadLetter(this.#o.commands, this.#o.keys, ids[0] ?? "", fields) : this.#reader.ack(ids)),
      ...options,
    };
    const { redis, commands, keys, consumer, logger, batchSize, watchdogGraceMs } = this.#o;
    this.#reader = new OutboxReader({ redis, commands, keys, consumer, logger, batchSize, watchdogGraceMs });
  }

  /** Creates the group if needed and starts consuming in the background. */
  async start(): Promise<void> {
    await this.#reader.ensureGroup();
    this.#run = this.#loop();
  }

  /** Stops after the entry in hand, waits (briefly) for its confirmation, closes the connection. Safe to call twice. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      this.#wake();
      await this.#busy;
      this.#closeBatch();
      await Promise.race([Promise.allSettled([...this.#inFlight]), sleep(this.#o.closeGraceMs)]);
      await this.#reader.uncount(this.#queues.drain().map((item) => item.id)).catch(() => undefined);
      this.#o.redis.disconnect();
      await this.#run;
    })();
    return this.#closed;
  }

  async #loop(): Promise<void> {
    const { logger, claimIdleMs, retryDelayMs, maxQueued, pollMs, blockMs } = this.#o;
    let claimedAt = -Infinity;
    while (!this.#closing) {
      try {
        const session = await Promise.race([this.#o.waitUntilReady(), this.#closingSignal]);
        if (this.#closing || session === undefined) break;
        if (session !== this.#session) {
          if (this.#unfenced.length > 0 || this.#inFlight.size > 0) this.#broken = true;
          this.#session = session;
        }
        if (performance.now() - claimedAt >= claimIdleMs) {
          claimedAt = performance.now();
          if (await this.#claimForeign()) await this.#recover();
        }
        if (this.#broken) await this.#recover();
        if (this.#queues.size < maxQueued) {
          if (this.#mode === "pending") {
            await this.#readPending();
            continue;
          }
          if (this.#lastReadFull || performance.now() - this.#lastReadAt >= pollMs) {
            if ((await this.#readNew()) > 0) continue;
          }
        }
        const next = this.#queues.next(performance.now());
        if (next) {
          const written = this.#write(next.item, session);
          this.#busy = written;
          await written;
          continue;
        }
        // Nothing to write now: have what was written confirmed, then wait for new entries.
        this.#closeBatch();
        const pauseEnd = this.#queues.nextPauseEnd();
        await this.#readNew(Math.max(1, Math.min(blockMs, Math.ceil((pauseEnd ?? Infinity) - performance.now()))));
      } catch (error) {
        if (this.#closing) break;
        this.#broken = true;
        logger.warn({ err: describe(error) }, "outbox read failed; retrying");
        await Promise.race([sleep(retryDelayMs), this.#closingSignal]);
      }
    }
  }

  /**
   * Starts over from the pending list: waits for the fences in flight, forgets what is held in
   * memory (its counters reset for entries never tried) and re-reads everything still pending,
   * in stream order.
   */
  async #recover(): Promise<void> {
    // What was written still gets its fence: on a dead connection it fails at once (unconfirmed).
    this.#closeBatch();
    await Promise.allSettled([...this.#inFlight]);
    await this.#reader.uncount(this.#queues.drain().map((item) => item.id));
    this.#known.clear();
    this.#broken = false;
    this.#mode = "pending";
    this.#cursor = "0";
  }

  /** True when entries idle past claimIdleMs were claimed that we do not hold (a dead consumer's). */
  async #claimForeign(): Promise<boolean> {
    const claimed = await this.#reader.claimIdle(this.#o.claimIdleMs, () => this.#closing);
    const foreign = claimed.filter((id) => !this.#known.has(id));
    if (foreign.length > 0) this.#o.logger.info({ claimed: foreign.length }, "outbox claimed entries left pending by another consumer");
    return foreign.length > 0;
  }

  async #readPending(): Promise<void> {
    const entries = await this.#reader.readPending(this.#cursor);
    if (entries.length === 0) {
      this.#mode = "new";
      for (const id of this.#unconfirmed) if (!this.#known.has(id)) this.#unconfirmed.delete(id); // not re-read: gone (dead-lettered, deleted)
      return;
    }
    this.#cursor = entries.at(-1)!.id;
    const counts = await this.#reader.deliveryCounts(entries.map((entry) => entry.id));
    for (const entry of entries) await this.#accept(entry, counts.get(entry.id) ?? 1);
  }

  /** Reads new entries into the queues; returns how many. */
  async #readNew(blockMs?: number): Promise<number> {
    const entries = await this.#reader.readNew(blockMs);
    this.#lastReadAt = performance.now();
    this.#lastReadFull = entries.length >= this.#o.batchSize;
    for (const entry of entries) await this.#accept(entry, 1);
    return entries.length;
  }

  /** Queues an entry, or dead-letters it when it can never be sent. */
  async #accept(entry: StreamEntry, deliveries: number): Promise<void> {
    const { maxAttempts, targetKey } = this.#o;
    if (entry.fields === null) return this.#o.acknowledge([entry.id]); // deleted while pending: nothing to send
    const payload = fieldValue(entry.fields, OUTBOX_FIELD);
    if (payload === undefined) return this.#deadLetter(entry.id, "", `no "${OUTBOX_FIELD}" field`, deliveries);
    if (deliveries > maxAttempts) return this.#deadLetter(entry.id, payload, `not delivered after ${deliveries - 1} attempts`, deliveries - 1);
    let command: OutboxCommand;
    try {
      command = decodeOutboxCommand(payload);
    } catch (error) {
      return this.#deadLetter(entry.id, payload, `invalid command: ${describe(error)}`, deliveries);
    }
    const target = commandTarget(command);
    this.#queues.push(targetKey(target), { id: entry.id, payload, command, target, key: targetKey(target), attempts: deliveries, lines: 0 });
    this.#known.add(entry.id);
  }

  async #write(item: Item, session: number): Promise<void> {
    const { logger, retryDelayMs, fenceLines } = this.#o;
    const { command } = item;
    await this.#o.guard?.();
    let lines: number;
    try {
      lines = await this.#o.deliver(command, item.id, session);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) return this.#deadLetter(item.id, item.payload, error.message, item.attempts, item.target);
      logger.debug({ id: item.id, requestId: command.requestId, err: describe(error) }, "outbox command not sent; will retry");
      this.#unconfirmed.add(item.id); // some of its lines may have gone out
      this.#broken = true;
      this.#o.onRetry();
      await this.#recordFailure(item.id, describe(error));
      await Promise.race([sleep(retryDelayMs), this.#closingSignal]);
      return;
    }
    item.lines = lines;
    if (this.#unconfirmed.delete(item.id)) this.#o.onResend();
    logger.info({ id: item.id, requestId: command.requestId, op: command.op, webhook: command.webhook }, "outbox command sent");
    if (this.#unfencedSession !== session) this.#closeBatch();
    this.#unfencedSession = session;
    this.#unfenced.push(item);
    this.#linesSinceFence += lines;
    if (this.#linesSinceFence >= fenceLines) this.#closeBatch();
  }

  /** Sends a fence after the entries written since the last one; acks them when the server confirms. */
  #closeBatch(): void {
    if (this.#unfenced.length === 0) return;
    const batch = this.#unfenced;
    this.#unfenced = [];
    this.#linesSinceFence = 0;
    const settled = this.#o.confirm(this.#unfencedSession).then(
      (rejections) => this.#confirmed(batch, rejections),
      () => {
        for (const item of batch) this.#unconfirmed.add(item.id);
        this.#broken = true;
      },
    ).catch((error: unknown) => {
      this.#o.logger.warn({ err: describe(error), entries: batch.length }, "outbox ack failed; the entries stay pending");
    });
    this.#inFlight.add(settled);
    void settled.finally(() => this.#inFlight.delete(settled));
  }

  async #confirmed(batch: readonly Item[], rejections: readonly Rejection[]): Promise<void> {
    const { targetKey, retryDelayMs, maxAttempts, logger } = this.#o;
    const refused = new Map<string, Rejection>();
    for (const rejection of rejections) if (!refused.has(targetKey(rejection.target))) refused.set(targetKey(rejection.target), rejection); // the first is the cause (a 474 before its 404s)
    const done: Item[] = [];
    const retry: Item[] = [];
    for (const item of batch) {
      const rejection = refused.get(item.key);
      if (rejection === undefined) {
        done.push(item);
        continue;
      }
      this.#o.onRejected(rejection);
      const reason = `${rejection.code} ${rejection.reason}`;
      if (rejection.permanent || item.attempts >= maxAttempts) {
        await this.#deadLetter(item.id, item.payload, reason, item.attempts, item.target);
        continue;
      }
      logger.warn({ id: item.id, target: item.target, reason, attempt: item.attempts }, "irc server refused a command; will retry");
      await this.#recordFailure(item.id, reason);
      item.attempts += 1;
      retry.push(item);
    }
    // Back at the head of their targets, in their order.
    for (const item of retry.reverse()) this.#queues.retryLater(item.key, item, performance.now() + retryDelayMs);
    await this.#o.guard?.();
    if (done.length > 0) {
      const { trail, network } = this.#o;
      // The trail's writes go out beside the ack (same tick, so the same round trip), not after it.
      await Promise.all([
        this.#o.acknowledge(done.map((item) => item.id)),
        this.#record(done.reduce((into, item) => trail.sent(into, item.id, { lines: item.lines, network }), this.#o.commands.pipeline())),
      ]);
    }
    for (const item of done) this.#known.delete(item.id);
  }

  /** Runs the trail's writes: a trail that could not be written is logged, never a failed delivery. */
  async #record(pipeline: ChainableCommander): Promise<void> {
    await pipeline.exec().catch((error: unknown) => {
      this.#o.logger.debug({ err: describe(error) }, "could not record a fate in the delivery trail");
    });
  }

  /** A failed attempt in the trail: failures only, so its own round trip stays off the hot path. */
  async #recordFailure(id: string, reason: string): Promise<void> {
    await this.#record(this.#o.trail.failed(this.#o.commands.pipeline(), id, reason));
  }

  async #deadLetter(id: string, payload: string, reason: string, attempts: number, target?: string): Promise<void> {
    const { logger } = this.#o;
    await Promise.all([
      this.#o.acknowledge([id], deadLetterFields({ id, payload, reason, attempts, ...(target !== undefined ? { target } : {}) })),
      this.#record(this.#o.trail.deadLettered(this.#o.commands.pipeline(), id, reason)),
    ]);
    this.#known.delete(id);
    logger.warn({ id, reason, ...(target !== undefined ? { target } : {}) }, "outbox command moved to the dead-letter stream");
    this.#o.onDeadLetter();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
