import type { ChainableCommander } from "ioredis";
import type { DeliveryTrail, Logger, Redis } from "@helga/shared";
import { deadLetterFields } from "./dead-letter.js";
import type { Acknowledge, Item } from "./delivery-types.js";
import { describeError } from "./describe-error.js";
import { idsOf } from "./summary-line.js";

/** Without a trail, fates are not recorded; the pipeline runs as it is. */
export const NO_TRAIL: DeliveryTrail = { sent: (pipeline) => pipeline, failed: (pipeline) => pipeline, deadLettered: (pipeline) => pipeline };

export interface OutboxFatesOptions {
  readonly acknowledge: Acknowledge;
  readonly trail: DeliveryTrail;
  /** The IRC network the trail names for sent commands. */
  readonly network: string;
  /** For the trail's writes. */
  readonly commands: Redis;
  readonly logger: Logger;
  readonly onDeadLetter: () => void;
  /** An entry is done (acked or dead-lettered): the consumer stops holding it. */
  readonly forget: (id: string) => void;
}

/**
 * The end of an entry's road: acked as sent, or moved to the dead-letter stream, each with its
 * fate in the delivery trail; and a failed attempt recorded there. Remembers entries the server
 * confirmed whose ack failed, so a re-read acks them instead of sending them again.
 */
export class OutboxFates {
  readonly #o: OutboxFatesOptions;
  /** Confirmed by the server but not acked (the ack failed). Id → lines written. */
  readonly #unacked = new Map<string, number>();

  constructor(options: OutboxFatesOptions) {
    this.#o = options;
  }

  /** Lines written for `id` when the server confirmed it but its ack failed; undefined otherwise. */
  confirmedLines(id: string): number | undefined {
    return this.#unacked.get(id);
  }

  /** Forgets confirmed-but-unacked entries for which `keep` is false (gone from the pending list). */
  prune(keep: (id: string) => boolean): void {
    for (const id of this.#unacked.keys()) if (!keep(id)) this.#unacked.delete(id);
  }

  /** Acks entries the server confirmed (id, lines written) and records them sent; when the ack fails, remembers them as confirmed. */
  async sent(sent: readonly (readonly [id: string, lines: number])[]): Promise<void> {
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
      this.#o.forget(id);
      this.#unacked.delete(id);
    }
  }

  /** A failed attempt in the trail (a summary's entries each): failures only, so its round trip stays off the hot path. */
  async failed(item: Item, reason: string): Promise<void> {
    const { trail, commands } = this.#o;
    await this.#record(idsOf(item).reduce((into, id) => trail.failed(into, id, reason), commands.pipeline()));
  }

  /** A summary's entries each get their own dead letter, with their own command. */
  async deadLetterItem(item: Item, reason: string): Promise<void> {
    for (const entry of item.folded.length > 0 ? item.folded : [item]) await this.deadLetter(entry.id, entry.payload, reason, item.attempts, entry.target);
  }

  async deadLetter(id: string, payload: string, reason: string, attempts: number, target?: string): Promise<void> {
    const { logger } = this.#o;
    await Promise.all([
      this.#o.acknowledge([id], deadLetterFields({ id, payload, reason, attempts, ...(target !== undefined ? { target } : {}) })),
      this.#record(this.#o.trail.deadLettered(this.#o.commands.pipeline(), id, reason)),
    ]);
    this.#o.forget(id);
    logger.warn({ id, reason, ...(target !== undefined ? { target } : {}) }, "outbox command moved to the dead-letter stream");
    this.#o.onDeadLetter();
  }

  /** Runs the trail's writes: a trail that could not be written is logged, never a failed delivery. */
  async #record(pipeline: ChainableCommander): Promise<void> {
    await pipeline.exec().catch((error: unknown) => {
      this.#o.logger.debug({ err: describeError(error) }, "could not record a fate in the delivery trail");
    });
  }
}
