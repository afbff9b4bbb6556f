import type { EventEmitter } from "node:events";
import type { Logger, Settings } from "@helga/shared";
import type { IrcEvents } from "../irc-events.js";
import { str, type Payload } from "../irc-payload.js";
import { nickServIdentifyLine } from "./nickserv-identify.js";
import { nickServVerdict, plainText } from "./nickserv-replies.js";

export type LoginMethod = "sasl" | "nickserv";

export interface ServicesLoginOptions {
  readonly server: Pick<Settings["server"], "sasl" | "nickservPassword" | "auth">;
  /** The configured nick: the account NickServ IDENTIFY names. */
  readonly nick: string;
  readonly log: Logger;
  /** Writes a line outside flood control. */
  readonly send: (line: string) => void;
  readonly later: (ms: number, fn: () => void) => void;
  /** Ends this connection (it is retried with the login backoff). */
  readonly quit: (reason: string) => void;
  /** Told "loggedIn" and "loginFailed". */
  readonly events: Pick<EventEmitter<IrcEvents>, "emit">;
}

/**
 * Logging in to services on each connection, and reading the answer: SASL's outcome during
 * CAP negotiation (900, or 904 and friends through irc-framework's "sasl failed"), or
 * NickServ's reply to IDENTIFY after the welcome. Channels are joined only once that is settled,
 * so +R channels and access lists see the account; a refusal ends the connection rather than
 * leave the bot signed on unauthenticated (SASL_REQUIRED=false lets SASL failures through).
 */
export class ServicesLogin {
  readonly #o: ServicesLoginOptions;
  #settled = false;
  #loggedIn = false;
  #awaitingNickServ: (() => void) | undefined;
  #connection = 0;
  #problem: string | undefined;

  constructor(options: ServicesLoginOptions) {
    this.#o = options;
  }

  /** True once channels may be joined on this connection. */
  get settled(): boolean {
    return this.#settled;
  }

  /** The last login failure, until a login succeeds: shown in the bot's state. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** A new connection. */
  restart(): void {
    this.#connection += 1;
    this.#settled = false;
    this.#loggedIn = false;
    this.#awaitingNickServ = undefined;
  }

  /** The server welcomed us: `proceed` runs once the login is settled (at once for SASL, after NickServ's answer). */
  welcomed(proceed: () => void): void {
    const { server, nick } = this.#o;
    const settle = () => {
      this.#settled = true;
      proceed();
    };
    if (server.auth.saslMechanism !== undefined && !this.#loggedIn && server.auth.saslRequired) {
      // No CAP, or CAP without SASL and nothing said: never go on unauthenticated.
      return this.#fail("sasl", `SASL failed for ${this.#who} (${server.auth.saslMechanism}): the server signed us on without a SASL login`);
    }
    if (server.nickservPassword === undefined || this.#loggedIn) return settle();
    this.#awaitingNickServ = settle;
    this.#o.send(nickServIdentifyLine(nick, server.nickservPassword));
    this.#o.log.info({ account: nick }, "irc identifying to NickServ");
    const connection = this.#connection;
    this.#o.later(NICKSERV_ANSWER_MS, () => {
      if (connection !== this.#connection || this.#awaitingNickServ === undefined) return;
      this.#o.log.warn({ account: nick }, "irc NickServ did not answer IDENTIFY; joining without its confirmation");
      this.#endWait()?.();
    });
  }

  listen(on: (event: string, listener: (payload: Payload) => void) => void): void {
    on("loggedin", (p) => this.#succeeded(str(p.account) ?? this.#o.server.sasl?.username ?? this.#o.nick));
    on("sasl failed", (p) => {
      const said = str(p.message) ?? SASL_REASONS[str(p.reason) ?? ""] ?? str(p.reason) ?? "no reason given";
      this.#fail("sasl", `SASL failed for ${this.#who} (${this.#o.server.auth.saslMechanism ?? "PLAIN"}): ${plainText(said)}`, this.#o.server.auth.saslRequired);
    });
    on("irc error", (p) => {
      if (this.#awaitingNickServ === undefined || p.error !== "no_such_nick" || str(p.nick)?.toLowerCase() !== "nickserv") return;
      this.#o.log.warn({ account: this.#o.nick }, "irc no NickServ on this server (401); joining without identifying");
      this.#endWait()?.();
    });
    on("notice", (p) => {
      if (str(p.nick)?.toLowerCase() !== "nickserv") return;
      const text = plainText(str(p.message) ?? "");
      if (!this.#loggedIn && NICK_TAKEN.test(text)) this.#o.events.emit("nickReserved", this.#o.nick, text);
      if (this.#awaitingNickServ === undefined) return;
      const verdict = nickServVerdict(text);
      if (verdict === "identified") this.#succeeded(this.#o.nick);
      if (verdict === "refused") this.#fail("nickserv", `NickServ IDENTIFY failed for account ${this.#o.nick}: "${text}"`);
    });
  }

  /** Whose login failed, for the log: the account, or the certificate for EXTERNAL without SASL_USERNAME. */
  get #who(): string {
    const { sasl, auth } = this.#o.server;
    return sasl ? `account ${sasl.username}` : auth.saslMechanism === "EXTERNAL" ? "the client certificate" : `account ${this.#o.nick}`;
  }

  #endWait(): (() => void) | undefined {
    const proceed = this.#awaitingNickServ;
    this.#awaitingNickServ = undefined;
    return proceed;
  }

  #succeeded(account: string): void {
    if (this.#loggedIn) return;
    this.#loggedIn = true;
    this.#problem = undefined;
    this.#o.log.info({ account }, "irc logged in to services");
    this.#o.events.emit("loggedIn", account);
    this.#endWait()?.();
  }

  /** Logs the one line that says why, reports it, and (unless told to carry on) ends the connection. */
  #fail(method: LoginMethod, problem: string, endConnection = true): void {
    this.#problem = problem;
    this.#endWait();
    this.#o.log.error({ method }, problem);
    this.#o.events.emit("loginFailed", method, problem);
    if (endConnection) this.#o.quit(method === "sasl" ? "SASL failed" : "NickServ login failed");
  }
}

/** How long to wait for NickServ's answer to IDENTIFY before joining without it. */
const NICKSERV_ANSWER_MS = 10_000;

/** irc-framework's reasons when the server sent no words of its own. */
const SASL_REASONS: Record<string, string> = {
  unsupported_mechanism: "the server does not offer this mechanism",
  capability_missing: "the server does not offer SASL",
  nick_locked: "the nick is locked",
};

/** NickServ's warning to someone wearing a registered nick they are not logged in to (Atheme, Anope). */
const NICK_TAKEN = /nick(name)? is registered|belongs to (another|someone)|is owned by someone else/i;
