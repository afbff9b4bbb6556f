import { setTimeout as sleep } from "node:timers/promises";
import { decodeOutboxCommand, OUTBOX_FIELD, type OutboxCommand } from "@helga/shared";
import { commandTarget } from "./command-target.js";
import { deadLetter } from "./dead-letter.js";
import { PermanentDeliveryError, type Item, type OutboxConsumerOptions, type Rejection } from "./delivery-types.js";
import { describeError as describe } from "./describe-error.js";
import { FenceBatches } from "./fence-batches.js";
import { NO_TRAIL, OutboxFates } from "./outbox-fates.js";
import { OutboxReader } from "./outbox-reader.js";
import { SentSummary } from "./sent-summary.js";
import { splitRejected } from "./split-rejected.js";
import { fieldValue, type StreamEntry } from "./stream-entries.js";
import { foldIntoSummary, idsOf, summaryCommand } from "./summary-line.js";
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
  /** Ids held in memory: queued, written, or in a fence in flight. */
  readonly #known = new Set<string>();
  /** Written on a connection that died before confirming them: writing them again may duplicate. */
  readonly #unconfirmed = new Set<string>();
  readonly #batches: FenceBatches;
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
    this.#batches = new FenceBatches({
      confirm: (session) => this.#o.confirm(session),
      fenceLines: this.#o.fenceLines,
      onConfirmed: (batch, rejections) => this.#confirmed(batch, rejections),
      onUnconfirmed: (batch) => {
        for (const item of batch) for (const id of idsOf(item)) this.#unconfirmed.add(id);
        this.#broken = true;
      },
      onFailed: (batch, error) => {
        // Re-read from the pending list: the confirmed ones are acked then, the others sent.
        this.#broken = true;
        logger.warn({ err: describe(error), entries: batch.length }, "outbox ack failed; the entries stay pending");
      },
    });
    this.#fates = new OutboxFates({ acknowledge, trail, network, commands, logger, onDeadLetter, forget: (id) => this.#known.delete(id) });
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
      this.#closingSignal.abort();
      await this.#busy;
      this.#batches.close();
      await Promise.race([this.#batches.settled(), sleep(this.#o.closeGraceMs)]);
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
          if (this.#batches.pending) this.#broken = true;
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
            const written = this.#write(next.item, session);
            this.#busy = written;
            await written;
          } while (++run < batchSize && !this.#closing && !this.#broken && performance.now() - this.#lastReadAt < pollMs && (next = this.#queues.next(performance.now())));
          continue;
        }
        // Nothing to write now: have what was written confirmed, then wait for new entries.
        this.#batches.close();
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
    this.#batches.close();
    await this.#batches.settled();
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
      this.#fates.prune((id) => this.#known.has(id));
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
    const lines = this.#fates.confirmedLines(entry.id);
    if (lines !== undefined) {
      this.#known.add(entry.id);
      return this.#fates.sent([[entry.id, lines]]);
    }
    const payload = fieldValue(entry.fields, OUTBOX_FIELD);
    if (payload === undefined) return this.#fates.deadLetter(entry.id, "", `no "${OUTBOX_FIELD}" field`, deliveries);
    if (deliveries > maxAttempts) return this.#fates.deadLetter(entry.id, payload, `not delivered after ${deliveries - 1} attempts`, deliveries - 1);
    let command: OutboxCommand;
    try {
      command = decodeOutboxCommand(payload);
    } catch (error) {
      return this.#fates.deadLetter(entry.id, payload, `invalid command: ${describe(error)}`, deliveries);
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
    const { logger, retryDelayMs } = this.#o;
    const command = item.folded.length > 0 ? summaryCommand(item) : item.command;
    await this.#o.guard?.();
    let lines: number;
    try {
      lines = await this.#o.deliver(command, item.id, session);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) return this.#fates.deadLetterItem(item, error.message);
      logger.debug({ id: item.id, requestId: command.requestId, err: describe(error) }, "outbox command not sent; will retry");
      for (const id of idsOf(item)) this.#unconfirmed.add(id); // some of its lines may have gone out
      this.#broken = true;
      this.#o.onRetry();
      await this.#fates.failed(item, describe(error));
      await untilAborted(sleep(retryDelayMs), this.#closingSignal.signal);
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
    this.#batches.add(item, lines, session);
  }

  async #confirmed(batch: readonly Item[], rejections: readonly Rejection[]): Promise<void> {
    const { targetKey, retryDelayMs, maxAttempts, logger } = this.#o;
    const { delivered, refused } = splitRejected(batch, rejections, targetKey);
    const retry: Item[] = [];
    for (const [item, rejection] of refused) {
      this.#o.onRejected(rejection);
      const reason = `${rejection.code} ${rejection.reason}`;
      if (rejection.permanent || item.attempts >= maxAttempts) {
        await this.#fates.deadLetterItem(item, reason);
        continue;
      }
      logger.warn({ id: item.id, target: item.target, reason, attempt: item.attempts }, "irc server refused a command; will retry");
      await this.#fates.failed(item, reason);
      item.attempts += 1;
      retry.push(item);
    }
    // Back at the head of their targets, in their order.
    for (const item of retry.reverse()) this.#queues.retryLater(item.key, item, performance.now() + retryDelayMs);
    await this.#o.guard?.();
    await this.#fates.sent(delivered.flatMap((item) => idsOf(item).map((id) => [id, item.lines] as const)));
  }
}
