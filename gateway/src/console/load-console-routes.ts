import type { AdminRoutes } from "@helga/shared";
import { consoleOff } from "./console-off.js";
import type { ConsoleOptions } from "./create-console-routes.js";

/** The console's routes, its code imported only when CONSOLE_CREDENTIALS turn it on (BENCHMARKS.md: loading only what is used). */
export async function loadConsoleRoutes(options: ConsoleOptions): Promise<AdminRoutes> {
  if (options.credentials.length === 0) return consoleOff(options.logger);
  const { createConsoleRoutes } = await import("./create-console-routes.js");
  return createConsoleRoutes(options);
}
