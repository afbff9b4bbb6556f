import type { Logger } from "@helga/shared";
import { str, type Payload } from "../irc-payload.js";

/** Logs why a connection failed or ended: the operator's first question. */
export function logConnectionProblems(on: (event: string, listener: (payload: Payload) => void) => void, log: Logger, server: () => string): void {
  // Refused, TLS certificate, DNS: irc-framework passes the socket's last error (or false) with "socket close".
  on("socket close", (p) => {
    const reason = str(p.message) ?? str(p.code);
    if (reason !== undefined) log.warn({ err: reason, server: server() }, "irc connection failed");
  });
  on("ping timeout", () => log.warn("irc ping timeout; reconnecting"));
}
