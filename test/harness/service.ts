import { fileURLToPath } from "node:url";
import { ManagedProcess } from "./child-process.js";
import { waitUntil } from "./wait-until.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A pino JSON log line of a service. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A real gateway or bot process (`node <service>/dist/main.js`), configured by env like in production. */
export class Service {
  readonly process: ManagedProcess;

  constructor(
    readonly kind: "gateway" | "bot",
    readonly env: Readonly<Record<string, string>>,
    label: string = kind,
  ) {
    this.process = new ManagedProcess(label, process.execPath, [`${ROOT}${kind}/dist/main.js`], {
      PATH: process.env.PATH ?? "",
      LOG_FORMAT: "json",
      LOG_LEVEL: "debug",
      ...env,
    }, ROOT);
  }

  start(): this {
    this.process.start();
    return this;
  }

  /** Log lines parsed as JSON (non-JSON lines, like a crash trace, come back as {msg: line}). */
  logs(): LogLine[] {
    return this.process.output.map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        return { msg: line };
      }
    });
  }

  /** Waits for a log line whose msg matches, counting only lines after `since` (an index into logs()). */
  async waitForLog(match: string | RegExp, timeoutMs = 15_000, since = 0): Promise<LogLine> {
    return waitUntil(`${this.process.label} to log ${String(match)}\n--- its output:\n${this.process.tail()}`, () =>
      this.logs().slice(since).find((line) => typeof line.msg === "string" && (typeof match === "string" ? line.msg === match : match.test(line.msg))),
    timeoutMs);
  }

  get logCount(): number {
    return this.process.output.length;
  }

  stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    return this.process.stop(signal);
  }
}
