import { join } from "node:path";
import { readRawSettings, SettingsError, type RawSettings } from "./read-raw-settings.js";
import { parseServerList, type ServerAddress } from "./server-list.js";
import { ircAuthSettings, type IrcAuthSettings } from "./irc-auth-settings.js";
import { relayInputSettings, type RelayInputSettings } from "./relay-input-settings.js";
import { channelEntries } from "./channel-entries.js";
import { ircTlsSettings, type IrcTlsSettings } from "./irc-tls-settings.js";
import { settingsSchema, type ParsedSettings } from "./settings-schema.js";

/** Where Redis is and how much a write must be replicated before it counts. */
export interface RedisSettings {
  readonly url: string;
  readonly prefix: string;
  readonly password: string | undefined;
  readonly sentinel:
    | { readonly sentinels: ReadonlyArray<{ readonly host: string; readonly port: number }>; readonly name: string; readonly password: string | undefined }
    | undefined;
  readonly minReplicas: number;
  readonly replicaTimeoutMs: number;
}

export interface Settings {
  /** The IRC network this bot serves (DEFAULT_NETWORK when not set). */
  readonly network: string;
  readonly nick: string;
  readonly channels: readonly string[];
  /** CHANNELS' keys (`#private:key`), by channel name as written there. */
  readonly channelKeys: Readonly<Record<string, string>>;
  readonly operators: readonly string[];
  readonly server: {
    /** SERVER_HOST as a list, each with its port; never empty. */
    readonly servers: readonly ServerAddress[];
    /** The first of `servers`. */
    readonly host: string;
    readonly port: number;
    readonly ssl: boolean;
    readonly sslVerify: boolean;
    /** SERVER_TLS_CA: a private CA to trust. */
    readonly tls: IrcTlsSettings;
    readonly password: string | undefined;
    readonly sasl: { readonly username: string; readonly password: string } | undefined;
    readonly nickservPassword: string | undefined;
    /** SASL mechanism, SASL_REQUIRED and the client certificate. */
    readonly auth: IrcAuthSettings;
    /** Seconds between checks whether the configured nick is free again; 0: only on QUIT/NICK. */
    readonly nickRecoverySeconds: number;
  };
  readonly flood: { readonly secondsPerLine: number; readonly burst: number };
  /** Dead-connection detection: a PING after `pingIntervalSeconds` of quiet, dead after `pingTimeoutSeconds` without its PONG. */
  readonly irc: { readonly pingIntervalSeconds: number; readonly pingTimeoutSeconds: number; readonly autoJoin: boolean };
  readonly webhooks: {
    readonly host: string;
    readonly port: number;
    readonly credentials: ReadonlyArray<readonly [user: string, password: string]>;
    readonly enabled: true | readonly string[];
    readonly disabled: readonly string[];
    readonly path: string;
    /** SOURCES_FILE, else sources.yml in WEBHOOKS_PATH; a missing file means no sources. */
    readonly sourcesFile: string;
    readonly handlerTimeoutMs: number;
    readonly bodyLimit: number;
  };
  readonly outbox: { readonly max: number; readonly maxAttempts: number; readonly summariseAfter: number; readonly maxUnconfirmed: number };
  /** The delivery trail: at most `max` deliveries, none older than `maxAgeSeconds`; `max` 0 is off. */
  readonly trail: { readonly max: number; readonly maxAgeSeconds: number };
  readonly console: { readonly credentials: ReadonlyArray<readonly [user: string, password: string]> };
  readonly redis: RedisSettings;
  /** This replica, and the lease that lets one replica at a time hold IRC. */
  readonly bot: { readonly id: string; readonly leaseMs: number };
  /** The irccat and irker inputs (docs/senders.md). */
  readonly relays: RelayInputSettings;
  readonly adminPort: number | undefined;
  readonly logLevel: ParsedSettings["LOG_LEVEL"];
  /** Every setting as given, for webhook code (helga's `settings.FOO`). */
  readonly raw: RawSettings;
}

