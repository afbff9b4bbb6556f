import { decodeOutboxCommand, OUTBOX_FIELD, type OutboxCommand } from "@helga/shared";
import { commandTarget } from "./command-target.js";
import type { Item, OutboxConsumerOptions } from "./delivery-types.js";
import { describeError as describe } from "./describe-error.js";
import type { OutboxFates } from "./outbox-fates.js";
import { fieldValue, type StreamEntry } from "./stream-entries.js";
import { foldIntoSummary } from "./summary-line.js";
import type { TargetQueues } from "./target-queues.js";

export interface OutboxIntakeOptions extends Required<Pick<OutboxConsumerOptions, "maxAttempts" | "targetKey" | "summariseAfter" | "acknowledge">> {
  readonly fates: OutboxFates;
  readonly queues: TargetQueues<Item>;
  /** Ids the consumer holds in memory; an accepted entry joins them. */
  readonly known: Set<string>;
}

/**
 * The door of the target queues: an entry read from the stream is queued (or folded into its
 * target's summary), acked when the server had already confirmed it, or dead-lettered when it
 * can never be sent (no payload, not valid, out of attempts).
 */
export class OutboxIntake {
  readonly #o: OutboxIntakeOptions;

  constructor(options: OutboxIntakeOptions) {
    this.#o = options;
  }

  /** Takes an entry delivered `deliveries` times (this one included). */
  async accept(entry: StreamEntry, deliveries: number): Promise<void> {
    const { maxAttempts, targetKey, fates, known, queues, summariseAfter } = this.#o;
    if (entry.fields === null) return this.#o.acknowledge([entry.id]); // deleted while pending: nothing to send
    const lines = fates.confirmedLines(entry.id);
    if (lines !== undefined) {
      known.add(entry.id);
      return fates.sent([[entry.id, lines]]);
    }
    const payload = fieldValue(entry.fields, OUTBOX_FIELD);
    if (payload === undefined) return fates.deadLetter(entry.id, "", `no "${OUTBOX_FIELD}" field`, deliveries);
    if (deliveries > maxAttempts) return fates.deadLetter(entry.id, payload, `not delivered after ${deliveries - 1} attempts`, deliveries - 1);
    let command: OutboxCommand;
    try {
      command = decodeOutboxCommand(payload);
    } catch (error) {
      return fates.deadLetter(entry.id, payload, `invalid command: ${describe(error)}`, deliveries);
    }
    const target = commandTarget(command);
    const item: Item = { id: entry.id, payload, command, target, key: targetKey(target), attempts: deliveries, folded: [], lines: 0 };
    known.add(entry.id);
    if (summariseAfter > 0 && command.op !== "join" && command.op !== "leave" && queues.depth(item.key) >= summariseAfter) {
      const summary = foldIntoSummary(queues.tail(item.key), item);
      if (summary !== undefined) queues.push(item.key, summary);
      return;
    }
    queues.push(item.key, item);
  }
}
