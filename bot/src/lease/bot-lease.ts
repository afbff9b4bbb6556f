import { EventEmitter } from "node:events";
import type { Logger, Redis, RedisKeys } from "@helga/shared";
import { LeaseLostError } from "./lease-lost-error.js";
import { acquireLease, releaseLease, renewLease } from "./lease-scripts.js";

export interface BotLeaseOptions {
  readonly redis: Redis;
  readonly keys: Pick<RedisKeys, "botLease" | "botLeaseToken">;
  /** BOT_ID: who holds it, for the logs and `webhooks status`. */
  readonly holder: string;
  /** BOT_LEASE_MS: how long the lease lasts without a renewal. */
  readonly ttlMs: number;
  readonly logger: Logger;
  /** A monotonic clock in ms: a paused process must see the time it missed. */
  readonly now?: () => number;
}

export interface BotLeaseEvents {
  acquired: [token: number];
  /** Once, and for good: this process must not write to IRC or ack again. */
  lost: [reason: string];
}

/**
 * The right to be the one active bot replica: a Redis key set with NX and an expiry, renewed
 * by a check-and-extend script, with a fencing token that grows on every acquisition.
 *
 * The holder trusts the lease only until `renewal sent + ttl - margin` on its own monotonic
 * clock: Redis counts the expiry from when it *applied* the renewal, which is later, so the
 * holder always gives up before a standby can take over — even when it was paused (SIGSTOP,
 * a long GC, a network split) and wakes up with its timers long overdue.
 */
export class BotLease extends EventEmitter<BotLeaseEvents> {
  readonly renewEveryMs: number;
  /** Slack for clock-rate drift and the time between a check and the write it guards. */
  readonly marginMs: number;
  readonly #o: BotLeaseOptions;
  readonly #now: () => number;
  #value: string | undefined;
  #token: number | undefined;
  #validUntil = -Infinity;
  #lostReason: string | undefined;
  #closed = false;
  #renewTimer: NodeJS.Timeout | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #wake: () => void = () => undefined;

  constructor(options: BotLeaseOptions) {
    super();
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
    this.renewEveryMs = Math.floor(options.ttlMs / 4);
    this.marginMs = Math.floor(options.ttlMs / 5);
  }

  /** True while this replica may write to IRC and ack. */
  get held(): boolean {
    return this.#value !== undefined && this.#lostReason === undefined && this.#now() < this.#validUntil;
  }

  /** The fencing token of our term, once acquired. */
  get token(): number | undefined {
    return this.#token;
  }

  /** What the lease key holds while it is ours ("<token> <holder>"), for fenced scripts. */
  get value(): string | undefined {
    return this.#value;
  }

  /** Waits (as a standby) until this replica holds the lease; resolves with the fencing token, or undefined when closed first. */
  async acquire(): Promise<number | undefined> {
    const { redis, keys, holder, ttlMs, logger } = this.#o;
    let lastHolder: string | undefined;
    let redisDown = false;
    while (!this.#closed) {
      const sentAt = this.#now();
      let waitMs = this.renewEveryMs;
      try {
        const [token, leftMs, value] = parseAcquireReply(await acquireLease(redis, [keys.botLease, keys.botLeaseToken], [holder, ttlMs]));
        redisDown = false;
        if (token > 0) {
          this.#value = value;
          this.#token = token;
          this.#extend(sentAt);
          this.#scheduleRenewal();
          logger.info({ token, bot: holder }, "bot lease acquired: this replica is active");
          this.emit("acquired", token);
          return token;
        }
        if (value !== lastHolder) logger.info({ holder: value, bot: holder }, "standby: another replica holds the bot lease");
        lastHolder = value;
        // Try again just after it would expire, or sooner: the holder may release it at a clean stop.
        waitMs = Math.max(20, Math.min(leftMs + 5, this.renewEveryMs));
      } catch (error) {
        if (!redisDown) logger.warn({ err: describe(error) }, "could not ask for the bot lease; retrying");
        redisDown = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return undefined;
  }

  /** Throws LeaseLostError, and reports the loss once, unless the lease is held right now. Call it before each line and each ack. */
  check(): void {
    if (this.held) return;
    const reason = this.#lostReason ?? (this.#value === undefined ? "never acquired" : "not renewed in time");
    this.declareLost(reason);
    throw new LeaseLostError(reason);
  }

  /** Marks the lease lost for good (a fenced script found another token, or it ran out). */
  declareLost(reason: string): void {
    if (this.#lostReason !== undefined || this.#value === undefined) return;
    this.#lostReason = reason;
    this.#clearTimers();
    this.#o.logger.warn({ reason, token: this.#token, bot: this.#o.holder }, "bot lease lost: stepping down");
    this.emit("lost", reason);
  }

  /** Stops renewing and gives the lease up (a clean stop), so a standby takes over at once. Safe to call twice. */
  async release(): Promise<void> {
    this.close();
    const value = this.#value;
    if (value === undefined || this.#lostReason !== undefined) return;
    this.#lostReason = "released";
    await releaseLease(this.#o.redis, [this.#o.keys.botLease], [value]).catch((error: unknown) => {
      this.#o.logger.warn({ err: describe(error) }, "could not release the bot lease; a standby takes over when it expires");
    });
  }

  /** Stops waiting and renewing, without touching Redis. */
  close(): void {
    this.#closed = true;
    this.#clearTimers();
    this.#wake();
  }

  #extend(sentAt: number): void {
    this.#validUntil = Math.max(this.#validUntil, sentAt + this.#o.ttlMs - this.marginMs);
    clearTimeout(this.#expiryTimer);
    // Timers fire late in a paused process; check() and this both read the clock, not the timer.
    this.#expiryTimer = setTimeout(() => {
      if (!this.held) this.declareLost("not renewed in time");
    }, Math.max(0, this.#validUntil - this.#now()));
  }

  #scheduleRenewal(): void {
    this.#renewTimer = setTimeout(() => void this.#renew(), this.renewEveryMs);
  }

  async #renew(): Promise<void> {
    const { redis, keys, ttlMs, logger } = this.#o;
    const value = this.#value;
    if (value === undefined || this.#lostReason !== undefined || this.#closed) return;
    const sentAt = this.#now();
    try {
      const renewed = await renewLease(redis, [keys.botLease], [value, ttlMs]);
      if (this.#lostReason !== undefined || this.#closed) return;
      if (renewed !== 1) return this.declareLost("Redis holds another replica's lease, or ours expired there");
      this.#extend(sentAt);
    } catch (error) {
      logger.warn({ err: describe(error) }, "could not renew the bot lease; retrying");
    }
    if (this.#lostReason === undefined && !this.#closed) this.#scheduleRenewal();
  }

  #clearTimers(): void {
    clearTimeout(this.#renewTimer);
    clearTimeout(this.#expiryTimer);
  }
}

function parseAcquireReply(reply: unknown): [token: number, leftMs: number, value: string] {
  if (!Array.isArray(reply) || reply.length !== 3 || typeof reply[2] !== "string") throw new TypeError("unexpected reply to the lease script");
  return [Number(reply[0]), Number(reply[1]), reply[2]];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
