import { z } from "zod";
import { readRawSettings, SettingsError, type RawSettings } from "./read-raw-settings.js";
import { bool, credentials, int, list, namesOrAll, num, port } from "./setting-types.js";

/** Setting names are helga's; the defaults are what a fresh `docker compose up` needs. */
const schema = z.object({
  NICK: z.string().regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/, "must be a valid IRC nick").default("helga"),
  CHANNELS: list.default(["#bots"]),
  OPERATORS: list.default([]),
  SERVER_HOST: z.string().min(1).default("localhost"),
  SERVER_PORT: port.default(6667),
  SERVER_SSL: bool.default(false),
  /** Off only for a self-signed test server: it disables certificate checks. */
  SERVER_SSL_VERIFY: bool.default(true),
  SERVER_PASSWORD: z.string().optional(),
  SASL_USERNAME: z.string().optional(),
  SASL_PASSWORD: z.string().optional(),
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
  /** Milliseconds a route handler may take before the caller gets 504. */
  HANDLER_TIMEOUT: int(1, 600_000).default(10_000),
  /** Largest request body accepted, in bytes; larger gets 413. */
  BODY_LIMIT: int(1, 100 * 1024 * 1024).default(1024 * 1024),
  /** Most commands the outbox may hold; past it client calls reject and routes answer 503. */
  OUTBOX_MAX: int(1, 10_000_000).default(100_000),
  /** Attempts before a command IRC keeps rejecting moves to the dead-letter stream. */
  OUTBOX_MAX_ATTEMPTS: int(1, 1000).default(5),
  /** Deliveries the trail keeps (newest first); 0 turns the trail off. */
  TRAIL_MAX: int(0, 1_000_000).default(10_000),
  /** Seconds a delivery stays in the trail. */
  TRAIL_MAX_AGE: int(60, 30 * 86_400).default(86_400),
  /** Who may open /console and /deliveries on the gateway's admin port; unset turns them off. */
  CONSOLE_CREDENTIALS: credentials.default([]),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").default("redis://localhost:6379"),
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, "letters, digits, '.', '_' or '-' only").default("helga"),
  /** Port of /healthz, /readyz and /metrics; the gateway and the bot default apart so both run on one host. */
  ADMIN_PORT: port.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ParsedSettings = z.infer<typeof schema>;

export interface Settings {
  readonly nick: string;
  readonly channels: readonly string[];
  readonly operators: readonly string[];
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly ssl: boolean;
    readonly sslVerify: boolean;
    readonly password: string | undefined;
    readonly sasl: { readonly username: string; readonly password: string } | undefined;
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
    readonly handlerTimeoutMs: number;
    readonly bodyLimit: number;
  };
  readonly outbox: { readonly max: number; readonly maxAttempts: number; readonly summariseAfter: number };
  /** The delivery trail: at most `max` deliveries, none older than `maxAgeSeconds`; `max` 0 is off. */
  readonly trail: { readonly max: number; readonly maxAgeSeconds: number };
  readonly console: { readonly credentials: ReadonlyArray<readonly [user: string, password: string]> };
  readonly redis: { readonly url: string; readonly prefix: string };
  readonly adminPort: number | undefined;
  readonly logLevel: ParsedSettings["LOG_LEVEL"];
  /** Every setting as given, for webhook code (helga's `settings.FOO`). */
  readonly raw: RawSettings;
}

/** Reads and validates the settings once; throws SettingsError naming every bad setting. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = readRawSettings(env);
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
  if (problems.length) throw new SettingsError(problems);
  return {
    nick: s.NICK,
    channels: s.CHANNELS,
    operators: s.OPERATORS,
    server: {
      host: s.SERVER_HOST,
      port: s.SERVER_PORT,
      ssl: s.SERVER_SSL,
      sslVerify: s.SERVER_SSL_VERIFY,
      password: s.SERVER_PASSWORD,
      sasl: s.SASL_USERNAME !== undefined && s.SASL_PASSWORD !== undefined ? { username: s.SASL_USERNAME, password: s.SASL_PASSWORD } : undefined,
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
      handlerTimeoutMs: s.HANDLER_TIMEOUT,
      bodyLimit: s.BODY_LIMIT,
    },
    outbox: { max: s.OUTBOX_MAX, maxAttempts: s.OUTBOX_MAX_ATTEMPTS, summariseAfter: s.SUMMARISE_AFTER },
    trail: { max: s.TRAIL_MAX, maxAgeSeconds: s.TRAIL_MAX_AGE },
    console: { credentials: s.CONSOLE_CREDENTIALS },
    redis: { url: s.REDIS_URL, prefix: s.REDIS_PREFIX },
    adminPort: s.ADMIN_PORT,
    logLevel: s.LOG_LEVEL,
    raw,
  };
}

/** The offending value for the error message, with secrets masked. */
function pick(raw: RawSettings, key: PropertyKey | undefined): unknown {
  if (typeof key !== "string") return undefined;
  if (/PASSWORD|CREDENTIALS|SECRET|TOKEN/i.test(key)) return "***";
  return raw[key];
}
