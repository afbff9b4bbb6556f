import type { Logger } from "@helga/shared";
import { str, type Payload } from "./irc-payload.js";
import { parseServerRefusal, type ServerRefusal } from "./confirmation/server-refusal.js";

export interface RawLineHandlers {
  /** True while IrcConnection writes a line through flood control (irc-framework reports it synchronously). */
  readonly writingPaced: () => boolean;
  /** A line irc-framework wrote by itself (flood control is charged for it). */
  readonly unpaced: (line: string) => void;
  readonly refused: (refusal: ServerRefusal) => void;
  /** The server answered a PING of ours with this token. */
  readonly pong: (token: string) => void;
}

/** Watches lines both ways: ours written outside flood control, the server's refusals and its PONGs. */
export function listenForRawLines(on: (event: string, listener: (payload: Payload) => void) => void, log: Logger, handlers: RawLineHandlers): void {
  on("raw", (p) => {
    const line = str(p.line);
    if (line === undefined) return;
    if (p.from_server === false && !handlers.writingPaced()) handlers.unpaced(line);
    if (p.from_server !== true) return;
    // Raw, in the order lines arrive: a refusal must be seen before the PONG that follows it.
    const refusal = parseServerRefusal(line);
    if (refusal === undefined) return;
    log.warn({ code: refusal.code, target: refusal.target, reason: refusal.reason }, "irc server refused a line");
    handlers.refused(refusal);
  });

  on("pong", (p) => {
    const token = str(p.message);
    if (token !== undefined) handlers.pong(token);
  });
}
