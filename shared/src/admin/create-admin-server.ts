import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../create-logger.js";

/** What /metrics serves: a prom-client Registry fits, without shared depending on prom-client. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** One named readiness condition; a throw or a slow answer counts as not ready. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/**
 * More pages on the admin port (the gateway's console): answers a request and resolves true,
 * or resolves false to leave it to the built-in paths. Sees every method, so it may take POSTs.
 */
export type AdminRoutes = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface AdminServerOptions {
  /** 0 picks a free port (tests); read the chosen one from `port`. */
  readonly port: number;
  /** Defaults to every interface, so a scraper or a container healthcheck can reach it. */
  readonly host?: string;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  readonly metrics: MetricsSource;
  readonly logger: Logger;
  /** How long one readiness check may take before it counts as failed. */
  readonly checkTimeoutMs?: number;
  readonly routes?: AdminRoutes;
}

export interface AdminServer {
  readonly port: number;
  /** Stops listening and drops idle connections; safe to call twice. */
  close(): Promise<void>;
}

const TEXT = "text/plain; charset=utf-8";

/**
 * The operator's port: /healthz (the process answers), /readyz (every named check passes,
 * with each check's result as JSON) and /metrics. Plain node:http, separate from the webhook
 * listener, so it keeps answering while webhooks are stopped.
 */
export async function createAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { checks, metrics, logger, checkTimeoutMs = 2_000, routes } = options;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (routes !== undefined && (await routes(request, response))) return;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return send(request, response, 405, TEXT, "method not allowed\n", { allow: "GET, HEAD" });
    }
    const path = (request.url ?? "/").split("?", 1)[0];
    switch (path) {
      case "/healthz":
        return send(request, response, 200, TEXT, "ok\n");
      case "/readyz": {
        const results = await runChecks(checks, checkTimeoutMs);
        const ready = Object.values(results).every(Boolean);
        return send(request, response, ready ? 200 : 503, "application/json", `${JSON.stringify({ ready, checks: results })}\n`);
      }
      case "/metrics":
        return send(request, response, 200, metrics.contentType, await metrics.metrics());
      default:
        return send(request, response, 404, TEXT, "not found: try /healthz, /readyz or /metrics\n");
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, path: request.url }, "admin request failed");
      if (!response.headersSent) send(request, response, 500, TEXT, "internal error\n");
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`Admin port ${options.port} is already in use (set ADMIN_PORT)`, { cause: error }) : error);
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, "admin listening");

  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

async function runChecks(checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs: number): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await passes(check, timeoutMs)] as const),
  );
  return Object.fromEntries(entries);
}

async function passes(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return (await Promise.race([Promise.resolve().then(check), timeout])) === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body, "utf8");
  response.writeHead(status, { "content-type": contentType, "content-length": bytes.length, "cache-control": "no-store", ...headers });
  response.end(request.method === "HEAD" ? undefined : bytes);
}
