import type { IncomingMessage } from "node:http";
import { HttpError } from "../api/http-error.js";

/**
 * Reads the raw request body, refusing more than `limit` bytes (413) before buffering them.
 * A body cut off by the sender is a 400; nobody is left to read it anyway.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: HttpError) => {
      request.removeAllListeners("data");
      request.pause();
      reject(error);
    };
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(tooLarge());
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("aborted", () => fail(new HttpError(400, "400 Bad Request: the request body was cut off")));
    request.on("error", () => fail(new HttpError(400, "400 Bad Request: the request body was cut off")));
  });
}

function tooLarge(): HttpError {
  return new HttpError(413, "413 Payload Too Large", { connection: "close" });
}
