import type { Logger } from "pino";

/**
 * On the first SIGTERM or SIGINT, runs `stop` and exits 0 (1 if it fails). A stop that hangs
 * (an IRC server or Redis that never answers) is cut after `limitMs`, so `docker stop` and
 * process supervisors are never left waiting.
 */
export function exitOnSignals(logger: Logger, stop: () => Promise<unknown>, limitMs = 15_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error({ limitMs }, "shutdown took too long; exiting anyway");
      process.exit(1);
    }, limitMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
