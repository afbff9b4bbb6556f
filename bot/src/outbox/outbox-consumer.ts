import { setTimeout as sleep } from "node:timers/promises";
import { deadLetter } from "./dead-letter.js";
import type { Item, OutboxConsumerOptions } from "./delivery-types.js";
import { describeError as describe } from "./describe-error.js";
import { NO_TRAIL, OutboxFates } from "./outbox-fates.js";
import { OutboxIntake } from "./outbox-intake.js";
import { OutboxReader } from "./outbox-reader.js";
import { OutboxWriter } from "./outbox-writer.js";
import { SentSummary } from "./sent-summary.js";
import { idsOf } from "./summary-line.js";
import { TargetQueues } from "./target-queues.js";
import { untilAborted } from "./until-aborted.js";

export { PermanentDeliveryError, type Acknowledge, type OutboxConsumerOptions, type Rejection } from "./delivery-types.js";

/**
 * Reads the outbox stream through the bot's consumer group into one queue per target, writes
 * them round-robin, and acks (XACK + XDEL, so XLEN is the backlog) only once the IRC server
 * confirmed reading an entry's lines: a PING fence after each batch, answered by its PONG.
 * When a connection dies with entries unconfirmed, every entry still pending is re-read in
 * stream order and written again: at-least-once up to the IRC server. So is everything still
 * pending after a read or an ack failed (Redis dropped the connection): a read's reply may be
 * lost while Redis kept what it handed out.
 */
export class OutboxConsumer {
  readonly #o: Required<Omit<OutboxConsumerOptions, "guard">> & Pick<OutboxConsumerOptions, "guard">;
  readonly #reader: OutboxReader;
  readonly #queues = new TargetQueues<Item>();
  readonly #sent: SentSummary;
  readonly #fates: OutboxFates;
  readonly #intake: OutboxIntake;
  readonly #writer: OutboxWriter;
  /** Ids held in memory: queued, written, or in a fence in flight. */
  readonly #known = new Set<string>();
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
  /** Aborted by close(): ends the loop's waits at once (untilAborted, not a race with a promise kept for good: that leaked). */
  readonly #closingSignal = new AbortController();

  constructor(options: OutboxConsumerOptions) {
    this.#o = {
      commands: options.redis,
      targetKey: (target) => target.toLowerCase(),
      batchSize: 50,
      blockMs: 5_000,
      maxQueued: 1_000,
      fenceLines: 10,
      maxUnconfirmed: 500,
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
    const { acknowledge, trail, network, onDeadLetter } = this.#o;
    const fates = (this.#fates = new OutboxFates({ acknowledge, trail, network, commands, logger, onDeadLetter, forget: (id) => this.#known.delete(id) }));
    const queues = this.#queues;
    this.#intake = new OutboxIntake({ ...this.#o, fates, queues, known: this.#known });
    this.#writer = new OutboxWriter({ ...this.#o, fates, queues, sent: this.#sent, closing: this.#closingSignal.signal, onBroken: () => (this.#broken = true) });
  }

  /** Creates the group if needed and starts consuming in the background. */
  async start(): Promise<void> {
    await this.#reader.ensureGroup();
    this.#sent.start();
    this.#run = this.#loop();
  }

  /** Entries written whose fence has not settled yet (metrics). */
  get unconfirmed(): number {
    return this.#writer.unconfirmed;
  }

  /** Stops after the entry in hand, waits (briefly) for its confirmation, closes the connection. Safe to call twice. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      this.#closingSignal.abort();
      this.#writer.stop();
      await this.#busy;
      this.#writer.fence();
      await Promise.race([this.#writer.settled(), sleep(this.#o.closeGraceMs)]);
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
        const session = await untilAborted(this.#o.waitUntilReady(), this.#closingSignal.signal);
        if (this.#closing || session === undefined) break;
        if (session !== this.#session) {
          if (this.#writer.pending) this.#broken = true;
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
          // It ends after pollMs: under flood control 50 lines take 50 s at 1 line/s, and a line
          // to another target must not wait behind all of them for its read.
          let run = 0;
          do {
            const written = this.#writer.write(next.item, session);
            this.#busy = written;
            await written;
          } while (++run < batchSize && !this.#closing && !this.#broken && performance.now() - this.#lastReadAt < pollMs && (next = this.#queues.next(performance.now())));
          continue;
        }
        // Nothing to write now: have what was written confirmed, then wait for new entries.
        this.#writer.fence();
        const pauseEnd = this.#queues.nextPauseEnd();
        await this.#readNew(Math.max(1, Math.min(blockMs, Math.ceil((pauseEnd ?? Infinity) - performance.now()))));
      } catch (error) {
        if (this.#closing) break;
        this.#broken = true;
        logger.warn({ err: describe(error) }, "outbox read failed; retrying");
        await untilAborted(sleep(retryDelayMs), this.#closingSignal.signal);
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
    this.#writer.fence();
    await this.#writer.settled();
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
      this.#writer.prune((id) => this.#known.has(id));
      this.#fates.prune((id) => this.#known.has(id));
      return;
    }
    this.#cursor = entries.at(-1)!.id;
    const counts = await this.#reader.deliveryCounts(entries.map((entry) => entry.id));
    for (const entry of entries) await this.#intake.accept(entry, counts.get(entry.id) ?? 1);
  }

  /** Reads new entries into the queues; returns how many. */
  async #readNew(blockMs?: number): Promise<number> {
    const entries = await this.#reader.readNew(blockMs);
    this.#lastReadAt = performance.now();
    this.#lastReadFull = entries.length >= this.#o.batchSize;
    for (const entry of entries) await this.#intake.accept(entry, 1);
    return entries.length;
  }
}
