import { compilePattern } from "../routing/compile-pattern.js";
import { ROUTE_BRAND, type Handler, type Route, type RouteOptions, type RouteParams } from "./types.js";

/**
 * Declares a webhook route. Export the result from your webhook module to serve it.
 *
 * `pattern` is matched against the URL path (percent-decoded except `%2F`, which stays inside
 * its segment; without the query string), anchored at the start like Python's `re.match`;
 * end it with `$` to anchor the end. Captured values arrive fully decoded.
 * helga's `(?P<name>…)` groups paste unchanged; named groups arrive as `params`
 * (a group that did not take part is `undefined`). `methods` defaults to `['GET']`.
 *
 * @example
 * import { route } from "@helga/gateway";
 *
 * export default route("/announce/(?P<channel>[\\w\\-_]+)", { methods: ["POST"] }, async (request, client, { channel }) => {
 *   await client.msg(`#${channel}`, String((request.body as { message?: string }).message));
 *   return "Message Sent";
 * });
 *
 * @throws SyntaxError at declaration time when the pattern is not a valid regular expression.
 */
export function route<P extends RouteParams = RouteParams>(pattern: string | RegExp, handler: Handler<P>): Route;
export function route<P extends RouteParams = RouteParams>(pattern: string | RegExp, options: RouteOptions, handler: Handler<P>): Route;
export function route(pattern: string | RegExp, optionsOrHandler: RouteOptions | Handler, maybeHandler?: Handler): Route {
  const [options, handler] = typeof optionsOrHandler === "function" ? [{}, optionsOrHandler] : [optionsOrHandler, maybeHandler];
  if (typeof pattern !== "string" && !(pattern instanceof RegExp)) {
    throw new TypeError(`route() pattern must be a string or RegExp, got ${typeof pattern}`);
  }
  if (typeof handler !== "function") {
    throw new TypeError(`route(${JSON.stringify(String(pattern))}) needs a handler function`);
  }
  const methods = normalizeMethods(options.methods ?? ["GET"], pattern);
  return Object.freeze({
    [ROUTE_BRAND]: true as const,
    source: typeof pattern === "string" ? pattern : pattern.source,
    pattern: compilePattern(pattern),
    methods,
    handler,
  });
}

function normalizeMethods(methods: readonly string[], pattern: string | RegExp): readonly string[] {
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new TypeError(`route(${JSON.stringify(String(pattern))}) methods must be a non-empty list`);
  }
  const upper = methods.map((method) => {
    if (typeof method !== "string" || !/^[A-Za-z]+$/.test(method)) {
      throw new TypeError(`route(${JSON.stringify(String(pattern))}) has an invalid method ${JSON.stringify(method)}`);
    }
    return method.toUpperCase();
  });
  return Object.freeze([...new Set(upper)]);
}
