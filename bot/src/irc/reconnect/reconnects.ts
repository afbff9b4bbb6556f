import { reconnectDelay, type Logger } from "@helga/shared";
import { serverLabel, type ServerList } from "./server-list.js";

export interface ReconnectsOptions {
  readonly servers: ServerList;
  /** Longest wait between attempts. */
  readonly capMs: number;
  readonly log: Logger;
  /** Runs `fn` after `ms` unless the connection is being stopped (its timers are cleared). */
  readonly later: (ms: number, fn: () => void) => void;
  readonly connect: () => void;
  /** First wait after a refused login (SASL, NickServ); doubles per refusal up to LOGIN_RETRY_CAP_MS. */
  readonly loginRetryMs: number;
}

/** A refused login is retried at most this often: a wrong password must not hammer services. */
export const LOGIN_RETRY_CAP_MS = 300_000;

/**
 * Reconnect and failover: after every close, moves to the next server of SERVER_HOST and
 * connects again after a capped exponential backoff with jitter; a signon resets the backoff.
 */
export class Reconnects {
  readonly #o: ReconnectsOptions;
  #attempt = 0;
  /** Refused logins in a row; the next close waits the login backoff while it is set. */
  #loginRefusals = 0;
  #loginRefusedNow = false;
  #stopping = false;
  #onClosed: (() => void) | undefined;

  constructor(options: ReconnectsOptions) {
    this.#o = options;
  }

  /** Signed on: remembers the server, and the next drop starts from a short delay again. */
  succeeded(): void {
    this.#attempt = 0;
    this.#o.servers.succeeded();
  }

  /** Services refused our login on this connection: the close that follows waits longer. */
  loginRefused(): void {
    this.#loginRefusals += 1;
    this.#loginRefusedNow = true;
  }

  /** Services accepted our login: the login backoff starts again from its first step. */
  loggedIn(): void {
    this.#loginRefusals = 0;
  }

  /** Connecting is allowed again (a start after a quit). */
  resume(): void {
    this.#stopping = false;
  }

  /** No reconnect from now on (quitting). */
  stop(): void {
    this.#stopping = true;
  }

  /** Resolves once the connection has closed, or after `timeoutMs`. */
  closing(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.#onClosed = resolve;
      this.#o.later(timeoutMs, resolve);
    });
  }

  /** The connection closed: settles a quit, or schedules the next attempt. */
  closed(): void {
    this.#onClosed?.();
    this.#onClosed = undefined;
    if (this.#stopping) return;
    const { servers, log } = this.#o;
    if (servers.size > 1) log.info({ from: serverLabel(servers.current), to: serverLabel(servers.advance()) }, "irc moving to the next server");
    let delay = reconnectDelay(this.#attempt, this.#o.capMs);
    this.#attempt += 1;
    if (this.#loginRefusedNow) delay = Math.max(delay, Math.min(LOGIN_RETRY_CAP_MS, this.#o.loginRetryMs * 2 ** (this.#loginRefusals - 1)));
    this.#loginRefusedNow = false;
    log.info({ attempt: this.#attempt, delayMs: delay }, "irc reconnecting");
    this.#o.later(delay, this.#o.connect);
  }
}
