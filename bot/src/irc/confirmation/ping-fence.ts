import { NotConnectedError } from "../not-connected-error.js";
import type { ServerRefusal } from "./server-refusal.js";

/** The part of IrcConnection a fence needs. */
export interface FencedConnection {
  readonly registered: boolean;
  readonly session: number;
  on(event: "pong", listener: (token: string) => void): unknown;
  on(event: "disconnected", listener: () => void): unknown;
  on(event: "refused", listener: (refusal: ServerRefusal) => void): unknown;
  dropDead(reason: string): void;
}

export interface PingFenceOptions {
  readonly irc: FencedConnection;
  /** Writes a line on `session` in turn with every other line (the flood sender), resolving once written. */
  readonly send: (line: string, session: number) => Promise<void>;
  /** A PING unanswered this long, with no other PONG meanwhile, means the connection is dead. */
  readonly timeoutMs: number;
  /** With no fence in flight for this long, a keepalive PING checks the connection. */
  readonly keepaliveMs: number;
  /** Told when a connection was declared dead (metrics). */
  readonly onDead?: () => void;
}

interface Fence {
  readonly token: string;
  readonly session: number;
  sentAt: number | undefined;
  readonly resolve: (refused: readonly ServerRefusal[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * `PING :<token>` after a batch of lines, settled by the matching PONG: a server reads one
 * client's lines in order, so the PONG proves every line written before the PING was read,
 * and the refusals (404, 474, …) that arrived since the previous PONG belong to that batch.
 * Fences are pipelined: several may be in flight, and a PONG settles its own and all earlier
 * ones. When the connection closes, or no PONG arrives within `timeoutMs`, every fence in
 * flight fails (the connection is then dropped as dead) and its lines count as unconfirmed.
 */
export class PingFence {
  readonly #o: PingFenceOptions;
  readonly #inFlight: Fence[] = [];
  #counter = 0;
  #lastPongAt = performance.now();
  #lastFenceAt = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #refused: ServerRefusal[] = [];

  constructor(options: PingFenceOptions) {
    this.#o = options;
    options.irc.on("pong", (token) => this.#pong(token));
    options.irc.on("disconnected", () => this.#failAll(new NotConnectedError("the IRC connection closed before the server confirmed")));
    options.irc.on("refused", (refusal) => this.#refused.push(refusal));
  }

  /** Starts the watchdog and the keepalive. */
  start(): void {
    const tick = Math.max(20, Math.min(1_000, this.#o.timeoutMs / 5, this.#o.keepaliveMs / 2));
    this.#timer = setInterval(() => this.#check(), tick);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#failAll(new NotConnectedError("the bot is stopping"));
  }

  /** Fences in flight, oldest first (for tests and metrics). */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** Resolves when the server has read every line written on `session` before this call, with what it refused of them. */
  fence(session: number): Promise<readonly ServerRefusal[]> {
    if (session !== this.#o.irc.session || !this.#o.irc.registered) return Promise.reject(new NotConnectedError("the IRC connection was replaced"));
    this.#counter += 1;
    const token = `helga-${this.#counter}`;
    this.#lastFenceAt = performance.now();
    return new Promise<readonly ServerRefusal[]>((resolve, reject) => {
      const fence: Fence = { token, session, sentAt: undefined, resolve, reject };
      this.#inFlight.push(fence);
      this.#o.send(`PING :${token}`, session).then(
        () => (fence.sentAt = performance.now()),
        (error: unknown) => this.#fail(fence, error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  #pong(token: string): void {
    const at = this.#inFlight.findIndex((fence) => fence.token === token);
    if (at < 0) return;
    this.#lastPongAt = performance.now();
    const refused = this.#refused;
    this.#refused = [];
    for (const [i, fence] of this.#inFlight.splice(0, at + 1).entries()) fence.resolve(i === 0 ? refused : []);
  }

  #fail(fence: Fence, error: Error): void {
    const at = this.#inFlight.indexOf(fence);
    if (at < 0) return;
    this.#inFlight.splice(at, 1);
    fence.reject(error);
  }

  #failAll(error: Error): void {
    this.#refused = [];
    for (const fence of this.#inFlight.splice(0)) fence.reject(error);
  }

  #check(): void {
    const { irc, timeoutMs, keepaliveMs } = this.#o;
    const now = performance.now();
    const oldest = this.#inFlight.find((fence) => fence.sentAt !== undefined);
    // Waiting counts from the PING's write or the last PONG, whichever is later: a server working
    // through a long burst answers each fence late, but it keeps answering.
    if (oldest?.sentAt !== undefined && now - Math.max(oldest.sentAt, this.#lastPongAt) > timeoutMs) {
      this.#failAll(new NotConnectedError(`no PONG from the IRC server within ${timeoutMs / 1000} s`));
      this.#o.onDead?.();
      irc.dropDead(`no PONG within ${timeoutMs / 1000} s`);
      return;
    }
    if (this.#inFlight.length === 0 && irc.registered && now - this.#lastFenceAt >= keepaliveMs) {
      this.fence(irc.session).catch(() => undefined); // a failure is the watchdog's or the close handler's to act on
    }
  }
}
