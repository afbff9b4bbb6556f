import express, { type Express, type Request, type Response } from "express";
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
 * express around the framework-free core: one app, one middleware, made once. No body parser
 * and no router: the core needs the raw bytes (signatures are checked against them), routes and
 * shapes every answer itself, so the middleware only reads the body within `bodyLimit`, hands it
 * over and writes the answer with one `res.end`. It returns nothing, so express wraps no promise.
 */
export function createExpressApp(handle: RequestHandler, options: AdapterOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use((req: Request, res: Response) => void serve(handle, options, req, res));
  return app;
}

async function serve(handle: RequestHandler, { bodyLimit, logger, onAnswered }: AdapterOptions, req: Request, res: Response): Promise<void> {
  const started = performance.now();
  let response: CoreResponse;
  try {
    const body = await readBody(req, bodyLimit);
    response = await handle({ method: req.method, url: req.originalUrl, headers: req.headers, body });
  } catch (error) {
    const requestId = requestIdFrom(req.headers);
    const failed = errorResponse(error, { requestId, logger });
    response = { ...failed, headers: { ...failed.headers, "x-request-id": requestId } };
    // The core never saw it (e.g. a body over the limit): no route, but logged and counted all the same.
    onAnswered?.({ requestId, method: req.method, route: undefined, webhook: undefined, status: failed.status, seconds: (performance.now() - started) / 1000 });
  }
  send(req, res, response);
}

/** Writes the whole answer at once; ends (and maybe closes) only once the request has been read. */
function send(req: Request, res: Response, { status, headers, body }: CoreResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-length": String(body.length), ...headers });
  if (req.complete) {
    res.end(body);
    return;
  }
  res.write(body);
  void requestDone(req).then(() => res.end());
}
