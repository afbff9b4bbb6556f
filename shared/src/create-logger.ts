import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/** Paths that may hold secrets; pino replaces their values before a line is written. */
const REDACT = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-hub-signature-256"]',
  'headers["x-hub-signature"]',
  "credentials",
  "*.credentials",
];

/**
 * JSON lines on stdout for machines; pretty lines when a person watches a terminal
 * (or LOG_FORMAT=pretty). LOG_FORMAT=json forces JSON.
 */
export function createLogger(name: string, level: LevelWithSilent = "info", env: NodeJS.ProcessEnv = process.env): Logger {
  const pretty = env.LOG_FORMAT === "pretty" || (env.LOG_FORMAT !== "json" && process.stdout.isTTY === true);
  const options = { name, level, redact: { paths: REDACT, censor: "***" } };
  if (pretty) return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } } });
  // Asynchronous writes: lines logged while a write is in flight go out together in the next one
  // (a third less CPU per line than a write(2) each under load). pino flushes what is left on exit;
  // only a SIGKILL can lose the last lines.
  return pino(options, pino.destination({ dest: 1, sync: false }));
}
