import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_NETWORK, isNetworkName, NETWORK_NAME_RULE } from "../protocol/network-name.js";
import { ircAuthShape } from "./irc-auth-settings.js";
import { ircTlsShape } from "./irc-tls-settings.js";
import { relayInputShape } from "./relay-input-settings.js";
import { bool, credentials, hostPorts, int, list, namesOrAll, num, port } from "./setting-types.js";

/** Setting names are helga's; the defaults are what a fresh `docker compose up` needs. */
export const settingsSchema = z.object({
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
  ...ircTlsShape,
  SERVER_PASSWORD: z.string().optional(),
  SASL_USERNAME: z.string().optional(),
  SASL_PASSWORD: z.string().optional(),
  /** For networks without SASL: sent to NickServ as IDENTIFY after signon. One word, as NickServ reads it. */
  NICKSERV_PASSWORD: z.string().regex(/^\S+$/, "must be one word: no spaces or line breaks").optional(),
  ...ircAuthShape,
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
  ...relayInputShape,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ParsedSettings = z.infer<typeof settingsSchema>;
