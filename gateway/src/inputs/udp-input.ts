import { createSocket, type Socket } from "node:dgram";
import { isIP } from "node:net";
import type { Logger } from "@helga/shared";
import { MAX_MESSAGE_BYTES, type Framer } from "./framer.js";
import { PortInUseError } from "../http/listener.js";
import type { RefusalReason } from "./input-refusal.js";

export interface UdpInputOptions {
  readonly name: string;
  readonly setting: string;
  readonly host: string;
  readonly port: number;
  readonly allowed: (address: string) => boolean;
  /** False while webhooks are stopped: datagrams are then dropped and counted. */
  readonly accepting: () => boolean;
  readonly framer: () => Framer;
  readonly handle: (message: string, from: string) => Promise<string | undefined>;
  readonly refuse: (reason: RefusalReason, from: string, detail: string) => void;
  readonly logger: Logger;
}

/** Datagrams being sent at once; past it more are dropped (counted) rather than piling up in memory. */
const MAX_IN_FLIGHT = 256;

export interface UdpInput {
  open(): Promise<void>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/** A datagram listener (irkerhook's default): one datagram holds whole messages; nothing is answered. */
export function createUdpInput(options: UdpInputOptions): UdpInput {
  const { name, setting, host, port, logger } = options;
  let socket: Socket | undefined;
  let inFlight = 0;

  function receive(datagram: Buffer, from: string): void {
    if (!options.allowed(from)) return options.refuse("not_allowed", from, `${from} is not in ${setting}_ALLOW`);
    if (!options.accepting()) return options.refuse("stopped", from, "webhooks are stopped; datagram dropped");
    if (inFlight >= MAX_IN_FLIGHT) return options.refuse("overloaded", from, `${MAX_IN_FLIGHT} datagrams already in flight; datagram dropped`);
    if (datagram.length > MAX_MESSAGE_BYTES) return options.refuse("oversize", from, `datagram longer than ${MAX_MESSAGE_BYTES} bytes`);
    let messages: string[];
    try {
      const framer = options.framer();
      messages = [...framer.push(datagram), ...framer.end()];
    } catch (error) {
      return options.refuse("malformed", from, (error as Error).message);
    }
    // Datagrams carry no order anyway; each message is sent as it comes.
    for (const message of messages) {
      inFlight += 1;
      void options.handle(message, from).finally(() => (inFlight -= 1));
    }
  }

  return {
    async open() {
      if (socket) return;
      const candidate = createSocket({ type: isIP(host) === 6 ? "udp6" : "udp4" });
      await new Promise<void>((resolve, reject) => {
        candidate.once("error", (error: NodeJS.ErrnoException) =>
          reject(error.code === "EADDRINUSE" ? new PortInUseError(port, `${setting}_PORT`, "UDP") : error),
        );
        candidate.bind(port, host, () => resolve());
      });
      candidate.on("error", (error) => logger.warn({ input: name, err: error.message }, "UDP input error"));
      candidate.on("message", (datagram, remote) => receive(datagram, remote.address));
      socket = candidate;
      logger.info({ input: name, host, port: candidate.address().port }, `${name} input listening on UDP port ${candidate.address().port}`);
    },
    async close() {
      const closing = socket;
      socket = undefined;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    get isOpen() {
      return socket !== undefined;
    },
  };
}
