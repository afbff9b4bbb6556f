/** The connection's pending timers (rejoins, reconnects, the quit timeout): all cleared on quit. */
export class ConnectionTimers {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms`, unless cleared first. */
  readonly later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  };

  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
