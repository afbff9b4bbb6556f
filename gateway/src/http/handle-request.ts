import { validateHeaderName, validateHeaderValue } from "node:http";
import type { Logger } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import { runInWebhook } from "../api/runtime-context.js";
import type { HandlerResult, WebhookClient, WebhookRequest } from "../api/types.js";
import type { RouteTable } from "../routing/route-table.js";
import type { CoreRequest, CoreResponse } from "./core-types.js";
import { errorResponse } from "./error-response.js";
import { parseBody } from "./parse-body.js";
import { requestIdFrom } from "./request-id.js";
import { shapeResponse } from "./shape-response.js";

export interface RequestHandlerDeps {
  /** The current route table; read per request so a reload swaps it atomically. */
  readonly routes: () => RouteTable;
  /** A client proxy for one request. */
  readonly clientFor: (meta: { requestId: string; webhook: string }) => WebhookClient;
  readonly handlerTimeoutMs: number;
  readonly logger: Logger;
  /** Told about every answered request (access log, metrics). */
  readonly onAnswered?: (answered: AnsweredRequest) => void;
}

/** One answered request, as the access log and the metrics see it. */
export interface AnsweredRequest {
  readonly requestId: string;
  readonly method: string;
  /** The pattern source of the route that answered; undefined when none matched. */
  readonly route: string | undefined;
  readonly webhook: string | undefined;
  readonly status: number;
  readonly seconds: number;
}

export type RequestHandler = (request: CoreRequest) => Promise<CoreResponse>;

/** The framework-free heart of the gateway: route, build the WebhookRequest, run the handler, shape the answer. */
export function createRequestHandler({ routes, clientFor, handlerTimeoutMs, logger, onAnswered }: RequestHandlerDeps): RequestHandler {
  return async (core) => {
    const started = performance.now();
    const requestId = requestIdFrom(core.headers);
    let webhook: string | undefined;
    let route: string | undefined;
    let response: CoreResponse;
    try {
      const { path, rawPath, query } = splitUrl(core.url);
      const match = routes().match(core.method, rawPath);
      if (match.kind === "not-found") throw new HttpError(404, "404 Not Found");
      if (match.kind === "method-not-allowed") throw new HttpError(405, "405 Method Not Allowed", { allow: match.allow.join(", ") });
      if (match.kind === "options") {
        response = { status: 204, headers: { allow: match.allow.join(", ") }, body: Buffer.alloc(0) };
      } else {
        const { entry, params } = match;
        webhook = entry.webhook.name;
        route = entry.route.source;
        const reply = { status: 200, headers: new Map<string, string>() };
        const request = buildRequest(core, { requestId, path, query }, reply);
        const client = clientFor({ requestId, webhook });
        const result = await withTimeout(
          Promise.resolve().then(() => runInWebhook(entry.webhook, () => entry.route.handler(request, client, params))),
          handlerTimeoutMs,
          { logger, requestId, webhook },
        );
        const { body, contentType } = shapeResponse(result);
        const headers = Object.fromEntries(reply.headers);
        if (contentType && !reply.headers.has("content-type")) headers["content-type"] = contentType;
        response = { status: reply.status, headers, body };
      }
    } catch (error) {
      response = errorResponse(error, { requestId, webhook, logger });
    }
    onAnswered?.({ requestId, method: core.method, route, webhook, status: response.status, seconds: (performance.now() - started) / 1000 });
    const headers = { ...response.headers, "x-request-id": requestId };
    // HEAD: the GET response's headers, no body.
    return core.method === "HEAD" ? { ...response, headers: { ...headers, "content-length": String(response.body.length) }, body: Buffer.alloc(0) } : { ...response, headers };
  };
}

/** Path (percent-decoded UTF-8, and as received) and query of a request target; accepts absolute-form targets too. */
function splitUrl(url: string): { path: string; rawPath: string; query: Record<string, string> } {
  const target = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, "");
  const at = target.indexOf("?");
  const rawPath = at === -1 ? target : target.slice(0, at);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new HttpError(400, "400 Bad Request: the URL path is not valid percent-encoded UTF-8");
  }
  const query = at === -1 ? {} : Object.fromEntries(new URLSearchParams(target.slice(at + 1)));
  return { path: path || "/", rawPath: rawPath || "/", query };
}

function buildRequest(
  core: CoreRequest,
  { requestId, path, query }: { requestId: string; path: string; query: Record<string, string> },
  reply: { status: number; headers: Map<string, string> },
): WebhookRequest {
  const headers = Object.fromEntries(
    Object.entries(core.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name.toLowerCase(), typeof value === "string" ? value : value.join(", ")]])),
  );
  return {
    id: requestId,
    method: core.method,
    path,
    url: core.url,
    headers,
    query,
    body: parseBody(headers["content-type"], core.body),
    rawBody: core.body,
    setResponseCode(code: number) {
      if (!Number.isInteger(code) || code < 100 || code > 599) throw new RangeError(`setResponseCode: ${code} is not an HTTP status`);
      reply.status = code;
    },
    setHeader(name: string, value: string) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      reply.headers.set(name.toLowerCase(), value);
    },
  };
}

/**
 * Races the handler against the timeout; a handler that fails after losing the race is only logged.
 * Logs with the request's fields rather than a child logger: a child per request costs on every request, the log only on timeouts.
 */
function withTimeout(work: Promise<HandlerResult>, ms: number, { logger, requestId, webhook }: { logger: Logger; requestId: string; webhook: string }): Promise<HandlerResult> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      logger.warn({ requestId, webhook, timeoutMs: ms }, "webhook handler timed out");
      reject(new HttpError(504, "504 Gateway Timeout"));
    }, ms);
  });
  work.catch((error: unknown) => {
    if (timedOut) logger.warn({ requestId, webhook, err: error }, "webhook handler failed after its timeout");
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