/** Reads and validates the settings once; throws SettingsError naming every bad setting. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = readRawSettings(env, (name) => name in settingsSchema.shape);
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    throw new SettingsError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message} (got ${JSON.stringify(pick(raw, issue.path[0]))})`),
    );
  }
  const s = result.data;
  const problems: string[] = [];
  if ((s.SASL_USERNAME === undefined) !== (s.SASL_PASSWORD === undefined)) {
    problems.push("SASL_USERNAME and SASL_PASSWORD: set both or neither");
  }
  if (s.REDIS_PASSWORD !== undefined && passwordInUrl(s.REDIS_URL)) {
    problems.push("REDIS_PASSWORD and a password in REDIS_URL: set one of them");
  }
  if (s.REDIS_SENTINELS?.length === 0) problems.push("REDIS_SENTINELS: name at least one host:port, or leave it unset");
  if (s.NICKSERV_PASSWORD !== undefined && s.SASL_USERNAME !== undefined) {
    problems.push("NICKSERV_PASSWORD: not with SASL_USERNAME, which already identifies the bot; set one of them");
  }
  const channels = channelEntries(s.CHANNELS);
  problems.push(...channels.problems);
  const auth = ircAuthSettings(s, problems);
  let servers: ServerAddress[] = [];
  try {
    servers = parseServerList(s.SERVER_HOST, s.SERVER_PORT);
  } catch (error) {
    problems.push(`SERVER_HOST: ${(error as Error).message}`);
  }
  const [first] = servers;
  if (problems.length || first === undefined) throw new SettingsError(problems);
  return {
    network: s.NETWORK,
    nick: s.NICK,
    channels: channels.names,
    channelKeys: channels.keys,
    operators: s.OPERATORS,
    server: {
      servers,
      host: first.host,
      port: first.port,
      ssl: s.SERVER_SSL,
      sslVerify: s.SERVER_SSL_VERIFY,
      tls: ircTlsSettings(s),
      password: s.SERVER_PASSWORD,
      sasl: s.SASL_USERNAME !== undefined && s.SASL_PASSWORD !== undefined ? { username: s.SASL_USERNAME, password: s.SASL_PASSWORD } : undefined,
      nickservPassword: s.NICKSERV_PASSWORD,
      auth,
      nickRecoverySeconds: s.NICK_RECOVERY_INTERVAL,
    },
    flood: { secondsPerLine: s.RATE_LIMIT, burst: s.FLOOD_BURST },
    irc: { pingIntervalSeconds: s.IRC_PING_INTERVAL, pingTimeoutSeconds: s.IRC_PING_TIMEOUT, autoJoin: s.AUTO_JOIN },
    webhooks: {
      host: s.WEBHOOKS_HOST,
      port: s.WEBHOOKS_PORT,
      credentials: s.WEBHOOKS_CREDENTIALS,
      enabled: s.ENABLED_WEBHOOKS === false ? [] : s.ENABLED_WEBHOOKS,
      disabled: s.DISABLED_WEBHOOKS,
      path: s.WEBHOOKS_PATH,
      sourcesFile: s.SOURCES_FILE ?? join(s.WEBHOOKS_PATH, "sources.yml"),
      handlerTimeoutMs: s.HANDLER_TIMEOUT,
      bodyLimit: s.BODY_LIMIT,
    },
    outbox: { max: s.OUTBOX_MAX, maxAttempts: s.OUTBOX_MAX_ATTEMPTS, summariseAfter: s.SUMMARISE_AFTER, maxUnconfirmed: s.MAX_UNCONFIRMED },
    trail: { max: s.TRAIL_MAX, maxAgeSeconds: s.TRAIL_MAX_AGE },
    console: { credentials: s.CONSOLE_CREDENTIALS },
    redis: {
      url: s.REDIS_URL,
      prefix: s.REDIS_PREFIX,
      password: s.REDIS_PASSWORD,
      sentinel: s.REDIS_SENTINELS?.length
        ? { sentinels: s.REDIS_SENTINELS, name: s.REDIS_SENTINEL_NAME, password: s.REDIS_SENTINEL_PASSWORD }
        : undefined,
      minReplicas: s.REDIS_MIN_REPLICAS,
      replicaTimeoutMs: s.REDIS_REPLICA_TIMEOUT,
    },
    bot: { id: s.BOT_ID, leaseMs: s.BOT_LEASE_MS },
    relays: relayInputSettings(s, s.CHANNELS),
    adminPort: s.ADMIN_PORT,
    logLevel: s.LOG_LEVEL,
    raw,
  };
}

function passwordInUrl(url: string): boolean {
  try {
    return new URL(url).password !== "";
  } catch {
    return false;
  }
}

/** The offending value for the error message, with secrets masked. */
function pick(raw: RawSettings, key: PropertyKey | undefined): unknown {
  if (typeof key !== "string") return undefined;
  if (/PASSWORD|CREDENTIALS|SECRET|TOKEN|_KEY$/i.test(key)) return "***";
  return raw[key];
}
