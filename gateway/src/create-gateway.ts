import { encodeControlEvent, type Logger, type Redis, type RedisKeys, type Settings } from "@helga/shared";
import { closePackageConnections } from "./api/package-connections.js";
import { createClientFactory } from "./client/create-client.js";
import { createReplicaWait } from "./client/wait-for-replicas.js";
import { shouldListen } from "./control/should-listen.js";
import { startHeartbeat, type Heartbeat } from "./control/heartbeat.js";
import { watchControl, type ControlWatch } from "./control/watch-control.js";
import { createExpressApp } from "./http/express-adapter.js";
import { createRequestHandler } from "./http/handle-request.js";
import { createListener } from "./http/listener.js";
import { createInputs } from "./inputs/create-inputs.js";
import type { LoadWebhooks } from "./loading/load-webhooks.js";
import { createGatewayMetrics, type GatewayMetrics } from "./metrics/gateway-metrics.js";
import { observeRequests } from "./metrics/observe-requests.js";
import { createRouteTable, type RouteTable, type WebhookRoutes } from "./routing/route-table.js";

export interface GatewayDeps {
  readonly logger: Logger;
  /** Fail-fast command connection (client proxy, keys, heartbeat, publish). */
  readonly redis: Redis;
  /** Connection for the control channel subscription. */
  readonly subscriber: Redis;
  readonly keys: RedisKeys;
  readonly gatewayId: string;
  readonly loadWebhooks: LoadWebhooks;
  /** The gateway cannot go on (e.g. its port is taken); the process should exit. */
  readonly onFatal: (error: Error) => void;
  readonly heartbeatMs?: number;
  /** Served on the admin port by main; a private registry when not given. */
  readonly metrics?: GatewayMetrics;
}

export interface Gateway {
  start(): Promise<void>;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes the packages' `db` connections, removes the heartbeat. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
  /** The bound port while the listener is open. */
  readonly port: number | undefined;
}

/**
 * The gateway, composed: webhooks loaded into a route table, the HTTP core behind one express middleware,
 * a listener opened and closed by the shared control state, a heartbeat for `webhooks routes`.
 */
export function createGateway(
  settings: Settings,
  { logger, redis, subscriber, keys, gatewayId, loadWebhooks, onFatal, heartbeatMs, metrics = createGatewayMetrics() }: GatewayDeps,
): Gateway {
  let table: RouteTable = createRouteTable([]);
  let control: ControlWatch | undefined;
  let heartbeat: Heartbeat | undefined;
  let port: number | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;

  const { minReplicas, replicaTimeoutMs } = settings.redis;
  const clientFor = createClientFactory({
    redis,
    keys,
    outboxMax: settings.outbox.max,
    trail: settings.trail,
    networks: () => control?.state.networks ?? new Map(),
    metrics,
    ...(minReplicas > 0 ? { replicas: createReplicaWait(redis, { minReplicas, timeoutMs: replicaTimeoutMs }) } : {}),
  });
  const onAnswered = observeRequests(metrics, logger);
  const handle = createRequestHandler({ routes: () => table, clientFor, handlerTimeoutMs: settings.webhooks.handlerTimeoutMs, logger, onAnswered });
  const app = createExpressApp(handle, { bodyLimit: settings.webhooks.bodyLimit, logger, onAnswered });
  const listener = createListener(app, { host: settings.webhooks.host, port: settings.webhooks.port, logger });
  // irccat and irker: inputs beside the HTTP port, on and off with it, through the same client.
  const inputs = createInputs(settings.relays, { host: settings.webhooks.host, clientFor, metrics, logger });
  const tableOf = (webhooks: readonly WebhookRoutes[]) => createRouteTable([...webhooks, ...inputs.webhooks]);

  /** Open/close and reload run one at a time, in the order asked. */
  let queue: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>) => {
    queue = queue.then(step).catch((error: Error) => onFatal(error));
  };

  function reconcile(): void {
    serially(async () => {
      const want = !stopping && control !== undefined && shouldListen(control.state);
      if (want && !listener.isOpen) port = await listener.open();
      else if (!want && listener.isOpen) {
        port = undefined;
        await listener.close();
      }
      await inputs.setOpen(want);
      metrics.setWebhooksEnabled(listener.isOpen);
      await heartbeat?.beat();
    });
  }

  function reload(requestId: string): void {
    serially(async () => {
      const { webhooks, failed } = await loadWebhooks();
      table = tableOf(webhooks);
      logger.info({ requestId, routes: table.entries.length, failed }, "webhooks reloaded");
      await heartbeat?.beat();
      await redis
        .publish(keys.control, encodeControlEvent({ type: "reloaded", requestId, gatewayId, routes: table.entries.length, failed: [...failed] }))
        .catch((error: Error) => logger.warn({ err: error.message, requestId }, "could not announce the reload"));
    });
  }

  return {
    async start() {
      table = tableOf((await loadWebhooks()).webhooks);
      heartbeat = startHeartbeat({
        redis,
        hash: keys.gateways,
        id: gatewayId,
        logger,
        ...(heartbeatMs === undefined ? {} : { intervalMs: heartbeatMs }),
        report: () => ({
          listening: listener.isOpen,
          routes: [...table.entries.map(({ route, webhook }) => ({ methods: [...route.methods], pattern: route.source, webhook: webhook.name })), ...inputs.routes()],
        }),
      });
      control = watchControl({ redis, subscriber, keys, logger, onState: reconcile, onReload: reload });
      // Connection failures are logged by createRedis and retried forever; "ready" reads the state.
      await Promise.allSettled([redis.connect(), subscriber.connect()]);
    },
    stop(graceMs = 10_000) {
      stopped ??= (async () => {
        stopping = true;
        // Queued behind any open or reload in progress, so nothing reopens after it.
        serially(async () => {
          port = undefined;
          await Promise.all([listener.close(graceMs), inputs.stop(graceMs)]);
        });
        await queue;
        // Handlers are done: the webhook packages' own `db` connections can go.
        await closePackageConnections(redis);
        await heartbeat?.stop();
        subscriber.disconnect();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return stopped;
    },
    get port() {
      return port;
    },
  };
}
