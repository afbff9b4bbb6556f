import { authoringServices } from "./authoring-services.js";
import { decorate } from "./decorate.js";
import { HttpError } from "./http-error.js";
import type { Handler, Route, RouteParams, WebhookRequest } from "./types.js";
import { equalsAny } from "../signing/constant-time-equal.js";
import { assertSignatureFormat, signatureMatches, type SignatureEncoding } from "../signing/hmac-signature.js";
import { secretSource, type SecretOptions } from "../signing/secret-source.js";

export type { SecretOptions, SignatureEncoding };

/** The replay guard: a delivery id seen again within `ttlSeconds` is answered 200 "Already delivered". */
export interface ReplayOptions {
  /** Header carrying the sender's delivery id. */
  readonly header: string;
  /** How long an id is remembered; default one day. */
  readonly ttlSeconds?: number;
}

export interface GithubOptions extends SecretOptions {
  /** Default: X-GitHub-Delivery, remembered a day. `false` turns the replay guard off. */
  readonly replay?: Partial<ReplayOptions> | false;
}

export interface HmacOptions extends SecretOptions {
  /** Header carrying the signature, e.g. "X-Signature". */
  readonly header: string;
  /** Default "sha256". */
  readonly algorithm?: string;
  /** Text before the digest, e.g. "sha256="; default none. */
  readonly prefix?: string;
  /** Default "hex". */
  readonly encoding?: SignatureEncoding;
  readonly replay?: ReplayOptions | false;
}

export interface TokenOptions extends SecretOptions {
  /** Header carrying the token, e.g. "X-Gitlab-Token". */
  readonly header?: string;
  /** Query parameter carrying the token, e.g. "token" (it shows in access logs: prefer a header). */
  readonly query?: string;
  readonly replay?: ReplayOptions | false;
}

export type Check = (request: WebhookRequest) => boolean;
export const DAY_SECONDS = 86_400;
/** Longer ids are not delivery ids; they would only make large Redis keys. */
const MAX_DELIVERY_ID = 200;

function github(options: GithubOptions, route: Route): Route;
function github<P extends RouteParams = RouteParams>(options: GithubOptions, handler: Handler<P>): Handler<P>;
function github(options: GithubOptions, target: Route | Handler): Route | Handler {
  const who = "verified.github";
  const secrets = secretSource(who, options);
  const format = { algorithm: "sha256", prefix: "sha256=", encoding: "hex" } as const;
  const check: Check = (request) => signatureMatches(request.headers["x-hub-signature-256"], request.rawBody, secrets(), format);
  const replay = options.replay === false ? undefined : replayOptions(who, { header: "X-GitHub-Delivery", ttlSeconds: DAY_SECONDS, ...options.replay });
  return decorate(who, target, verifying(check, "Invalid or missing X-Hub-Signature-256", replay));
}

function hmac(options: HmacOptions, route: Route): Route;
function hmac<P extends RouteParams = RouteParams>(options: HmacOptions, handler: Handler<P>): Handler<P>;
function hmac(options: HmacOptions, target: Route | Handler): Route | Handler {
  const who = "verified.hmac";
  const header = headerName(who, options.header);
  const secrets = secretSource(who, options);
  const format = { algorithm: options.algorithm ?? "sha256", prefix: options.prefix ?? "", encoding: options.encoding ?? "hex" };
  assertSignatureFormat(format);
  const check: Check = (request) => signatureMatches(request.headers[header], request.rawBody, secrets(), format);
  const replay = options.replay ? replayOptions(who, options.replay) : undefined;
  return decorate(who, target, verifying(check, `Invalid or missing ${options.header}`, replay));
}

function token(options: TokenOptions, route: Route): Route;
function token<P extends RouteParams = RouteParams>(options: TokenOptions, handler: Handler<P>): Handler<P>;
function token(options: TokenOptions, target: Route | Handler): Route | Handler {
  const who = "verified.token";
  if (options.header === undefined && options.query === undefined) throw new TypeError(`${who}: give the header or the query parameter that carries the token`);
  const header = options.header === undefined ? undefined : headerName(who, options.header);
  const secrets = secretSource(who, options);
  const check: Check = (request) => {
    const given = (header === undefined ? undefined : request.headers[header]) ?? (options.query === undefined ? undefined : request.query[options.query]);
    return given !== undefined && equalsAny(given, secrets());
  };
  const replay = options.replay ? replayOptions(who, options.replay) : undefined;
  return decorate(who, target, verifying(check, "Invalid or missing token", replay));
}

/**
 * Signed webhooks: the handler runs only for requests whose signature (over the raw body)
 * or shared token checks out; others get 401. With a replay guard, a delivery id seen
 * again within its TTL gets 200 "Already delivered" and the handler does not run again.
 * Each form wraps a handler or a whole route, and composes with `authenticated`.
 *
 * @example
 * export default route("/github", { methods: ["POST"] }, verified.github({ secret: "GITHUB_WEBHOOK_SECRET" }, handler));
 * export const gitlab = route("/gitlab", { methods: ["POST"] }, verified.token({ header: "X-Gitlab-Token", secret: "GITLAB_TOKEN" }, handler));
 * export const shop = route("/shop", { methods: ["POST"] },
 *   verified.hmac({ header: "X-Shop-Hmac-Sha256", encoding: "base64", secret: "SHOP_SECRET" }, handler));
 */
export const verified = Object.freeze({ github, hmac, token });

/** A replay guard as `verifying` applies it: the first of `headers` present is the delivery id. */
export interface ReplayGuard {
  /** Lower-case header names. */
  readonly headers: readonly string[];
  readonly ttlSeconds: number;
  /** Keeps these ids apart from other senders' (a sources.yml entry uses its name). */
  readonly scope?: string;
}

/**
 * Wraps a handler: `check` must pass (else 401 with `failure`); with a replay guard, a delivery
 * id already claimed gets 200 "Already delivered" and the handler does not run again.
 */
export function verifying(check: Check, failure: string, replay: ReplayGuard | undefined) {
  return (handler: Handler): Handler =>
    async (request, client, params) => {
      if (!check(request)) throw new HttpError(401, failure);
      if (!replay) return handler(request, client, params);
      const id = replay.headers.map((header) => request.headers[header]).find(Boolean);
      if (!id) throw new HttpError(400, `Missing ${replay.headers.join(" or ")} header`);
      if (id.length > MAX_DELIVERY_ID) throw new HttpError(400, `${replay.headers.join(" or ")} is too long`);
      const key = replay.scope === undefined ? id : `${replay.scope}:${id}`;
      const { deliveries } = authoringServices();
      if (!(await deliveries.claim(key, replay.ttlSeconds))) return "Already delivered";
      try {
        return await handler(request, client, params);
      } catch (error) {
        // Forget the id so the sender's retry is handled; the handler's error is the one to report.
        await deliveries.release(key).catch(() => undefined);
        throw error;
      }
    };
}

function headerName(who: string, header: string): string {
  if (typeof header !== "string" || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) {
    throw new TypeError(`${who}: ${JSON.stringify(header)} is not a header name`);
  }
  return header.toLowerCase();
}

function replayOptions(who: string, options: Partial<ReplayOptions>): ReplayGuard {
  const ttlSeconds = options.ttlSeconds ?? DAY_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError(`${who}: replay.ttlSeconds must be a positive whole number`);
  return { headers: [headerName(who, options.header ?? "")], ttlSeconds };
}
