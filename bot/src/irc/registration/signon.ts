import { str, type Payload } from "../irc-payload.js";
import { alternativeNick } from "./alternative-nick.js";
import { ServicesLogin, type ServicesLoginOptions } from "./services-login.js";

export interface SignonOptions extends ServicesLoginOptions {
  readonly registered: () => boolean;
  /** Asks the server for `nick` (and makes it ours until the server says otherwise). */
  readonly tryNick: (nick: string) => void;
  /** The server welcomed us (001) as `nick`. */
  readonly welcomed: (nick: string | undefined) => void;
  /** Signed on and logged in to services (or nothing to log in to): time to join the channels and send. */
  readonly signedOn: () => void;
}

/**
 * Signing on to one connection: falls back to `helga_`, `helga__`, then a cut nick with
 * digits while the server refuses ours (in use, invalid) before registration, reports the
 * welcome, logs in to services, and says when the channels may be joined.
 */
export class Signon {
  readonly #o: SignonOptions;
  readonly #login: ServicesLogin;
  #attempt = 0;

  constructor(options: SignonOptions) {
    this.#o = options;
    this.#login = new ServicesLogin(options);
  }

  /** Logged in (or nothing to log in to) on this connection: channels may be joined. */
  get settled(): boolean {
    return this.#login.settled;
  }

  /** Why services refused the last login, until one succeeds. */
  get loginProblem(): string | undefined {
    return this.#login.problem;
  }

  /** A new connection: starts again from the configured nick, which it returns. */
  restart(): string {
    this.#attempt = 0;
    this.#login.restart();
    return this.#o.nick;
  }

  listen(on: (event: string, listener: (payload: Payload) => void) => void): void {
    on("registered", (p) => {
      this.#o.welcomed(str(p.nick));
      this.#login.welcomed(this.#o.signedOn);
    });
    this.#login.listen(on);
    const refused = (p: Payload) => {
      const reason = str(p.reason) ?? "";
      if (this.#o.registered()) {
        // A NICK of ours (nick recovery) refused: only services' reservation matters here.
        if (RESERVED.test(reason)) this.#o.events.emit("nickReserved", str(p.nick) ?? this.#o.nick, reason);
        return;
      }
      this.#attempt += 1;
      const next = alternativeNick(this.#o.nick, this.#attempt);
      this.#o.log.warn({ refused: str(p.nick), next, reason }, "irc nick refused; trying another");
      this.#o.tryNick(next);
    };
    on("nick in use", refused);
    on("nick invalid", refused);
  }
}

/** How servers word a nick held for services' accounts (InspIRCd's SVSHOLD, Q-lines, NickServ's hints). */
const RESERVED = /reserved|registered|services/i;
