/** The types webhook authors meet. Kept framework-free: express never leaks into them. */

/** What a handler receives about the HTTP request. */
export interface WebhookRequest {
  /** Request id; it follows the request through Redis into the bot's logs (X-Request-Id if sent). */
  readonly id: string;
  readonly method: string;
  /** The URL path, percent-decoded (UTF-8), without the query string. */
  readonly path: string;
  /** The URL as received, with its query string. */
  readonly url: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Query parameters; a repeated name keeps its last value (use `url` for all of them). */
  readonly query: Readonly<Record<string, string>>;
  /**
   * The body parsed by content type: JSON → its value; `application/x-www-form-urlencoded`
   * → a record of strings; `text/*` → a string; anything else → the raw Buffer; no body → undefined.
   */
  readonly body: unknown;
  /** The exact bytes received, for signature checks. */
  readonly rawBody: Buffer;
  /** The basic-auth user, set by `authenticated`. */
  readonly user?: string | undefined;
  /** Sets the HTTP status of the response (helga's `request.setResponseCode`). */
  setResponseCode(code: number): void;
  /** Sets a response header. */
  setHeader(name: string, value: string): void;
}

/** What a handler may return: text, JSON, bytes, or nothing (empty body). */
export type HandlerResult = string | Buffer | object | number | boolean | null | undefined;

/**
 * The IRC client proxy. Calls resolve once Redis holds the command durably and reject
 * (the route then answers 503) when it cannot be queued.
 */
export interface WebhookClient {
  /**
   * The same client for another IRC network: its commands go to that network's bot (the
   * one started with `NETWORK=<name>`); plain `client` is the default network. Throws
   * (the route answers 500, the log names it) when no bot of that network has started.
   *
   * @example
   * await client.network("oftc").msg("#ops", "deployed");
   */
  network(name: string): WebhookClient;
  msg(target: string, text: string): Promise<void>;
  me(target: string, text: string): Promise<void>;
  notice(target: string, text: string): Promise<void>;
  join(channel: string, key?: string): Promise<void>;
  leave(channel: string, reason?: string): Promise<void>;
  /** The bot's current nick, as it last reported it (this client's network's bot). */
  readonly nickname: string;
  /** Channels the bot is in. */
  readonly channels: readonly string[];
  /** The OPERATORS setting the bot enforces. */
  readonly operators: readonly string[];
  /** Whether the bot is connected to IRC right now (commands queue either way). */
  readonly connected: boolean;
}

/** Named groups of the route pattern; a group that did not take part is undefined. */
export type RouteParams = Readonly<Record<string, string | undefined>>;

export type Handler<P extends RouteParams = RouteParams> = (
  request: WebhookRequest,
  client: WebhookClient,
  params: P,
) => HandlerResult | Promise<HandlerResult>;

export interface RouteOptions {
  /** HTTP methods served; default `['GET']`. */
  methods?: readonly string[];
}

/** A route object, as `route()` makes it. Export it from a webhook module to serve it. */
export interface Route {
  readonly [ROUTE_BRAND]: true;
  /** The pattern as written (helga syntax), for `webhooks routes`. */
  readonly source: string;
  /** The compiled pattern, anchored at the start. */
  readonly pattern: RegExp;
  readonly methods: readonly string[];
  readonly handler: Handler;
}

/**
 * Marks route objects. Symbol.for, not a module-local symbol, so a second copy of this
 * library (a package that installed its own) still makes routes the gateway recognises.
 */
export const ROUTE_BRAND: unique symbol = Symbol.for("helga.webhooks.route") as never;
