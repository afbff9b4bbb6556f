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
  return pino({
    name,
    level,
    redact: { paths: REDACT, censor: "***" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } } } : {}),
  });
}
