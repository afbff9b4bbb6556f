import { setTimeout as sleep } from "node:timers/promises";
import type { ChainableCommander } from "ioredis";
import { decodeOutboxCommand, OUTBOX_FIELD, type DeliveryTrail, type OutboxCommand } from "@helga/shared";
import { commandTarget } from "./command-target.js";
import { deadLetter, deadLetterFields } from "./dead-letter.js";
import { PermanentDeliveryError, type Item, type OutboxConsumerOptions, type Rejection } from "./delivery-types.js";
import { OutboxReader } from "./outbox-reader.js";
import { SentSummary } from "./sent-summary.js";
import { fieldValue, type StreamEntry } from "./stream-entries.js";
import { foldIntoSummary, idsOf, summaryCommand } from "./summary-line.js";
import { TargetQueues } from "./target-queues.js";

export { PermanentDeliveryError, type Acknowledge, type OutboxConsumerOptions, type Rejection } from "./delivery-types.js";

/** Without a trail, fates are not recorded; the pipeline runs as it is. */
const NO_TRAIL: DeliveryTrail = { sent: (pipeline) => pipeline, failed: (pipeline) => pipeline, deadLettered: (pipeline) => pipeline };

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
  readonly #sent: SentSummary;
  /** Ids held in memory: queued, written, or in a fence in flight. */
  readonly #known = new Set<string>();
  /** Written on a connection that died before confirming them: writing them again may duplicate. */
  readonly #unconfirmed = new Set<string>();
  /** Confirmed by the server but not acked (the ack failed): acked, not sent again, when re-read. Id → lines written. */
  readonly #unacked = new Map<string, number>();
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
      summariseAfter: 0,
      onSummarised: () => undefined,
      trail: NO_TRAIL,
      network: "",
      acknowledge: (ids, fields) => (fields ? deadLetter(this.#o.commands, this.#o.keys, ids[0] ?? "", fields) : this.#reader.ack(ids)),
      ...options,
    };
    const { redis, commands, keys, consumer, logger, batchSize, watchdogGraceMs } = this.#o;
    this.#reader = new OutboxReader({ redis, commands, keys, consumer, logger, batchSize, watchdogGraceMs });
    this.#sent = new SentSummary(logger);
  }

  /** Creates the group if needed and starts consuming in the background. */
  async start(): Promise<void> {
    await this.#reader.ensureGroup();
    this.#sent.start();
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
      await this.#reader.uncount(this.#queues.drain().flatMap(idsOf)).catch(() => undefined);
      this.#o.redis.disconnect();
      await this.#run;
      this.#sent.close();
    })();
    return this.#closed;
  }

  async #loop(): Promise<void> {
    const { logger, claimIdleMs, retryDelayMs, maxQueued, pollMs, blockMs, batchSize } = this.#o;
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
        let next = this.#queues.next(performance.now());
        if (next) {
          // A run of queued entries before the next read: written in one turn of the event loop,
          // their lines leave in one system call (batchSocketWrites) instead of one per line.
          let run = 0;
          do {
            const written = this.#write(next.item, session);
            this.#busy = written;
            await written;
          } while (++run < batchSize && !this.#closing && !this.#broken && (next = this.#queues.next(performance.now())));
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
    await this.#reader.uncount(this.#queues.drain().flatMap(idsOf));
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
      // Not re-read: gone (dead-lettered, deleted).
      for (const id of this.#unconfirmed) if (!this.#known.has(id)) this.#unconfirmed.delete(id);
      for (const id of this.#unacked.keys()) if (!this.#known.has(id)) this.#unacked.delete(id);
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
    const lines = this.#unacked.get(entry.id);
    if (lines !== undefined) {
      this.#known.add(entry.id);
      return this.#ackSent([[entry.id, lines]]);
    }
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
    const item: Item = { id: entry.id, payload, command, target, key: targetKey(target), attempts: deliveries, folded: [], lines: 0 };
    this.#known.add(entry.id);
    const { summariseAfter } = this.#o;
    if (summariseAfter > 0 && command.op !== "join" && command.op !== "leave" && this.#queues.depth(item.key) >= summariseAfter) {
      const summary = foldIntoSummary(this.#queues.tail(item.key), item);
      if (summary !== undefined) this.#queues.push(item.key, summary);
      return;
    }
    this.#queues.push(item.key, item);
  }

  async #write(item: Item, session: number): Promise<void> {
    const { logger, retryDelayMs, fenceLines } = this.#o;
    const command = item.folded.length > 0 ? summaryCommand(item) : item.command;
    await this.#o.guard?.();
    let lines: number;
    try {
      lines = await this.#o.deliver(command, item.id, session);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) return this.#deadLetterItem(item, error.message);
      logger.debug({ id: item.id, requestId: command.requestId, err: describe(error) }, "outbox command not sent; will retry");
      for (const id of idsOf(item)) this.#unconfirmed.add(id); // some of its lines may have gone out
      this.#broken = true;
      this.#o.onRetry();
      await this.#recordFailure(item, describe(error));
      await Promise.race([sleep(retryDelayMs), this.#closingSignal]);
      return;
    }
    item.lines = lines;
    for (const id of idsOf(item)) if (this.#unconfirmed.delete(id)) this.#o.onResend();
    if (item.folded.length > 0) {
      const folded = item.folded.map((entry) => entry.command.requestId);
      logger.info({ target: item.target, count: folded.length, requestIds: folded }, "outbox commands summarised into one line");
      this.#o.onSummarised(folded.length);
    } else {
      this.#sent.sent(item.id, command);
    }
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
        for (const item of batch) for (const id of idsOf(item)) this.#unconfirmed.add(id);
        this.#broken = true;
      },
    ).catch((error: unknown) => {
      // Re-read from the pending list: the confirmed ones are acked then, the others sent.
      this.#broken = true;
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
        await this.#deadLetterItem(item, reason);
        continue;
      }
      logger.warn({ id: item.id, target: item.target, reason, attempt: item.attempts }, "irc server refused a command; will retry");
      await this.#recordFailure(item, reason);
      item.attempts += 1;
      retry.push(item);
    }
    // Back at the head of their targets, in their order.
    for (const item of retry.reverse()) this.#queues.retryLater(item.key, item, performance.now() + retryDelayMs);
    await this.#o.guard?.();
    await this.#ackSent(done.flatMap((item) => idsOf(item).map((id) => [id, item.lines] as const)));
  }

  /** Acks entries the server confirmed (id, lines written) and records them sent; when the ack fails, remembers them as confirmed. */
  async #ackSent(sent: readonly (readonly [id: string, lines: number])[]): Promise<void> {
    if (sent.length === 0) return;
    const { trail, network, commands } = this.#o;
    const ids = sent.map(([id]) => id);
    try {
      // The trail's writes go out beside the ack (same tick, so the same round trip), not after it.
      await Promise.all([
        this.#o.acknowledge(ids),
        this.#record(sent.reduce((into, [id, lines]) => trail.sent(into, id, { lines, network }), commands.pipeline())),
      ]);
    } catch (error) {
      for (const [id, lines] of sent) this.#unacked.set(id, lines);
      throw error;
    }
    for (const id of ids) {
      this.#known.delete(id);
      this.#unacked.delete(id);
    }
  }

  /** Runs the trail's writes: a trail that could not be written is logged, never a failed delivery. */
  async #record(pipeline: ChainableCommander): Promise<void> {
    await pipeline.exec().catch((error: unknown) => {
      this.#o.logger.debug({ err: describe(error) }, "could not record a fate in the delivery trail");
    });
  }

  /** A failed attempt in the trail (a summary's entries each): failures only, so its round trip stays off the hot path. */
  async #recordFailure(item: Item, reason: string): Promise<void> {
    const { trail, commands } = this.#o;
    await this.#record(idsOf(item).reduce((into, id) => trail.failed(into, id, reason), commands.pipeline()));
  }

  /** A summary's entries each get their own dead letter, with their own command. */
  async #deadLetterItem(item: Item, reason: string): Promise<void> {
    for (const entry of item.folded.length > 0 ? item.folded : [item]) await this.#deadLetter(entry.id, entry.payload, reason, item.attempts, entry.target);
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
