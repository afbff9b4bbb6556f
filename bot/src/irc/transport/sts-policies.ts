import type { Logger } from "@helga/shared";

/** Where STS policies are kept between restarts: one Redis key per host, expiring with the policy. */
export interface StsStore {
  /** The kept policy's port and how long it has left, if any. */
  get(host: string): Promise<{ readonly port: number; readonly remainingMs: number } | undefined>;
  set(host: string, port: number, seconds: number): Promise<unknown>;
  delete(host: string): Promise<unknown>;
}

/** Where and how the next connection to a server goes. */
export interface StsTarget {
  readonly port: number;
  readonly tls: boolean;
}

interface Policy {
  readonly port: number;
  /** performance.now() when the policy lapses; Infinity for an upgrade not yet confirmed over TLS. */
  readonly until: number;
}

/**
 * IRCv3 Strict Transport Security (https://ircv3.net/specs/extensions/sts): a host that told
 * us to use TLS is reached only by TLS on its port while its policy lasts, across restarts
 * (the policy is kept in Redis for its duration). A plaintext connection's `port=` asks for an
 * upgrade; the policy itself (`duration=`) counts only when it came over TLS.
 */
export class StsPolicies {
  readonly #policies = new Map<string, Policy>();
  readonly #store: StsStore | undefined;
  readonly #log: Logger | undefined;

  constructor(options: { store?: StsStore; logger?: Logger } = {}) {
    this.#store = options.store;
    this.#log = options.logger;
  }

  /** Loads the policies kept for `hosts` (at startup, before the first connect). */
  async restore(hosts: readonly string[]): Promise<void> {
    if (!this.#store) return;
    for (const host of new Set(hosts.map((name) => name.toLowerCase()))) {
      const kept = await this.#store.get(host);
      if (kept !== undefined) this.#policies.set(host, { port: kept.port, until: performance.now() + kept.remainingMs });
    }
  }

  /** How to reach `host:port`: by TLS on the policy's port while one lasts, else as configured. */
  target(host: string, port: number, tls: boolean): StsTarget {
    const policy = this.#policies.get(host.toLowerCase());
    if (policy === undefined || policy.until <= performance.now()) return { port, tls };
    return { port: policy.port, tls: true };
  }

  /** A plaintext connection offered `port=`: the next connect to `host` goes there by TLS. */
  upgrade(host: string, port: number): void {
    this.#policies.set(host.toLowerCase(), { port, until: Infinity });
  }

  /** A TLS connection to `host:port` carried `duration=` seconds (0 drops the policy): remembered, in Redis too. */
  persist(host: string, port: number, seconds: number): void {
    const key = host.toLowerCase();
    if (seconds <= 0) this.#policies.delete(key);
    else this.#policies.set(key, { port, until: performance.now() + seconds * 1000 });
    const saved = seconds <= 0 ? this.#store?.delete(key) : this.#store?.set(key, port, seconds);
    saved?.catch((error: unknown) => {
      this.#log?.warn({ err: error instanceof Error ? error.message : String(error), host }, "could not keep the IRC server's STS policy in Redis");
    });
  }
}
