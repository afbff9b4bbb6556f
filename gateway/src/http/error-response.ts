import type { Logger } from "@helga/shared";
import { isHttpError } from "../api/http-error.js";
import type { CoreResponse } from "./core-types.js";

export interface ErrorContext {
  readonly requestId: string;
  readonly webhook?: string | undefined;
  readonly logger: Logger;
}

/**
 * The one place errors become responses. An HttpError answers with its status, message and
 * headers; anything else is a bug in a handler (or here): logged once with its stack,
 * answered with a generic 500 so nothing internal reaches the caller.
 */
export function errorResponse(error: unknown, { requestId, webhook, logger }: ErrorContext): CoreResponse {
  if (isHttpError(error)) return textResponse(error.status, error.message, error.headers);
  logger.error({ err: error, requestId, webhook }, "webhook handler failed");
  return textResponse(500, "500 Internal Server Error");
}

export function textResponse(status: number, text: string, headers: Readonly<Record<string, string>> = {}): CoreResponse {
  return { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" }, body: Buffer.from(text, "utf8") };
}
