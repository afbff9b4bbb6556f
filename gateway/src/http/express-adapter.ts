import express, { type Express, type Request, type Response } from "express";
import type { Logger } from "@helga/shared";
import type { CoreResponse } from "./core-types.js";
import { errorResponse } from "./error-response.js";
import type { AnsweredRequest, RequestHandler } from "./handle-request.js";
import { readBody, requestDone } from "./read-body.js";
import { requestIdFrom } from "./request-id.js";

/**
 * express around the framework-free core. No body-parser: the core needs the raw bytes
 * (signatures are checked against them), so the body is read here within `bodyLimit`.
 */
export function createExpressApp(
  handle: RequestHandler,
  { bodyLimit, logger, onAnswered }: { bodyLimit: number; logger: Logger; onAnswered?: (answered: AnsweredRequest) => void },
): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(async (req, res) => {
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
  });
  return app;
}

/** Writes the whole answer at once, but ends (and maybe closes) only once the request has been read. */
function send(req: Request, res: Response, { status, headers, body }: CoreResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-length": String(body.length), ...headers });
  res.write(body);
  void requestDone(req).then(() => res.end());
}
