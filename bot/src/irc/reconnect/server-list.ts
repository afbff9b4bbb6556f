import type { Logger, ServerAddress } from "@helga/shared";

/** Where the last good server is kept: the network's `lastGoodServer` key in Redis. */
export interface LastGoodServerStore {
  get(): Promise<string | null>;
  set(value: string): Promise<unknown>;
}

/**
 * The servers of SERVER_HOST in turn: the connection asks for `current`, moves on with
 * `advance()` when a connection fails or drops, and reports a signon with `succeeded()`,
 * which remembers that server so a restarted bot tries it first.
 */
export class ServerList {
  readonly #servers: readonly ServerAddress[];
  readonly #first: ServerAddress;
  readonly #store: LastGoodServerStore | undefined;
  readonly #logger: Logger | undefined;
  #index = 0;

  constructor(servers: readonly ServerAddress[], options: { store?: LastGoodServerStore; logger?: Logger } = {}) {
    const [first] = servers;
    if (first === undefined) throw new TypeError("ServerList needs at least one server");
    this.#servers = servers;
    this.#first = first;
    this.#store = options.store;
    this.#logger = options.logger;
  }

  get current(): ServerAddress {
    return this.#servers[this.#index] ?? this.#first;
  }

  get size(): number {
    return this.#servers.length;
  }

  /** Starts from the server the bot last signed on to, when it is still in the list. */
  async restore(): Promise<void> {
    const last = await this.#store?.get();
    const index = this.#servers.findIndex((server) => serverLabel(server) === last);
    if (index >= 0) this.#index = index;
  }

  /** The next server, after the current one failed or dropped us; wraps around. */
  advance(): ServerAddress {
    this.#index = (this.#index + 1) % this.#servers.length;
    return this.current;
  }

  /** Signed on: remember this server (best effort; a Redis outage only costs the hint). */
  succeeded(): void {
    if (this.#servers.length < 2 || !this.#store) return;
    const label = serverLabel(this.current);
    this.#store.set(label).catch((error: unknown) => {
      this.#logger?.warn({ err: error instanceof Error ? error.message : String(error), server: label }, "could not remember the last good IRC server");
    });
  }
}

/** `host:port`, with IPv6 hosts in brackets. */
export function serverLabel({ host, port }: ServerAddress): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}
