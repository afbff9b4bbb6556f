import type { Logger, Settings } from "@helga/shared";
import type { RawIrcClient } from "./raw-irc-client.js";
import type { ServerList } from "./reconnect/server-list.js";
import type { StsPolicies } from "./transport/sts-policies.js";

export interface IrcConnectionOptions {
  readonly settings: Pick<Settings, "nick" | "channels" | "channelKeys" | "server">;
  readonly logger: Logger;
  readonly createClient?: () => RawIrcClient;
  /** The servers to take turns on; default: settings.server.servers, without remembering the last good one. */
  readonly servers?: ServerList;
  readonly rejoinDelayMs?: number;
  /** How long to hold queued lines back after sending a rejoin before giving up on it. */
  readonly rejoinGraceMs?: number;
  readonly reconnectCapMs?: number;
  /** First wait after services refused our login; doubles up to 5 minutes. */
  readonly loginRetryMs?: number;
  /** No line at all from the server this long (also while registering) closes the connection. */
  readonly pingTimeoutSeconds?: number;
  /** IRCv3 STS policies (kept in Redis by the bot); default: in memory only. */
  readonly sts?: StsPolicies;
}
