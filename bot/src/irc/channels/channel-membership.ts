/** A channel to join, with its key when it has one. */
export interface ChannelToJoin {
  readonly name: string;
  readonly key?: string | undefined;
}

/**
 * Which channels the bot wants to be in (with their keys), is in, and is about to rejoin after
 * a kick. Names are keyed by their IRC-lowercased form (the server's CASEMAPPING), kept as
 * given for display.
 */
export class ChannelMembership {
  readonly #lower: (name: string) => string;
  readonly #wanted = new Map<string, string>();
  readonly #joined = new Map<string, string>();
  readonly #keys = new Map<string, string>();
  /** Channels we were kicked from and are about to rejoin; lines to them now would be lost. */
  readonly #rejoining = new Set<string>();

  constructor(lower: (name: string) => string) {
    this.#lower = lower;
  }

  /** Wants `channel`; a `key` given is remembered, none keeps the one known. */
  want(channel: string, key?: string): void {
    this.#wanted.set(this.#lower(channel), channel);
    if (key !== undefined) this.#keys.set(this.#lower(channel), key);
  }

  unwant(channel: string): void {
    this.#wanted.delete(this.#lower(channel));
    this.#keys.delete(this.#lower(channel));
  }

  /** The channel's key changed (+k, or -k with `undefined`): the next JOIN uses it. */
  setKey(channel: string, key: string | undefined): void {
    if (!this.isWanted(channel)) return;
    if (key === undefined) this.#keys.delete(this.#lower(channel));
    else this.#keys.set(this.#lower(channel), key);
  }

  /** What a JOIN of `channel` needs: its name and key. */
  toJoin(channel: string): ChannelToJoin {
    return { name: channel, key: this.#keys.get(this.#lower(channel)) };
  }

  /** Every wanted channel with its key. */
  get wantedToJoin(): ChannelToJoin[] {
    return [...this.#wanted.values()].map((name) => this.toJoin(name));
  }

  isWanted(channel: string): boolean {
    return this.#wanted.has(this.#lower(channel));
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
