/**
 * Which channels the bot wants to be in, is in, and is about to rejoin after a kick. Names
 * are keyed by their IRC-lowercased form (the server's CASEMAPPING), kept as given for display.
 */
export class ChannelMembership {
  readonly #lower: (name: string) => string;
  readonly #wanted = new Map<string, string>();
  readonly #joined = new Map<string, string>();
  /** Channels we were kicked from and are about to rejoin; lines to them now would be lost. */
  readonly #rejoining = new Set<string>();

  constructor(lower: (name: string) => string) {
    this.#lower = lower;
  }

  want(channel: string): void {
    this.#wanted.set(this.#lower(channel), channel);
  }

  unwant(channel: string): void {
    this.#wanted.delete(this.#lower(channel));
  }

  isWanted(channel: string): boolean {
    return this.#wanted.has(this.#lower(channel));
  }

  get wanted(): string[] {
    return [...this.#wanted.values()];
  }

  joined(channel: string): void {
    this.#joined.set(this.#lower(channel), channel);
  }

  left(channel: string): void {
    this.#joined.delete(this.#lower(channel));
  }

  isIn(channel: string): boolean {
    return this.#joined.has(this.#lower(channel));
  }

  /** Channels we are in right now, as the server named them. */
  get channels(): string[] {
    return [...this.#joined.values()];
  }

  startRejoin(channel: string): void {
    this.#rejoining.add(this.#lower(channel));
  }

  isRejoining(channel: string): boolean {
    return this.#rejoining.has(this.#lower(channel));
  }

  /** True when `channel` was awaiting its rejoin (and no longer is). */
  endRejoin(channel: string): boolean {
    return this.#rejoining.delete(this.#lower(channel));
  }

  get rejoining(): number {
    return this.#rejoining.size;
  }

  /** Forgets where we are (the connection closed); what we want stays. */
  clear(): void {
    this.#joined.clear();
    this.#rejoining.clear();
  }
}
