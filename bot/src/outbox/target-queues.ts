/**
 * One FIFO queue per IRC target, served round-robin: a burst to one channel waits its turn
 * behind a line to another instead of in front of it. Order within a target is kept, also
 * for an item put back to be retried (it goes first, and its target pauses until then).
 */
export class TargetQueues<T> {
  /** Map order is the rotation: a served target moves to the back. */
  readonly #queues = new Map<string, T[]>();
  readonly #pausedUntil = new Map<string, number>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Items waiting for `key`. */
  depth(key: string): number {
    return this.#queues.get(key)?.length ?? 0;
  }

  /** The last item waiting for `key`. */
  tail(key: string): T | undefined {
    return this.#queues.get(key)?.at(-1);
  }

  push(key: string, item: T): void {
    const queue = this.#queues.get(key);
    if (queue) queue.push(item);
    else this.#queues.set(key, [item]);
    this.#size += 1;
  }

  /** Puts an item back at the head of its target, which waits until `notBefore` (clock ms). */
  retryLater(key: string, item: T, notBefore: number): void {
    const queue = this.#queues.get(key);
    if (queue) queue.unshift(item);
    else this.#queues.set(key, [item]);
    this.#size += 1;
    this.#pausedUntil.set(key, notBefore);
  }

  /** The next item of the first target in the rotation that is not paused, or undefined. */
  next(now: number): { key: string; item: T } | undefined {
    for (const [key, queue] of this.#queues) {
      const until = this.#pausedUntil.get(key);
      if (until !== undefined) {
        if (until > now) continue;
        this.#pausedUntil.delete(key);
      }
      const item = queue.shift()!;
      this.#size -= 1;
      this.#queues.delete(key);
      if (queue.length > 0) this.#queues.set(key, queue);
      return { key, item };
    }
    return undefined;
  }

  /** When the earliest paused target may go again (undefined when none is paused). */
  nextPauseEnd(): number | undefined {
    let earliest: number | undefined;
    for (const [key, until] of this.#pausedUntil) if (this.#queues.has(key) && (earliest === undefined || until < earliest)) earliest = until;
    return earliest;
  }

  /** Empties every queue and returns what they held. */
  drain(): T[] {
    const items = [...this.#queues.values()].flat();
    this.#queues.clear();
    this.#pausedUntil.clear();
    this.#size = 0;
    return items;
  }
}
