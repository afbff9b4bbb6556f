import type { Redis } from "ioredis";
import { createLogger, credentialsSetting, redisKeys } from "@helga/shared";
import { runWithAuthoringServices, type AuthoringServices } from "../api/authoring-services.js";
import { memoryDeliveryLedger, redisDeliveryLedger } from "../api/delivery-ledger.js";
import { isHttpError } from "../api/http-error.js";
import { closePackageConnections, packageConnection } from "../api/package-connections.js";
import type { WebhookContext } from "../api/runtime-context.js";
import { missingSettings } from "../api/settings.js";
import type { Route } from "../api/types.js";
import { createRequestHandler } from "../http/handle-request.js";
import { collectRoutes, isRoute } from "../loading/collect-routes.js";
import { createRouteTable } from "../routing/route-table.js";
import { createTestClient, type TestCall, type TestClient } from "./create-test-client.js";
import { encodeTestRequest, type TestRequest } from "./encode-test-request.js";

/** A route, a list of routes, or a whole webhook module (`import * as webhook from "./my-webhook.ts"`). */
export type RouteSource = Route | readonly Route[] | Readonly<Record<string, unknown>>;

export interface TestKitOptions {
  /** Settings the webhook sees: its own, WEBHOOKS_CREDENTIALS, secrets. Default: none. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The recording client; default a fresh one (kit.client). */
  readonly client?: TestClient;
  /** A real Redis for `db` and the replay guard. Without it the guard remembers in memory and `db` throws. */
  readonly redis?: Redis;
  /** Key prefix used with `redis`; default "helga-test". */
  readonly redisPrefix?: string;
  /** The webhook as the gateway would see it: `name` namespaces `db`, `moduleDir` is where `render` looks. Default: "test", the current folder. */
  readonly webhook?: Partial<WebhookContext>;
  /** Default 10 000 ms, as the gateway's HANDLER_TIMEOUT. */
  readonly handlerTimeoutMs?: number;
}

export interface TestResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  readonly json: unknown;
  /** The client calls made while handling this request. */
  readonly calls: readonly TestCall[];
  /** The exception behind a 500 (the gateway logs it; the caller sees a generic message). */
  readonly error?: unknown;
}

export interface TestKit {
  readonly client: TestClient;
  /** Sends one request through the gateway's own routing and response shaping. */
  call(source: RouteSource, request: TestRequest): Promise<TestResponse>;
  /** Closes the `db` connections the kit made from `redis`. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A gateway in a box for webhook tests: no Redis or IRC needed. Calls go through the real
 * routing, request parsing and response shaping; the client records instead of queueing.
 * One kit remembers delivery ids across calls, so replay tests work.
 *
 * @example
 * const kit = createTestKit({ settings: { WEBHOOKS_CREDENTIALS: "alice:secret" } });
 * const response = await kit.call(announce, { method: "POST", path: "/announce/bots", body: { message: "hi" }, credentials: ["alice", "secret"] });
 * assert.deepEqual(response.calls, [{ op: "msg", target: "#bots", text: "hi" }]);
 */
export function createTestKit(options: TestKitOptions = {}): TestKit {
  const client = options.client ?? createTestClient();
  const settings = Object.freeze({ ...options.settings });
  const parsedCredentials = credentialsSetting.safeParse(settings.WEBHOOKS_CREDENTIALS ?? []);
  if (!parsedCredentials.success) throw new TypeError("WEBHOOKS_CREDENTIALS: expected user:pass pairs");
  const { redis } = options;
  const keys = redisKeys(options.redisPrefix ?? "helga-test");
  const services: AuthoringServices = {
    settings,
    credentials: parsedCredentials.data,
    deliveries: redis ? redisDeliveryLedger(redis, keys) : memoryDeliveryLedger(),
    db: (name) => {
      if (!redis) throw new Error("db needs a Redis in tests: createTestKit({ redis })");
      return packageConnection(redis, keys, name);
    },
  };
  const cwd = process.cwd();
  const webhook: WebhookContext = {
    name: options.webhook?.name ?? "test",
    packageDir: options.webhook?.packageDir ?? options.webhook?.moduleDir ?? cwd,
    moduleDir: options.webhook?.moduleDir ?? options.webhook?.packageDir ?? cwd,
  };
  const logger = createLogger("helga-test", "silent");

  async function call(source: RouteSource, request: TestRequest): Promise<TestResponse> {
    const errors: unknown[] = [];
    const routes = routesOf(source, settings).map((route) => ({
      ...route,
      handler: async (...args: Parameters<Route["handler"]>) => {
        try {
          return await route.handler(...args);
        } catch (error) {
          if (!isHttpError(error)) errors.push(error);
          throw error;
        }
      },
    }));
    const table = createRouteTable([{ webhook, routes }]);
    const handle = createRequestHandler({ routes: () => table, clientFor: () => client, handlerTimeoutMs: options.handlerTimeoutMs ?? 10_000, logger });
    const before = client.calls.length;
    const response = await runWithAuthoringServices(services, () => handle(encodeTestRequest(request)));
    const text = response.body.toString("utf8");
    const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]));
    return {
      status: response.status,
      headers,
      body: response.body,
      text,
      json: parseJson(text, headers["content-type"]),
      calls: client.calls.slice(before),
      ...(errors.length ? { error: errors[0] } : {}),
    };
  }

  return { client, call, close: async () => (redis ? closePackageConnections(redis) : undefined) };
}

/**
 * One request through a fresh kit; `options` are the kit's (settings, webhook, …) and the request's.
 *
 * @example
 * const response = await callRoute(hello, { path: "/hello/world" });
 * assert.equal(response.text, "Hello world");
 */
export async function callRoute(source: RouteSource, options: TestRequest & TestKitOptions): Promise<TestResponse> {
  const kit = createTestKit(options);
  try {
    return await kit.call(source, options);
  } finally {
    await kit.close();
  }
}

function routesOf(source: RouteSource, settings: Readonly<Record<string, unknown>>): Route[] {
  if (isRoute(source)) return [source];
  if (isList(source)) return source.filter(isRoute);
  const missing = missingSettings(source, settings);
  if (missing.length) throw new Error(`The gateway would skip this package: it requires the setting(s) ${missing.join(", ")}`);
  const routes = collectRoutes(source);
  if (routes.length === 0) throw new Error("The gateway would skip this package: it exports no route");
  return routes;
}

/** Array.isArray does not narrow a readonly array out of a union. */
function isList(value: RouteSource): value is readonly Route[] {
  return Array.isArray(value);
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!/^application\/(.+\+)?json/i.test(contentType ?? "")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
