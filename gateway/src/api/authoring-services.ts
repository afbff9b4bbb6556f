import { AsyncLocalStorage } from "node:async_hooks";
import type { Redis } from "ioredis";
import type { RawSettings } from "@helga/shared";
import { redisDeliveryLedger, type DeliveryLedger } from "./delivery-ledger.js";
import { packageConnection } from "./package-connections.js";
import { gatewayServices } from "./runtime-context.js";

/** What authenticated, verified, settings and db use: the gateway's services, or the test kit's. */
export interface AuthoringServices {
  readonly settings: RawSettings;
  /** Basic-auth pairs from WEBHOOKS_CREDENTIALS. */
  readonly credentials: ReadonlyArray<readonly [string, string]>;
  readonly deliveries: DeliveryLedger;
  /** The package's namespaced Redis connection. */
  db(packageName: string): Redis;
}

/** On globalThis under Symbol.for, like the runtime context, so every copy of this library agrees. */
const SLOT = Symbol.for("helga.webhooks.authoring-services");
const store = globalThis as Record<symbol, AsyncLocalStorage<AuthoringServices> | undefined>;
const scoped = (store[SLOT] ??= new AsyncLocalStorage<AuthoringServices>());

export function authoringServices(): AuthoringServices {
  const override = scoped.getStore();
  if (override) return override;
  const { settings, credentials, redis, keys } = gatewayServices();
  return {
    settings,
    credentials,
    deliveries: redisDeliveryLedger(redis, keys),
    db: (packageName) => packageConnection(redis, keys, packageName),
  };
}

/** Runs `fn` with `services` in place of the gateway's (the test kit; concurrent calls stay apart). */
export function runWithAuthoringServices<T>(services: AuthoringServices, fn: () => T): T {
  return scoped.run(services, fn);
}
