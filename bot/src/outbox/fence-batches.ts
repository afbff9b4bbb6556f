import type { Item, Rejection } from "./delivery-types.js";

export interface FenceBatchesOptions {
  /** Resolves once the server has read every line written on `session` so far, with what it refused; rejects when it never will. */
  readonly confirm: (session: number) => Promise<readonly Rejection[]>;
  /** Lines written before a fence closes the batch. */
  readonly fenceLines: number;
  /** The server confirmed the batch (with the refusals that came with it). */
  readonly onConfirmed: (batch: readonly Item[], rejections: readonly Rejection[]) => Promise<void>;
  /** The batch's connection died first: its lines may or may not have been read. */
  readonly onUnconfirmed: (batch: readonly Item[]) => void;
  /** onConfirmed failed (an ack did not reach Redis). */
  readonly onFailed: (batch: readonly Item[], error: unknown) => void;
}

/**
 * The written entries waiting for a PING fence: a batch closes after `fenceLines` lines, when
 * the session changes, or when asked (nothing else is waiting), and its fence's answer decides
 * the batch's fate. Fences are pipelined: several batches may be in flight.
 */
export class FenceBatches {
  readonly #o: FenceBatchesOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #open: Item[] = [];
  /** Entries written and not yet settled: in the open batch or in a fence in flight. */
  #unconfirmed = 0;
  /** Wakes a writer waiting in room() (a fence settled, or stopWaiting). */
  #wakeRoom: () => void = () => undefined;
  #stopped = false;
  /** The session the open batch was written on: its fence must go on the same connection. */
  #session = 0;
  #lines = 0;

  constructor(options: FenceBatchesOptions) {
    this.#o = options;
  }

  /** True while written entries wait for a fence or its answer. */
  get pending(): boolean {
    return this.#open.length > 0 || this.#inFlight.size > 0;
  }

  /** Entries written whose fence has not settled yet (each may be written again if its connection dies). */
  get unconfirmed(): number {
    return this.#unconfirmed;
  }

  /**
   * Resolves once one more entry may be written with at most `max` unconfirmed: the open batch
   * gets its fence and the oldest fences in flight are waited for. Never blocks when nothing is
   * unconfirmed. False once stopWaiting() was called: write nothing more.
   */
  async room(max: number): Promise<boolean> {
    while (this.#unconfirmed >= Math.max(1, max) && !this.#stopped) {
      this.close();
      await new Promise<void>((resolve) => (this.#wakeRoom = resolve));
    }
    return !this.#stopped;
  }

  /** Ends any wait in room() for good (the consumer is closing). */
  stopWaiting(): void {
    this.#stopped = true;
    this.#wakeRoom();
  }

  /** Adds an entry just written on `session` with `lines` lines. */
  add(item: Item, lines: number, session: number): void {
    if (this.#session !== session) this.close();
    this.#session = session;
    this.#open.push(item);
    this.#unconfirmed += 1;
    this.#lines += lines;
    if (this.#lines >= this.#o.fenceLines) this.close();
  }

  /** Sends a fence after the entries written since the last one. */
  close(): void {
    if (this.#open.length === 0) return;
    const batch = this.#open;
    this.#open = [];
    this.#lines = 0;
    const settled = this.#o
      .confirm(this.#session)
      .then(
        (rejections) => this.#o.onConfirmed(batch, rejections),
        () => this.#o.onUnconfirmed(batch),
      )
      .catch((error: unknown) => this.#o.onFailed(batch, error))
      .finally(() => {
        this.#inFlight.delete(settled);
        this.#unconfirmed -= batch.length;
        this.#wakeRoom();
      });
    this.#inFlight.add(settled);
  }

  /** Resolves once every fence in flight is settled and its batch handled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }
}
