import basicAuth from "express-basic-auth";
import { authoringServices } from "./authoring-services.js";
import { parseBasicAuthorization } from "./basic-authorization.js";
import { decorate } from "./decorate.js";
import { HttpError } from "./http-error.js";
import type { Handler, Route, RouteParams, WebhookRequest } from "./types.js";

const CHALLENGE = Object.freeze({ "WWW-Authenticate": 'Basic realm="helga"' });

/**
 * Requires HTTP basic auth with a user:password pair from `WEBHOOKS_CREDENTIALS`; anyone
 * else gets 401 with a `WWW-Authenticate` challenge. `request.user` is the user who passed.
 * Wrap the handler or the whole route: both orders work. No credentials configured: nobody passes.
 *
 * @example
 * export default route("/announce/(?P<channel>[\\w\\-_]+)", { methods: ["POST"] }, authenticated(handler));
 * export const admin = authenticated(route("/admin", (request) => `Hello ${request.user}`));
 */
export function authenticated(route: Route): Route;
export function authenticated<P extends RouteParams = RouteParams>(handler: Handler<P>): Handler<P>;
export function authenticated(target: Route | Handler): Route | Handler {
  return decorate("authenticated", target, requireBasicAuth);
}

function requireBasicAuth(handler: Handler): Handler {
  return (request, client, params) => {
    const user = authorizedUser(request.headers.authorization, authoringServices().credentials);
    if (user === undefined) throw new HttpError(401, "Unauthorized", CHALLENGE);
    return handler(withUser(request, user), client, params);
  };
}

/**
 * The user whose pair matches the header. Every pair is compared in full, user and
 * password alike, so the time taken does not tell which users exist.
 */
export function authorizedUser(header: string | undefined, pairs: ReadonlyArray<readonly [string, string]>): string | undefined {
  const given = parseBasicAuthorization(header);
  if (!given) return undefined;
  let match: string | undefined;
  for (const [user, password] of pairs) {
    const userMatches = basicAuth.safeCompare(given.user, user);
    const passwordMatches = basicAuth.safeCompare(given.password, password);
    if (userMatches && passwordMatches) match ??= user;
  }
  return match;
}

/** The same request seen through a child object that adds `user`; the gateway's own object is left alone. */
function withUser(request: WebhookRequest, user: string): WebhookRequest {
  const child: WebhookRequest = Object.create(request, { user: { value: user, enumerable: true } });
  return child;
}
