/**
 * @helga/gateway — the authoring API for webhook code.
 * Everything exported here is the product's promise to webhook authors; keep it small.
 */
export { HttpError, isHttpError } from "./http-error.js";
export { route } from "./route.js";
export type { WebhookRequest, WebhookClient, Handler, HandlerResult, RouteParams, RouteOptions, Route } from "./types.js";
export { authenticated } from "./authenticated.js";
export { verified, type GithubOptions, type HmacOptions, type TokenOptions, type ReplayOptions, type SecretOptions, type SignatureEncoding } from "./verified.js";
export { render } from "./render.js";
export { html, type Html } from "./html.js";
export { settings } from "./settings.js";
export { db } from "./db.js";
