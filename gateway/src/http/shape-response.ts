import { isHtml } from "../api/html.js";
import type { HandlerResult } from "../api/types.js";

/** What a handler returned, as a body and the content type it implies. */
export function shapeResponse(result: HandlerResult): { body: Buffer; contentType: string | undefined } {
  if (result === undefined || result === null) return { body: Buffer.alloc(0), contentType: undefined };
  if (isHtml(result)) return { body: Buffer.from(result.text, "utf8"), contentType: "text/html; charset=utf-8" };
  if (typeof result === "string") return { body: Buffer.from(result, "utf8"), contentType: "text/plain; charset=utf-8" };
  if (result instanceof Uint8Array) return { body: Buffer.from(result.buffer, result.byteOffset, result.byteLength), contentType: "application/octet-stream" };
  const json = JSON.stringify(result);
  if (json === undefined) throw new TypeError(`A handler returned a ${typeof result}, which cannot be sent as a response`);
  return { body: Buffer.from(json, "utf8"), contentType: "application/json; charset=utf-8" };
}
