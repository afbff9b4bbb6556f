import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Logger } from "@helga/shared";
import { FrameTooLong, MalformedFrame, type Framer } from "./framer.js";
import { PortInUseError } from "../http/listener.js";
import type { RefusalReason } from "./input-refusal.js";

/** Messages of one connection waiting to be sent: at HIGH_WATER reading pauses, at LOW_WATER it resumes. */
const HIGH_WATER = 64;
const LOW_WATER = 8;

export interface TcpInputOptions {
  /** The input's name for logs ("irccat", "irker"); its setting is `${SETTING}_PORT`. */
  readonly name: string;
  readonly setting: string;
  readonly host: string;
  readonly port: number;
  readonly allowed: (address: string) => boolean;
  readonly maxPerAddress: number;
  readonly framer: () => Framer;
  /** Sends one message; resolves with an error to write back, or undefined. Never rejects. */
  readonly handle: (message: string, from: string) => Promise<string | undefined>;
  /** Logs and counts one refusal. */
  readonly refuse: (reason: RefusalReason, from: string, detail: string) => void;
  readonly logger: Logger;
  /** A connection silent this long is closed, so idle senders cannot hold the slots. */
  readonly idleMs?: number;
}

export interface TcpInput {
  open(): Promise<number>;
  /** Stops accepting; open connections finish what they sent (up to `graceMs`), then close. */
  close(graceMs?: number): Promise<void>;
  readonly isOpen: boolean;
}

/**
 * A line-protocol TCP listener with an allow-list and a per-address connection cap. Messages
 * of one connection are sent in order; an oversize message closes its connection with an
 * error line and is not sent.
 */
export function createTcpInput(options: TcpInputOptions): TcpInput {
  const { name, setting, host, port, logger, idleMs = 60_000 } = options;
  let server: Server | undefined;
  const perAddress = new Map<string, number>();
  const open = new Map<Socket, Promise<void>>();
  /** Every socket, refused ones too, so close() can cut them all. */
  const sockets = new Set<Socket>();

  function accept(socket: Socket): void {
    const from = socket.remoteAddress ?? "unknown";
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", (error) => logger.debug({ input: name, from, err: error.message }, "input connection error"));
    if (!options.allowed(from)) {
      options.refuse("not_allowed", from, `${from} is not in ${setting}_ALLOW`);
      socket.destroy();
      return;
    }
    const count = perAddress.get(from) ?? 0;
    if (count >= options.maxPerAddress) {
      options.refuse("too_many_connections", from, `${from} already has ${count} connections (RELAY_MAX_CONNECTIONS)`);
      closeAfter(socket, "error: too many connections from your address\n");
      return;
    }
    perAddress.set(from, count + 1);
    let chain = Promise.resolve();
    // A sender faster than Redis is paused rather than buffered without bound.
    let waiting = 0;
    open.set(socket, chain);
    socket.once("close", () => {
      open.delete(socket);
      const left = (perAddress.get(from) ?? 1) - 1;
      if (left > 0) perAddress.set(from, left);
      else perAddress.delete(from);
    });
    socket.setTimeout(idleMs, () => socket.destroy());
    const framer = options.framer();
    const enqueue = (messages: readonly string[]) => {
      for (const message of messages) {
        waiting += 1;
        chain = chain.then(async () => {
          const error = await options.handle(message, from);
          if (error !== undefined && socket.writable) socket.write(`error: ${error}\n`);
          waiting -= 1;
          if (waiting === LOW_WATER && server !== undefined && socket.isPaused() && socket.listenerCount("data") > 0) socket.resume();
        });
      }
      if (waiting >= HIGH_WATER) socket.pause();
      open.set(socket, chain);
    };
    const fail = (error: unknown) => {
      // Nothing more of this connection is read as messages: the rest is discarded until it closes.
      socket.removeAllListeners("data");
      socket.removeAllListeners("end");
      if (error instanceof FrameTooLong || error instanceof MalformedFrame) enqueue(error.before);
      const tooLong = error instanceof FrameTooLong;
      options.refuse(tooLong ? "oversize" : "malformed", from, (error as Error).message);
      const reply = tooLong ? `${(error as Error).message}; nothing of it was sent; closing` : (error as Error).message;
      void chain.then(() => closeAfter(socket, `error: ${reply}\n`));
    };
    socket.on("data", (chunk: Buffer) => {
      try {
        enqueue(framer.push(chunk));
      } catch (error) {
        fail(error);
      }
    });
    socket.once("end", () => {
      try {
        enqueue(framer.end());
        void chain.then(() => socket.end());
      } catch (error) {
        fail(error);
      }
    });
  }

  return {
    async open() {
      if (server) return (server.address() as AddressInfo).port;
      const candidate = createServer({ allowHalfOpen: true }, accept);
      await new Promise<void>((resolve, reject) => {
        candidate.once("error", (error: NodeJS.ErrnoException) =>
          reject(error.code === "EADDRINUSE" ? new PortInUseError(port, `${setting}_PORT`) : error),
        );
        candidate.listen(port, host, () => resolve());
      });
      server = candidate;
      const bound = (candidate.address() as AddressInfo).port;
      logger.info({ input: name, host, port: bound }, `${name} input listening on TCP port ${bound}`);
      return bound;
    },
    async close(graceMs = 10_000) {
      const closing = server;
      if (!closing) return;
      server = undefined;
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      for (const socket of open.keys()) socket.pause();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(open.values()), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await closed;
      logger.info({ input: name }, `${name} input stopped listening`);
    },
    get isOpen() {
      return server !== undefined;
    },
  };
}

/** Writes the last words, then closes: what the peer still sends is read and dropped, and a peer that never closes is cut. */
function closeAfter(socket: Socket, text: string): void {
  socket.end(text);
  socket.resume();
  setTimeout(() => socket.destroy(), 2_000).unref();
}
