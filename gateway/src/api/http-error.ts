import { STATUS_CODES } from "node:http";

const BRAND = Symbol.for("helga.webhooks.http-error");

/**
 * Throw from a handler to answer with an HTTP status and a message
 * (default: the standard reason phrase, e.g. "404 Not Found" style "Not Found").
 *
 * @example
 * if (!request.body?.message) throw new HttpError(400, "Param message is required");
 */
export class HttpError extends Error {
  readonly [BRAND] = true;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message?: string, headers: Readonly<Record<string, string>> = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be 400-599, got ${status}`);
    }
    super(message ?? STATUS_CODES[status] ?? `HTTP ${status}`);
    this.name = "HttpError";
    this.status = status;
    this.headers = headers;
  }
}

/** True for an HttpError from any copy of this library. */
export function isHttpError(error: unknown): error is HttpError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
