import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { readRawSettings, SettingsError, type RawSettings } from "./read-raw-settings.js";
import { DEFAULT_NETWORK, isNetworkName, NETWORK_NAME_RULE } from "../protocol/network-name.js";
import { parseServerList, type ServerAddress } from "./server-list.js";
import { bool, credentials, hostPorts, int, list, namesOrAll, num, port } from "./setting-types.js";

/** Setting names are helga's; the defaults are what a fresh `docker compose up` needs. */
const schema = z.object({
  NICK: z.string().regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/, "must be a valid IRC nick").default("helga"),
  CHANNELS: list.default(["#bots"]),
  OPERATORS: list.default([]),
  /** The IRC network this bot serves; gateways reach it with `client.network(name)`. */
  NETWORK: z.string().refine(isNetworkName, { error: `must be ${NETWORK_NAME_RULE}` }).default(DEFAULT_NETWORK),
  /** One server or several (`a.example:6697,b.example`): the bot moves to the next when one fails. */
  SERVER_HOST: z.string().min(1).default("localhost"),
  SERVER_PORT: port.default(6667),
  SERVER_SSL: bool.default(false),
  /** Off only for a self-signed test server: it disables certificate checks. */
  SERVER_SSL_VERIFY: bool.default(true),
  SERVER_PASSWORD: z.string().optional(),
  SASL_USERNAME: z.string().optional(),
  SASL_PASSWORD: z.string().optional(),
  /** For networks without SASL: sent to NickServ as IDENTIFY after signon. One word, as NickServ reads it. */
  NICKSERV_PASSWORD: z.string().regex(/^\S+$/, "must be one word: no spaces or line breaks").optional(),
  /** Seconds between ISON checks for the configured nick while the bot has another one; 0 checks only on QUIT/NICK. */
  NICK_RECOVERY_INTERVAL: int(0, 86_400).default(60),
  /** Seconds between lines once the burst is spent (helga's RATE_LIMIT); 0 turns flood control off. */
  RATE_LIMIT: num(0, 60).default(1),
  /** Lines the bot may send at once before RATE_LIMIT applies. */
  FLOOD_BURST: int(1, 100).default(4),
  /** Seconds without a PING in flight before the bot sends one to check the connection is alive. */
  IRC_PING_INTERVAL: num(0.1, 3600).default(10),
  /** Seconds a PING may go unanswered (and the server silent) before the connection counts as dead and the bot reconnects. */
  IRC_PING_TIMEOUT: num(0.1, 3600).default(20),
  /** A message to a channel the bot is not in joins it first, so routes may announce to any channel. */
  AUTO_JOIN: bool.default(true),
  /** More lines than this waiting for one target collapse into "… and N more"; 0 (default) never collapses. */
  SUMMARISE_AFTER: int(0, 100_000).default(0),
  WEBHOOKS_HOST: z.string().min(1).default("0.0.0.0"),
  WEBHOOKS_PORT: port.default(8080),
  WEBHOOKS_CREDENTIALS: credentials.default([]),
  ENABLED_WEBHOOKS: namesOrAll.default(true),
  DISABLED_WEBHOOKS: list.default([]),
  WEBHOOKS_PATH: z.string().min(1).default("./webhooks"),
  /** sources.yml: declarative sources (docs/sources.md); default sources.yml in WEBHOOKS_PATH. */
  SOURCES_FILE: z.string().min(1).optional(),
  /** Milliseconds a route handler may take before the caller gets 504. */
  HANDLER_TIMEOUT: int(1, 600_000).default(10_000),
  /** Largest request body accepted, in bytes; larger gets 413. */
  BODY_LIMIT: int(1, 100 * 1024 * 1024).default(1024 * 1024),
  /** Most commands the outbox may hold; past it client calls reject and routes answer 503. */
  OUTBOX_MAX: int(1, 10_000_000).default(100_000),
  /** Attempts before a command IRC keeps rejecting moves to the dead-letter stream. */
  OUTBOX_MAX_ATTEMPTS: int(1, 1000).default(5),
  /** Commands the bot may have written to IRC before the server confirmed them (PING fence): the most a lost connection can duplicate. */
  MAX_UNCONFIRMED: int(1, 100_000).default(500),
  /** Deliveries the trail keeps (newest first); 0 turns the trail off. */
  TRAIL_MAX: int(0, 1_000_000).default(10_000),
  /** Seconds a delivery stays in the trail. */
  TRAIL_MAX_AGE: int(60, 30 * 86_400).default(86_400),
  /** Who may open /console and /deliveries on the gateway's admin port; unset turns them off. */
  CONSOLE_CREDENTIALS: credentials.default([]),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").default("redis://localhost:6379"),
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, "letters, digits, '.', '_' or '-' only").default("helga"),
  /** The data nodes' password, when REDIS_URL does not hold one (e.g. from a secret). */
  REDIS_PASSWORD: z.string().min(1).optional(),
  /** Redis Sentinel: where to ask for the master; REDIS_URL's host and port are then unused. */
  REDIS_SENTINELS: hostPorts.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).default("mymaster"),
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /** Replicas an append must reach (WAIT) before a webhook gets its 2xx; 0 answers once the master has it. */
  REDIS_MIN_REPLICAS: int(0, 10).default(0),
  /** Milliseconds the gateway waits for those replicas before answering 503. */
  REDIS_REPLICA_TIMEOUT: int(1, 60_000).default(1_000),
  /** This bot replica's name: its consumer in the outbox group, shown by `webhooks status` and /metrics. */
  BOT_ID: z.string().regex(/^[\w.@:-]{1,64}$/, "1 to 64 letters, digits or . _ - @ :").default(() => hostname().slice(0, 64) || "bot"),
  /** Milliseconds a bot's lease lasts unrenewed: how soon a standby takes over from a dead or hung bot. */
  BOT_LEASE_MS: int(1_000, 600_000).default(10_000),
  /** Port of /healthz, /readyz and /metrics; the gateway and the bot default apart so both run on one host. */
  ADMIN_PORT: port.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ParsedSettings = z.infer<typeof schema>;

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
  readonly operators: readonly string[];
  readonly server: {
    /** SERVER_HOST as a list, each with its port; never empty. */
    readonly servers: readonly ServerAddress[];
    /** The first of `servers`. */
    readonly host: string;
    readonly port: number;
    readonly ssl: boolean;
    readonly sslVerify: boolean;
    readonly password: string | undefined;
    readonly sasl: { readonly username: string; readonly password: string } | undefined;
    readonly nickservPassword: string | undefined;
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
  readonly adminPort: number | undefined;
  readonly logLevel: ParsedSettings["LOG_LEVEL"];
  /** Every setting as given, for webhook code (helga's `settings.FOO`). */
  readonly raw: RawSettings;
}

/** Reads and validates the settings once; throws SettingsError naming every bad setting. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = readRawSettings(env, (name) => name in schema.shape);
  const result = schema.safeParse(raw);
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
    channels: s.CHANNELS,
    operators: s.OPERATORS,
    server: {
      servers,
      host: first.host,
      port: first.port,
      ssl: s.SERVER_SSL,
      sslVerify: s.SERVER_SSL_VERIFY,
      password: s.SERVER_PASSWORD,
      sasl: s.SASL_USERNAME !== undefined && s.SASL_PASSWORD !== undefined ? { username: s.SASL_USERNAME, password: s.SASL_PASSWORD } : undefined,
      nickservPassword: s.NICKSERV_PASSWORD,
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
  if (/PASSWORD|CREDENTIALS|SECRET|TOKEN/i.test(key)) return "***";
  return raw[key];
}
