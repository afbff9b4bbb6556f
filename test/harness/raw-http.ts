import { connect } from "node:net";
import { sleep } from "./wait-until.js";

/** Something to send on a raw connection: bytes, or a pause between them. */
export type RawPart = string | Buffer | { readonly pauseMs: number };

export interface RawExchange {
  /** Everything the server sent back, as latin1 text (the status line and headers are ASCII). */
  readonly response: string;
  /** The status code of the first final (non-1xx) response, if one arrived. */
  readonly status: number | undefined;
  /** True when the server closed (or reset) the connection; false when we gave up first. */
  readonly closedByServer: boolean;
  /** Milliseconds from connecting until the server closed or we gave up. */
  readonly ms: number;
  /** Parts that were written before the server closed the connection. */
  readonly partsSent: number;
}

/**
 * Speaks HTTP over a plain socket, for what fetch will not send: lowercase methods, headers
 * trickled byte by byte, bodies that stall. Sends `parts` in order (stopping if the server
 * closes), then waits for the server to close, at most `timeoutMs` from the start.
 */
export async function rawHttp(port: number, parts: readonly RawPart[], timeoutMs = 30_000): Promise<RawExchange> {
  const started = Date.now();
  const socket = connect({ host: "127.0.0.1", port });
  const chunks: Buffer[] = [];
  let closed = false;
  const done = new Promise<void>((resolve) => {
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined); // a reset is one way to be closed
    socket.on("close", () => {
      closed = true;
      resolve();
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([new Promise<void>((resolve) => socket.once("connect", () => resolve())), done]);
  let partsSent = 0;
  for (const part of parts) {
    if (closed || Date.now() - started > timeoutMs) break;
    if (typeof part === "object" && !Buffer.isBuffer(part)) await Promise.race([sleep(part.pauseMs), done]);
    else await Promise.race([new Promise<void>((resolve) => socket.write(part, () => resolve())), done]);
    partsSent++;
  }
  await Promise.race([done, deadline]);
  clearTimeout(timer);
  const closedByServer = closed;
  const ms = Date.now() - started;
  socket.destroy();
  const response = Buffer.concat(chunks).toString("latin1");
  // Skip interim answers (100 Continue) to the final status.
  const status = /^(?:HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)*HTTP\/1\.[01] (\d{3})/.exec(response)?.[1];
  return { response, status: status === undefined ? undefined : Number(status), closedByServer, ms, partsSent };
}

/** Splits `text` into single bytes with `pauseMs` between them: a slow sender. */
export function trickle(text: string, pauseMs: number): RawPart[] {
  return [...Buffer.from(text, "latin1")].flatMap((byte) => [Buffer.from([byte]), { pauseMs }]);
}
