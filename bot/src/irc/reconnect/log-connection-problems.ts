import type { Logger } from "@helga/shared";
import { certificateProblem } from "../transport/certificate-problem.js";
import { str, type Payload } from "../irc-payload.js";

/** Logs why a connection failed or ended: the operator's first question. */
export function logConnectionProblems(on: (event: string, listener: (payload: Payload) => void) => void, log: Logger, server: () => string): void {
  // Refused, TLS certificate, DNS: irc-framework passes the socket's last error (or false) with "socket close".
  on("socket close", (p) => {
    const reason = str(p.message) ?? str(p.code);
    // A certificate does not fix itself: an error, with the setting that would, not a routine warning.
    const fix = certificateProblem(str(p.code));
    if (fix !== undefined) log.error({ err: reason, code: str(p.code), server: server(), fix }, "irc TLS certificate refused; not connecting");
    else if (reason !== undefined) log.warn({ err: reason, server: server() }, "irc connection failed");
  });
  on("ping timeout", () => log.warn("irc ping timeout; reconnecting"));
}
