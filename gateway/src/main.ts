import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createAdminServer, createLogger, createRedis, exitOnSignals, loadSettingsOrExit, redisKeys } from "@helga/shared";
import { setGatewayServices } from "./api/runtime-context.js";
import { loadConsoleRoutes } from "./console/load-console-routes.js";
import { createGateway } from "./create-gateway.js";
import { gatewayId } from "./control/gateway-id.js";
import { PortInUseError } from "./http/listener.js";
import { BUILT_IN_WEBHOOKS_DIR, installedNodeModulesDirs } from "./loading/default-locations.js";
import { createWebhookLoader } from "./loading/load-webhooks.js";
import { createGatewayMetrics } from "./metrics/gateway-metrics.js";
import { withSourcesFile } from "./loading/with-sources-file.js";

/** `node gateway/dist/main.js`: settings from the environment, then the gateway until SIGTERM/SIGINT. */

const settings = loadSettingsOrExit();
const logger = createLogger("gateway", settings.logLevel);
const keys = redisKeys(settings.redis.prefix);
// A WAIT for replicas holds the connection up to REDIS_REPLICA_TIMEOUT: commands get that much longer.
const commandTimeoutMs = 5_000 + (settings.redis.minReplicas > 0 ? settings.redis.replicaTimeoutMs : 0);
const redis = createRedis(settings.redis, { name: "gateway", logger, failFast: true, commandTimeoutMs, autoPipelining: true });
const subscriber = createRedis(settings.redis, { name: "gateway-control", logger });
setGatewayServices({ settings: settings.raw, redis, keys, credentials: settings.webhooks.credentials });

const webhooksPath = resolve(settings.webhooks.path);
if (!existsSync(webhooksPath)) logger.warn({ path: webhooksPath }, "WEBHOOKS_PATH does not exist; only built-in and installed webhooks load");
const sourcesFile = resolve(settings.webhooks.sourcesFile);
// Without SOURCES_FILE a missing sources.yml just means no sources; a named file that is missing is a mistake.
if (settings.raw["SOURCES_FILE"] !== undefined && !existsSync(sourcesFile)) logger.warn({ path: sourcesFile }, "SOURCES_FILE names a file that does not exist; no sources load");

const id = gatewayId();
const metrics = createGatewayMetrics({ gateway: id });
let redisWasReady = false;
redis.on("ready", () => {
  if (redisWasReady) metrics.redisReconnected();
  redisWasReady = true;
});

const gateway = createGateway(settings, {
  logger,
  metrics,
  redis,
  subscriber,
  keys,
  gatewayId: id,
  loadWebhooks: withSourcesFile(
    createWebhookLoader({
      roots: [BUILT_IN_WEBHOOKS_DIR, webhooksPath],
      nodeModulesDirs: installedNodeModulesDirs(),
      enabled: settings.webhooks.enabled,
      disabled: settings.webhooks.disabled,
      settings: settings.raw,
      logger,
    }),
    { file: sourcesFile, settings: settings.raw, logger, redis, keys },
  ),
  onFatal(error) {
    if (error instanceof PortInUseError) logger.error(error.message);
    else logger.error({ err: error }, "gateway failed");
    process.exit(1);
  },
});

/** Default 9090, apart from the bot's 9091, so both can run on one host. */
const ADMIN_PORT = 9090;
// Before start(): the admin port answers /healthz while webhooks load and while they are stopped.
const admin = await createAdminServer({
  port: settings.adminPort ?? ADMIN_PORT,
  logger,
  metrics: metrics.registry,
  routes: await loadConsoleRoutes({ redis, keys, trail: settings.trail, credentials: settings.console.credentials, gatewayId: id, logger }),
  checks: {
    redis: async () => (await redis.ping()) === "PONG",
    webhooks: () => gateway.port !== undefined,
  },
}).catch((error: unknown) => {
  logger.fatal({ err: error }, "admin port could not open");
  process.exit(1);
});

exitOnSignals(logger, () => Promise.all([gateway.stop(10_000), admin.close()]));

await gateway.start();
