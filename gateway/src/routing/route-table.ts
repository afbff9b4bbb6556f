import type { Route, RouteParams } from "../api/types.js";
import type { WebhookContext } from "../api/runtime-context.js";
import { decodeCaptured, matchPath } from "./match-path.js";

/** A route with the webhook that exported it. */
export interface RouteEntry {
  readonly route: Route;
  readonly webhook: WebhookContext;
}

/** The routes one webhook exported, in export order. */
export interface WebhookRoutes {
  readonly webhook: WebhookContext;
  readonly routes: readonly Route[];
}

export type RouteMatch =
  | { readonly kind: "found"; readonly entry: RouteEntry; readonly params: RouteParams; readonly allow: readonly string[] }
  | { readonly kind: "options"; readonly allow: readonly string[] }
  | { readonly kind: "method-not-allowed"; readonly allow: readonly string[] }
  | { readonly kind: "not-found" };

export interface RouteTable {
  /** Entries in matching order: webhooks by name, routes in export order. */
  readonly entries: readonly RouteEntry[];
  /**
   * Routes a request. `rawPath` is the URL path as received (percent-encoded): patterns see it
   * decoded except for `%2F`, so an encoded slash stays inside one segment; params arrive decoded.
   * @throws URIError when the path is not valid percent-encoded UTF-8.
   */
  match(method: string, rawPath: string): RouteMatch;
}

/**
 * An immutable table; a reload builds a new one and swaps it in whole.
 * The first route whose pattern matches and whose methods fit wins; HEAD is served by a
 * GET route; OPTIONS on a matched path answers with the allowed methods.
 */
export function createRouteTable(webhooks: readonly WebhookRoutes[]): RouteTable {
  const entries: readonly RouteEntry[] = Object.freeze(
    [...webhooks]
      .sort((a, b) => (a.webhook.name < b.webhook.name ? -1 : a.webhook.name > b.webhook.name ? 1 : 0))
      .flatMap(({ webhook, routes }) => routes.map((route) => ({ route, webhook }))),
  );

  function match(method: string, rawPath: string): RouteMatch {
    const path = matchPath(rawPath);
    const matched = entries.flatMap((entry) => {
      const result = entry.route.pattern.exec(path);
      return result ? [{ entry, params: paramsOf(result) }] : [];
    });
    if (matched.length === 0) return { kind: "not-found" };
    const allow = allowedMethods(matched.map(({ entry }) => entry.route.methods));
    if (method === "OPTIONS" && !matched.some(({ entry }) => entry.route.methods.includes("OPTIONS"))) {
      return { kind: "options", allow };
    }
    const wanted = method === "HEAD" ? ["HEAD", "GET"] : [method];
    for (const want of wanted) {
      const hit = matched.find(({ entry }) => entry.route.methods.includes(want));
      if (hit) return { kind: "found", entry: hit.entry, params: hit.params, allow };
    }
    return { kind: "method-not-allowed", allow };
  }

  return Object.freeze({ entries, match });
}

function paramsOf(result: RegExpExecArray): RouteParams {
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(result.groups ?? {})) params[name] = value === undefined ? undefined : decodeCaptured(value);
  return Object.freeze(params);
}

/** The union of the routes' methods, with HEAD wherever GET is. */
function allowedMethods(methodLists: ReadonlyArray<readonly string[]>): readonly string[] {
  const allow = new Set(methodLists.flat().flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method])));
  return Object.freeze([...allow]);
}
