import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@helga/shared";

export interface ListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** Slow senders: time allowed for the request headers, and for the whole request. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface Listener {
  /** Starts listening; resolves with the bound port. Rejects with PortInUseError on EADDRINUSE. */
  open(): Promise<number>;
  /**
   * Stops accepting connections, closes idle keep-alive sockets and waits for requests in
   * flight; after `graceMs` the remaining connections are cut.
   */
  close(graceMs?: number): Promise<void>;
  readonly isOpen: boolean;
}

/** A port another process holds, named by its setting: the gateway's HTTP port or an input's. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    setting = "WEBHOOKS_PORT",
    protocol = "",
  ) {
    super(`${setting} ${port}${protocol ? ` (${protocol})` : ""} is already in use`);
    this.name = "PortInUseError";
  }
}

/**
 * The webhooks listener, opened and closed as the control state says. Each open makes a
 * fresh http.Server, so a reopen never races the close of the previous one.
 */
export function createListener(app: RequestListener, { host, port, logger, headersTimeoutMs = 10_000, requestTimeoutMs = 30_000 }: ListenerOptions): Listener {
  let server: Server | undefined;

  async function open(): Promise<number> {
    if (server) return (server.address() as AddressInfo).port;
    const candidate = createServer({ headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs }, app);
    await new Promise<void>((resolve, reject) => {
      candidate.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? new PortInUseError(port) : error));
      candidate.listen(port, host, () => resolve());
    });
    server = candidate;
    const bound = (candidate.address() as AddressInfo).port;
    logger.info({ host, port: bound, url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}` }, "webhooks listening");
    return bound;
  }

  async function close(graceMs = 30_000): Promise<void> {
    const closing = server;
    if (!closing) return;
    server = undefined;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    // Keep-alive sockets turn idle as their last response ends; close them as they do.
    const sweep = setInterval(() => closing.closeIdleConnections(), 100);
    const cut = setTimeout(() => closing.closeAllConnections(), graceMs);
    closing.closeIdleConnections();
    await closed;
    clearInterval(sweep);
    clearTimeout(cut);
    logger.info({ host, port }, "webhooks closed");
  }

  return {
    open,
    close,
    get isOpen() {
      return server !== undefined;
    },
  };
}
