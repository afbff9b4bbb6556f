import type { Logger, Redis } from "@helga/shared";
import type { Clock } from "./flood/clock.js";
import type { IrcConnectionOptions } from "./irc/irc-connection-options.js";
import type { RawIrcClient } from "./irc/raw-irc-client.js";

/** What createBot takes besides the settings: the logger, and clients and timings tests may replace. */
export interface BotDeps {
  readonly logger: Logger;
  /** BOT_ID: this replica's consumer name in the outbox group and its name in the lease. */
  readonly consumerName?: string;
  /**
   * The lease was lost (another replica took over while this one hung, or it could not be
   * renewed): lines and acks are refused from that moment and consuming stops. main exits,
   * which also drops the IRC connection without a line more; the orchestrator restarts it as a standby.
   */
  readonly onLeaseLost?: (reason: string) => void;
  /**
   * Opens a Redis connection. All queue commands while reconnecting; the `reader` (the
   * outbox's blocking reads) must not re-send the ones a closed connection left unanswered.
   */
  readonly createRedis?: (name: string, use: "reader" | "commands") => Redis;
  readonly createIrcClient?: () => RawIrcClient;
  readonly clock?: Clock;
  /** Overrides for timings, so tests need not wait for production delays. */
  readonly irc?: Partial<Pick<IrcConnectionOptions, "rejoinDelayMs" | "rejoinGraceMs" | "reconnectCapMs" | "loginRetryMs">>;
  readonly stateIntervalMs?: number;
  /** Metric labels (e.g. the consumer name); the registry is served on the admin port by main. */
  readonly metricLabels?: Readonly<Record<string, string>>;
}
