import express, { type Express, type Response } from "express";
import type { Logger } from "@helga/shared";
import type { CoreResponse } from "./core-types.js";
import { errorResponse } from "./error-response.js";
import type { RequestHandler } from "./handle-request.js";
import { readBody } from "./read-body.js";
import { requestIdFrom } from "./request-id.js";

/**
 * express around the framework-free core. No body-parser: the core needs the raw bytes
 * (signatures are checked against them), so the body is read here within `bodyLimit`.
 */
export function createExpressApp(handle: RequestHandler, { bodyLimit, logger }: { bodyLimit: number; logger: Logger }): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(async (req, res) => {
    let response: CoreResponse;
    try {
      const body = await readBody(req, bodyLimit);
      response = await handle({ method: req.method, url: req.originalUrl, headers: req.headers, body });
    } catch (error) {
      const requestId = requestIdFrom(req.headers);
      const failed = errorResponse(error, { requestId, logger });
      response = { ...failed, headers: { ...failed.headers, "x-request-id": requestId } };
    }
    send(res, response);
  });
  return app;
}

function send(res: Response, { status, headers, body }: CoreResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-length": String(body.length), ...headers });
  res.end(body);
}
