import type { IncomingMessage } from "node:http";
import { HttpError } from "../api/http-error.js";

/**
 * Reads the raw request body, refusing more than `limit` bytes (413) before buffering them.
 * A body cut off by the sender is a 400; nobody is left to read it anyway.
 * An over-limit body is read on and dropped, so that the sender sees the 413 instead of a
 * reset connection (see requestDone).
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (declared > limit) {
    discardRest(request);
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: HttpError) => {
      request.removeAllListeners("data").removeAllListeners("end").removeAllListeners("aborted");
      reject(error);
    };
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return chunks.push(chunk);
      discardRest(request);
      stop(tooLarge());
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("aborted", () => stop(new HttpError(400, "400 Bad Request: the request body was cut off")));
    request.on("error", () => stop(new HttpError(400, "400 Bad Request: the request body was cut off")));
  });
}

/** How long the rest of an over-limit body is read before the connection is closed anyway. */
const DISCARD_MS = 10_000;
/** A sender that sent nothing for this long is not going to: close without waiting further. */
const DISCARD_IDLE_MS = 1_000;

/**
 * Resolves once the request has been read to its end (at once for an ordinary request), or
 * once the sender goes quiet, or after DISCARD_MS: closing a socket with unread bytes resets
 * it, and the sender would lose the answer already written.
 */
export function requestDone(request: IncomingMessage): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(deadline);
      clearTimeout(idle);
      request.off("data", active);
      resolve();
    };
    const deadline = setTimeout(done, DISCARD_MS);
    let idle = setTimeout(done, DISCARD_IDLE_MS);
    const active = () => {
      clearTimeout(idle);
      idle = setTimeout(done, DISCARD_IDLE_MS);
    };
    request.on("data", active).once("end", done).once("close", done).once("error", done);
  });
}

function discardRest(request: IncomingMessage): void {
  request.removeAllListeners("data");
  request.on("data", () => undefined);
  request.resume();
}

function tooLarge(): HttpError {
  return new HttpError(413, "413 Payload Too Large", { connection: "close" });
}
