import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "@helga/shared";
import type { CoreResponse } from "./core-types.js";
import { errorResponse } from "./error-response.js";
import type { AnsweredRequest, RequestHandler } from "./handle-request.js";
import { readBody, requestDone } from "./read-body.js";
import { requestIdFrom } from "./request-id.js";

export interface AdapterOptions {
  readonly bodyLimit: number;
  readonly logger: Logger;
  readonly onAnswered?: (answered: AnsweredRequest) => void;
}

/**
 * node's http server around the framework-free core: read the raw body within `bodyLimit`
 * (signatures are checked against the bytes), hand it to the core, write its answer. The
 * core routes, parses and shapes everything itself, so a framework in between only cost
 * time: express's router, its request/response decorations and its wrapper promise took
 * about a fifth of the gateway's CPU per request (BENCHMARKS.md).
 */
export function createRequestListener(handle: RequestHandler, options: AdapterOptions): RequestListener {
  return (req, res) => void serve(handle, options, req, res);
}

async function serve(handle: RequestHandler, { bodyLimit, logger, onAnswered }: AdapterOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  let response: CoreResponse;
  try {
    const body = await readBody(req, bodyLimit);
    response = await handle({ method, url: req.url ?? "/", headers: req.headers, body });
  } catch (error) {
    const requestId = requestIdFrom(req.headers);
    const failed = errorResponse(error, { requestId, logger });
    response = { ...failed, headers: { ...failed.headers, "x-request-id": requestId } };
    // The core never saw it (e.g. a body over the limit): no route, but logged and counted all the same.
    onAnswered?.({ requestId, method, route: undefined, webhook: undefined, status: failed.status, seconds: (performance.now() - started) / 1000 });
  }
  send(req, res, response);
}

/** Writes the whole answer at once; ends (and maybe closes) only once the request has been read. */
function send(req: IncomingMessage, res: ServerResponse, { status, headers, body }: CoreResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-length": String(body.length), ...headers });
  if (req.complete) {
    res.end(body);
    return;
  }
  res.write(body);
  void requestDone(req).then(() => res.end());
}
