import { setTimeout as sleep } from "node:timers/promises";
import { untilAborted } from "./until-aborted.js";
import { PermanentDeliveryError, type Item, type OutboxConsumerOptions, type Rejection } from "./delivery-types.js";
import { describeError as describe } from "./describe-error.js";
import { FenceBatches } from "./fence-batches.js";
import type { OutboxFates } from "./outbox-fates.js";
import type { SentSummary } from "./sent-summary.js";
import { splitRejected } from "./split-rejected.js";
import { idsOf, summaryCommand } from "./summary-line.js";
import type { TargetQueues } from "./target-queues.js";

type Used = "deliver" | "confirm" | "onRetry" | "onResend" | "onRejected" | "onSummarised" | "fenceLines" | "maxUnconfirmed" | "maxAttempts" | "retryDelayMs" | "targetKey" | "logger";

export interface OutboxWriterOptions extends Required<Pick<OutboxConsumerOptions, Used>>, Pick<OutboxConsumerOptions, "guard"> {
  readonly fates: OutboxFates;
  readonly sent: SentSummary;
  /** Where a refused command goes back to be retried. */
  readonly queues: TargetQueues<Item>;
  /** Aborted when the consumer is closing: a retry's pause ends early. */
  readonly closing: AbortSignal;
  /** Written entries' fate is unknown (a dead connection, a failed ack): the consumer re-reads its pending list. */
  readonly onBroken: () => void;
}

/**
 * The written half of the outbox: writes an entry's lines, puts them under a PING fence, and
 * settles them by the fence's answer (acked, retried, dead-lettered). Remembers the entries a
 * dead connection left unconfirmed, so writing them again is counted as a re-send.
 */
export class OutboxWriter {
  readonly #o: OutboxWriterOptions;
  readonly #batches: FenceBatches;
  /** Written on a connection that died before confirming them: writing them again may duplicate. */
  readonly #unconfirmed = new Set<string>();

  constructor(options: OutboxWriterOptions) {
    this.#o = options;
    this.#batches = new FenceBatches({
      confirm: (session) => options.confirm(session),
      fenceLines: options.fenceLines,
      onConfirmed: (batch, rejections) => this.#confirmed(batch, rejections),
      onUnconfirmed: (batch) => {
        for (const item of batch) for (const id of idsOf(item)) this.#unconfirmed.add(id);
        options.onBroken();
      },
      onFailed: (batch, error) => {
        // Re-read from the pending list: the confirmed ones are acked then, the others sent.
        options.onBroken();
        options.logger.warn({ err: describe(error), entries: batch.length }, "outbox ack failed; the entries stay pending");
      },
    });
  }

  /** True while written entries wait for a fence or its answer. */
  get pending(): boolean {
    return this.#batches.pending;
  }

  /** Entries written whose fence has not settled: what a lost connection could make show twice. */
  get unconfirmed(): number {
    return this.#batches.unconfirmed;
  }

  /** Writes nothing more: a write waiting for room gives its entry back (the consumer is closing). */
  stop(): void {
    this.#batches.stopWaiting();
  }

  /** Sends a fence after what was written since the last one (nothing else is waiting). */
  fence(): void {
    this.#batches.close();
  }

  /** Resolves once every fence in flight is settled and its batch handled. */
  settled(): Promise<void> {
    return this.#batches.settled();
  }

  /** Forgets unconfirmed entries for which `keep` is false (not re-read: dead-lettered, deleted). */
  prune(keep: (id: string) => boolean): void {
    for (const id of this.#unconfirmed) if (!keep(id)) this.#unconfirmed.delete(id);
  }

  /** Writes an entry's lines on `session` and adds it to the open batch; a failure marks the consumer broken. */
  async write(item: Item, session: number): Promise<void> {
    const { logger, retryDelayMs } = this.#o;
    const command = item.folded.length > 0 ? summaryCommand(item) : item.command;
    // The bound on duplicates: no more than maxUnconfirmed entries written ahead of their fences.
    if (!(await this.#batches.room(this.#o.maxUnconfirmed))) {
      this.#o.queues.retryLater(item.key, item, 0); // not tried: back to its place, uncounted at close
      return;
    }
    await this.#o.guard?.();
    let lines: number;
    try {
      lines = await this.#o.deliver(command, item.id, session);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) return this.#o.fates.deadLetterItem(item, error.message);
      logger.debug({ id: item.id, requestId: command.requestId, err: describe(error) }, "outbox command not sent; will retry");
      for (const id of idsOf(item)) this.#unconfirmed.add(id); // some of its lines may have gone out
      this.#o.onBroken();
      this.#o.onRetry();
      await this.#o.fates.failed(item, describe(error));
      await untilAborted(sleep(retryDelayMs), this.#o.closing);
      return;
    }
    item.lines = lines;
    for (const id of idsOf(item)) if (this.#unconfirmed.delete(id)) this.#o.onResend();
    if (item.folded.length > 0) {
      const folded = item.folded.map((entry) => entry.command.requestId);
      logger.info({ target: item.target, count: folded.length, requestIds: folded }, "outbox commands summarised into one line");
      this.#o.onSummarised(folded.length);
    } else {
      this.#o.sent.sent(item.id, command);
    }
    this.#batches.add(item, lines, session);
  }

  async #confirmed(batch: readonly Item[], rejections: readonly Rejection[]): Promise<void> {
    const { targetKey, retryDelayMs, maxAttempts, logger, fates } = this.#o;
    const { delivered, refused } = splitRejected(batch, rejections, targetKey);
    const retry: Item[] = [];
    for (const [item, rejection] of refused) {
      this.#o.onRejected(rejection);
      const reason = `${rejection.code} ${rejection.reason}`;
      if (rejection.permanent || item.attempts >= maxAttempts) {
        await fates.deadLetterItem(item, reason);
        continue;
      }
      logger.warn({ id: item.id, target: item.target, reason, attempt: item.attempts }, "irc server refused a command; will retry");
      await fates.failed(item, reason);
      item.attempts += 1;
      retry.push(item);
    }
    // Back at the head of their targets, in their order.
    for (const item of retry.reverse()) this.#o.queues.retryLater(item.key, item, performance.now() + retryDelayMs);
    await this.#o.guard?.();
    await fates.sent(delivered.flatMap((item) => idsOf(item).map((id) => [id, item.lines] as const)));
  }
}
