import { isRoute } from "../loading/collect-routes.js";
import type { Handler, Route } from "./types.js";

/**
 * Applies a handler decorator to a handler, or to the handler inside a route, so that
 * decorators work in either order with `route` (helga required one order: its issue #71).
 */
export function decorate(name: string, target: Route | Handler, wrap: (handler: Handler) => Handler): Route | Handler {
  if (isRoute(target)) return Object.freeze({ ...target, handler: wrap(target.handler) });
  if (typeof target === "function") return wrap(target);
  throw new TypeError(`${name}() expects a handler function or a route, got ${target === null ? "null" : typeof target}`);
}
