/**
 * @helga/gateway — the authoring API for webhook code.
 * Everything exported here is the product's promise to webhook authors; keep it small.
 */
export { HttpError, isHttpError } from "./http-error.js";
export { route } from "./route.js";
export type { WebhookRequest, WebhookClient, Handler, HandlerResult, RouteParams, RouteOptions, Route } from "./types.js";
