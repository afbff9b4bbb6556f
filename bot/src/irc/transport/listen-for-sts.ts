import type { Logger } from "@helga/shared";
import { str, type Payload } from "../irc-payload.js";
import type { StsPolicies } from "./sts-policies.js";

/** The connection an STS offer arrives on. */
export interface StsConnection {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** The server's certificate was checked (SERVER_SSL_VERIFY): only then may its policy be kept. */
  readonly verified: boolean;
}

/** `sts=port=6697,duration=300` from a CAP LS or CAP NEW line's capability list, as its keys and values. */
export function stsOffer(line: string): { readonly port?: number; readonly duration?: number } | undefined {
  const caps = /^(?:@\S+ )?(?::\S+ )?CAP \S+ (?:LS|NEW)(?: \*)? :?(.*?)\r?\n?$/i.exec(line)?.[1];
  const value = caps?.split(" ").find((cap) => cap.startsWith("sts="))?.slice(4);
  if (value === undefined) return undefined;
  const fields = new Map(value.split(",").map((field) => [field.split("=")[0] ?? "", field.split("=")[1] ?? ""] as const));
  const number = (name: string) => (/^\d+$/.test(fields.get(name) ?? "") ? Number(fields.get(name)) : undefined);
  const port = number("port");
  const duration = number("duration");
  return { ...(port !== undefined ? { port } : {}), ...(duration !== undefined ? { duration } : {}) };
}

/**
 * Acts on a server's STS offer: over plaintext with a port, drops the connection so the next
 * one goes by TLS to that port; over TLS with a verified certificate (as the spec asks), keeps
 * the policy for its duration.
 */
export function listenForSts(
  on: (event: string, listener: (payload: Payload) => void) => void,
  policies: StsPolicies,
  connection: () => StsConnection,
  close: () => void,
  log: Logger,
): void {
  on("raw", (p) => {
    const line = str(p.line);
    if (p.from_server !== true || line === undefined || !/ CAP /i.test(line)) return;
    const offer = stsOffer(line);
    if (offer === undefined) return;
    const { host, port, tls, verified } = connection();
    if (!tls && offer.port !== undefined) {
      log.info({ host, port: offer.port }, "irc server requires TLS (STS); reconnecting by TLS");
      policies.upgrade(host, offer.port);
      close();
    } else if (tls && verified && offer.duration !== undefined) {
      log.info({ host, port, seconds: offer.duration }, "irc STS policy kept: this server is reached by TLS only");
      policies.persist(host, port, offer.duration);
    }
  });
}
