import { AsyncLocalStorage } from "node:async_hooks";
import type { Redis } from "ioredis";
import type { RawSettings, RedisKeys } from "@helga/shared";

/** What the gateway knows about the webhook whose handler is running. */
export interface WebhookContext {
  /** Package name (ENABLED_WEBHOOKS / DISABLED_WEBHOOKS use it). */
  readonly name: string;
  /** The package's root folder: templates never resolve outside it. */
  readonly packageDir: string;
  /** Folder of the module file that exported the route: `render` looks here first. */
  readonly moduleDir: string;
}

/** Process-wide services the API functions use; set once by the gateway at start. */
export interface GatewayServices {
  readonly settings: RawSettings;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  /** Basic-auth pairs from WEBHOOKS_CREDENTIALS. */
  readonly credentials: ReadonlyArray<readonly [string, string]>;
}

interface RuntimeSlot {
  services: GatewayServices | undefined;
  webhook: AsyncLocalStorage<WebhookContext>;
}

/**
 * Kept on globalThis under Symbol.for so that every copy of this library in the process
 * (one per installed package, at worst) sees the same gateway.
 */
const SLOT = Symbol.for("helga.webhooks.runtime");
const store = globalThis as Record<symbol, RuntimeSlot | undefined>;
const slot = (store[SLOT] ??= { services: undefined, webhook: new AsyncLocalStorage<WebhookContext>() });

export function setGatewayServices(services: GatewayServices): void {
  slot.services = services;
}

export function gatewayServices(): GatewayServices {
  if (!slot.services) throw new Error("The helga gateway is not running in this process (no services set)");
  return slot.services;
}

/** Runs `fn` with `context` as the current webhook, for render, db and error logs. */
export function runInWebhook<T>(context: WebhookContext, fn: () => T): T {
  return slot.webhook.run(context, fn);
}

export function currentWebhook(): WebhookContext {
  const context = slot.webhook.getStore();
  if (!context) throw new Error("This helga API call works only inside a route handler");
  return context;
}
