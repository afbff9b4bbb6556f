import { botStateSchema, encodeControlEvent, type BotState, type Logger, type Redis, type RedisKeys } from "@helga/shared";

/** What the state is made of; IrcConnection provides it. */
export interface IrcStatus {
  readonly registered: boolean;
  readonly nick: string;
  readonly channels: readonly string[];
  /** Why services refused the last login ("SASL failed for account …"), until one succeeds. */
  readonly loginProblem?: string | undefined;
}

export interface BotStatePublisherOptions {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly irc: IrcStatus;
  readonly operators: readonly string[];
  /** BOT_ID of this replica, which publishes only while it holds the lease. */
  readonly activeBot?: string;
  readonly logger: Logger;
  readonly intervalMs?: number;
}

/**
 * Keeps keys.botState current and announces every change on the control channel (and every
 * `intervalMs`, so a gateway that missed one catches up). `signedOnAt` is set at the first
 * signon ever and kept across restarts: gateways open only once it exists.
 */
export class BotStatePublisher {
  readonly #o: BotStatePublisherOptions;
  #signedOnAt: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #last: Promise<void> = Promise.resolve();

  constructor(options: BotStatePublisherOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    this.#signedOnAt = await this.#previousSignedOnAt();
    // Gateways accept client.network(name) for the networks listed here.
    await this.#o.redis.sadd(this.#o.keys.networks, this.#o.keys.network);
    await this.publish();
    this.#timer = setInterval(() => void this.publish(), this.#o.intervalMs ?? 10_000);
  }

  /** Publishes the current state; calls are serialized so the last one written is the newest. */
  publish(): Promise<void> {
    if (this.#o.irc.registered) this.#signedOnAt ??= Date.now();
    const state = this.#state();
    this.#last = this.#last.then(() => this.#write(state));
    return this.#last;
  }

  /** Stops the heartbeat and reports the bot disconnected. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    const state: BotState = { ...this.#state(), connected: false, channels: [] };
    this.#last = this.#last.then(() => this.#write(state));
    await this.#last;
  }

  #state(): BotState {
    const { irc, operators } = this.#o;
    return {
      connected: irc.registered,
      nickname: irc.nick,
      channels: [...irc.channels],
      operators: [...operators],
      ...(this.#o.activeBot !== undefined ? { activeBot: this.#o.activeBot } : {}),
      ...(irc.loginProblem !== undefined ? { problem: irc.loginProblem } : {}),
      ...(this.#signedOnAt !== undefined ? { signedOnAt: this.#signedOnAt } : {}),
      updatedAt: Date.now(),
    };
  }

  async #write(state: BotState): Promise<void> {
    const { redis, keys, logger } = this.#o;
    try {
      await redis.multi().set(keys.botState, JSON.stringify(state)).publish(keys.control, encodeControlEvent({ type: "bot-state", network: keys.network, state })).exec();
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, "could not publish the bot state");
    }
  }

  async #previousSignedOnAt(): Promise<number | undefined> {
    const json = await this.#o.redis.get(this.#o.keys.botState);
    if (json === null) return undefined;
    try {
      return botStateSchema.parse(JSON.parse(json)).signedOnAt;
    } catch {
      return undefined;
    }
  }
}
