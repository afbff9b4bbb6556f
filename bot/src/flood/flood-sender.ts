import { systemClock, type Clock } from "./clock.js";

export interface FloodOptions {
  /** Lines that may go out at once before the rate applies. */
  readonly burst: number;
  /** Seconds per line once the burst is spent; 0 means no limit. */
  readonly secondsPerLine: number;
}

/** Writes one raw line (on `session`, when given); resolves once it is handed to the socket, rejects when it cannot be. */
export type LineWriter = (line: string, session?: number) => Promise<void>;

export class SenderClosedError extends Error {
  override name = "SenderClosedError";
  constructor() {
    super("the IRC sender is shutting down");
  }
}

/**
 * A token bucket in front of the IRC socket: `burst` lines at once, then one line every
 * `secondsPerLine`. Lines go out strictly in the order `send` was called, one at a time.
 * Every line the bot writes passes here, so the server never sees us flood.
 */
export class FloodSender {
  readonly #write: LineWriter;
  readonly #options: FloodOptions;
  readonly #clock: Clock;
  #tokens: number;
  #refilledAt: number;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(write: LineWriter, options: FloodOptions, clock: Clock = systemClock) {
    this.#write = write;
    this.#options = options;
    this.#clock = clock;
    this.#tokens = options.burst;
    this.#refilledAt = clock.now();
  }

  /**
   * Queues a line; resolves when it has been written, rejects if writing failed or the sender
   * closed first. `session` is handed to the writer (see IrcConnection.writeLine).
   */
  send(line: string, session?: number): Promise<void> {
    const sent = this.#tail.then(async () => {
      if (this.#closed) throw new SenderClosedError();
      await this.#takeToken();
      if (this.#closed) throw new SenderClosedError();
      await this.#write(line, session);
    });
    this.#tail = sent.catch(() => undefined);
    return sent;
  }

  /** Sends lines in order; stops at the first that fails. */
  async sendAll(lines: readonly string[], session?: number): Promise<void> {
    for (const line of lines) await this.send(line, session);
  }

  /**
   * Counts a line written around the sender (PING, PONG, JOIN from the IRC library): the
   * server's flood counter sees every line, so ours must too.
   */
  charge(): void {
    const { secondsPerLine, burst } = this.#options;
    if (secondsPerLine <= 0) return;
    this.#refill(burst, secondsPerLine * 1000);
    this.#tokens = Math.max(-burst, this.#tokens - 1);
  }

  /** Refuses lines not yet started and waits for the one being written. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
  }

  async #takeToken(): Promise<void> {
    const { secondsPerLine, burst } = this.#options;
    if (secondsPerLine <= 0) return;
    const msPerLine = secondsPerLine * 1000;
    this.#refill(burst, msPerLine);
    if (this.#tokens < 1) {
      await this.#clock.sleep(Math.ceil((1 - this.#tokens) * msPerLine));
      this.#refill(burst, msPerLine);
    }
    this.#tokens -= 1;
  }

  #refill(burst: number, msPerLine: number): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(burst, this.#tokens + (now - this.#refilledAt) / msPerLine);
    this.#refilledAt = now;
  }
}
