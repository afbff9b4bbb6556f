import type { AdminRoutes, Logger } from "@helga/shared";

/** The console's paths on the admin port. */
export function isConsolePath(path: string): boolean {
  return path === "/deliveries" || path === "/console" || path.startsWith("/console/");
}

/**
 * Without CONSOLE_CREDENTIALS: the console's paths answer 404 saying how to turn it on, and
 * nothing of the console (its template, views, Mustache) is loaded.
 */
export function consoleOff(logger: Logger): AdminRoutes {
  logger.info("console off: set CONSOLE_CREDENTIALS to serve /console and /deliveries on the admin port");
  return async (request, response) => {
    if (!isConsolePath(new URL(request.url ?? "/", "http://admin.invalid").pathname)) return false;
    const body = "console off: set CONSOLE_CREDENTIALS\n";
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : body);
    return true;
  };
}
