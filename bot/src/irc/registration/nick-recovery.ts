import type { Logger } from "@helga/shared";

export interface NickRecoveryOptions {
  /** The configured nick (NICK). */
  readonly wanted: string;
  /** Our nick right now. */
  readonly current: () => string;
  /** Compares nicks under the server's case mapping. */
  readonly same: (a: string, b: string) => boolean;
  /** Sends NICK. */
  readonly requestNick: (nick: string) => void;
  /** Sends ISON for one nick; the answer comes back through `online()`. */
  readonly askOnline: (nick: string) => void;
  /** Between ISON checks while we lack our nick; 0 only reacts to QUIT and NICK. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * Takes the configured nick back after signon had to fall back to `helga_`: at once when
 * its holder quits or changes nick where we can see it, else when a periodic ISON finds it
 * free. A failed attempt (433, someone was quicker) just waits for the next chance. A nick
 * that services reserve for an account we are not logged in to is left alone until a login
 * succeeds: reclaiming it would only fight services.
 */
export class NickRecovery {
  readonly #o: NickRecoveryOptions;
  #watching = false;
  #reserved = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: NickRecoveryOptions) {
    this.#o = options;
  }

  /** Called on every signon and nick change of ours: starts or stops watching. */
  check(): void {
    if (this.#hasWanted()) return this.stop();
    if (this.#reserved) return;
    this.#watching = true;
    if (this.#timer !== undefined || this.#o.intervalMs <= 0) return;
    this.#timer = setInterval(() => this.#o.askOnline(this.#o.wanted), this.#o.intervalMs);
    this.#timer.unref();
  }

  /** Someone quit or changed nick away from `nick`. */
  freed(nick: string): void {
    if (this.#watching && this.#o.same(nick, this.#o.wanted)) this.#attempt("freed");
  }

  /** An ISON answer: the nicks among those asked that are online. */
  online(nicks: readonly string[]): void {
    if (!this.#watching || nicks.some((nick) => this.#o.same(nick, this.#o.wanted))) return;
    this.#attempt("not online");
  }

  /** Services said the nick is reserved (433 "reserved", NickServ's "registered" notice): logged once, no more attempts until `loggedIn()`. */
  reserved(reason: string): void {
    // Wearing the nick already (NickServ's greeting while we identify): nothing to reclaim.
    if (this.#reserved || this.#hasWanted()) return;
    this.#reserved = true;
    this.stop();
    this.#o.logger.warn({ nick: this.#o.wanted, reason }, "irc nick is reserved by services for an account we are not logged in to; not reclaiming it until the login succeeds");
  }

  /** Logged in to services: a reserved nick may be ours now. */
  loggedIn(): void {
    this.#reserved = false;
    this.check();
  }

  /** Disconnected or shutting down. */
  stop(): void {
    this.#watching = false;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #hasWanted(): boolean {
    return this.#o.same(this.#o.current(), this.#o.wanted);
  }

  #attempt(why: string): void {
    if (this.#hasWanted() || this.#reserved) return;
    this.#o.logger.info({ nick: this.#o.wanted, from: this.#o.current(), why }, "irc reclaiming the configured nick");
    this.#o.requestNick(this.#o.wanted);
  }
}
