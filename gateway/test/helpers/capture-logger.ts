import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

export interface CapturedLog {
  readonly logger: Logger;
  /** Every line written so far, parsed. */
  readonly lines: Array<Record<string, unknown>>;
}

/** A real pino logger whose JSON lines land in memory, for asserting what operators would read. */
export function captureLogger(level = "debug"): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
