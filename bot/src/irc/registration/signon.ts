import type { Logger } from "@helga/shared";
import { str, type Payload } from "../irc-payload.js";
import { alternativeNick } from "./alternative-nick.js";

export interface SignonOptions {
  /** The configured nick (NICK): every connection starts with it. */
  readonly nick: string;
  readonly log: Logger;
  readonly registered: () => boolean;
  /** Asks the server for `nick` (and makes it ours until the server says otherwise). */
  readonly tryNick: (nick: string) => void;
  /** The server welcomed us (001) as `nick`. */
  readonly welcomed: (nick: string | undefined) => void;
  /** Signed on: time to join the channels and send. */
  readonly signedOn: () => void;
}

/**
 * Signing on to one connection: falls back to `helga_`, `helga__`, then a cut nick with
 * digits while the server refuses ours (in use, invalid) before registration, and reports
 * the welcome and the moment the channels may be joined.
 */
export class Signon {
  readonly #o: SignonOptions;
  #attempt = 0;

  constructor(options: SignonOptions) {
    this.#o = options;
  }

  /** A new connection: starts again from the configured nick, which it returns. */
  restart(): string {
    this.#attempt = 0;
    return this.#o.nick;
  }

  listen(on: (event: string, listener: (payload: Payload) => void) => void): void {
    on("registered", (p) => {
      this.#o.welcomed(str(p.nick));
      this.#o.signedOn();
    });
    const refused = (p: Payload) => {
      if (this.#o.registered()) return;
      this.#attempt += 1;
      const next = alternativeNick(this.#o.nick, this.#attempt);
      this.#o.log.warn({ refused: str(p.nick), next, reason: str(p.reason) }, "irc nick refused; trying another");
      this.#o.tryNick(next);
    };
    on("nick in use", refused);
    on("nick invalid", refused);
  }
}
