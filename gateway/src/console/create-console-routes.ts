import type { ServerResponse } from "node:http";
import Mustache from "mustache";
import { DEFAULT_NETWORK, discardDeadLetters, isNetworkName, NETWORK_NAME_RULE, readDeliveries, replayDeadLetters, switchWebhooks, type AdminRoutes, type Logger, type Redis, type RedisKeys, type TrailLimits } from "@helga/shared";
import { authorizedUser } from "../api/authenticated.js";
import { consoleOff, isConsolePath } from "./console-off.js";
import { CONSOLE_TEMPLATE } from "./console-template.js";
import { consoleView } from "./console-view.js";
import { createCsrfTokens, type CsrfTokens } from "./csrf-tokens.js";
import { parseDeliveriesQuery, QueryError } from "./deliveries-query.js";
import { FormError, readForm } from "./read-form.js";

export interface ConsoleOptions {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly trail: TrailLimits;
  /** CONSOLE_CREDENTIALS: none turns the console and /deliveries off. */
  readonly credentials: ReadonlyArray<readonly [string, string]>;
  readonly gatewayId: string;
  readonly logger: Logger;
  readonly csrf?: CsrfTokens;
}

const CHALLENGE = { "www-authenticate": 'Basic realm="helga console", charset="UTF-8"' };
/** No script at all, nothing from elsewhere, never framed. */
const PAGE_HEADERS = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** What a finished action says on the page after its redirect: fixed texts by code, so a link cannot put words on the page. */
const NOTICES: Readonly<Record<string, string>> = {
  replayed: "Replayed: queued again with the same request id",
  discarded: "Discarded",
  missing: "Already gone: replayed or discarded by someone else",
  refused: "Not replayed: its command does not decode; discard it instead",
  started: "Webhooks service started",
  stopped: "Webhooks service stopped",
  unchanged: "Webhooks were already in that state",
};

/**
 * The console on the gateway's admin port: `GET /console` (the page), `GET /deliveries`
 * (the trail as JSON), and the page's actions, `POST /console/deadletters` (replay or
 * discard) and `POST /console/webhooks` (on/off), each needing the form's CSRF token.
 * All behind basic auth with CONSOLE_CREDENTIALS; without them the paths answer 404 saying so.
 */
export function createConsoleRoutes(options: ConsoleOptions): AdminRoutes {
  const { redis, keys, trail, credentials, gatewayId, logger, csrf = createCsrfTokens() } = options;
  if (credentials.length === 0) return consoleOff(logger);

  return async (request, response) => {
    const url = new URL(request.url ?? "/", "http://admin.invalid");
    const path = url.pathname;
    if (!isConsolePath(path)) return false;
    const user = authorizedUser(request.headers.authorization, credentials);
    if (user === undefined) {
      send(response, 401, "text/plain; charset=utf-8", "Unauthorized\n", CHALLENGE);
      return true;
    }

    try {
      const route = `${request.method ?? "GET"} ${path}`;
      switch (route) {
        case "GET /deliveries":
        case "HEAD /deliveries": {
          const page = await readDeliveries(redis, networkKeys(url.searchParams), parseDeliveriesQuery(url.searchParams));
          send(response, 200, "application/json", `${JSON.stringify(page)}\n`);
          return true;
        }
        case "GET /console":
        case "HEAD /console": {
          const refresh = Number(url.searchParams.get("refresh"));
          const code = url.searchParams.get("done") ?? "";
          const text = NOTICES[code];
          const view = await consoleView({
            redis,
            keys: networkKeys(url.searchParams),
            gatewayId,
            query: parseDeliveriesQuery(url.searchParams),
            csrf: csrf.issue(user),
            ...(text === undefined ? {} : { notice: { text, error: code === "missing" || code === "refused" } }),
            ...(Number.isInteger(refresh) && refresh >= 5 && refresh <= 300 ? { refresh } : {}),
          });
          send(response, 200, "text/html; charset=utf-8", Mustache.render(CONSOLE_TEMPLATE, view), PAGE_HEADERS);
          return true;
        }
        case "POST /console/deadletters":
        case "POST /console/webhooks": {
          const form = await readForm(request);
          if (!csrf.verify(user, form.get("csrf") ?? undefined)) {
            logger.warn({ user, path }, "console action refused: missing or wrong CSRF token");
            send(response, 403, "text/plain; charset=utf-8", "Forbidden: missing or stale form token; reload the console and try again\n");
            return true;
          }
          const done = path === "/console/webhooks" ? await switchAction(form) : await deadLetterAction(form, user, networkKeys(form));
          const network = form.get("network");
          const back = network && network !== DEFAULT_NETWORK ? `&network=${encodeURIComponent(network)}` : "";
          send(response, 303, "text/plain; charset=utf-8", "See /console\n", { location: `/console?done=${done}${back}` });
          return true;
        }
        default:
          if (path === "/deliveries" || path === "/console" || path === "/console/deadletters" || path === "/console/webhooks") {
            send(response, 405, "text/plain; charset=utf-8", "method not allowed\n", { allow: path.startsWith("/console/") ? "POST" : "GET, HEAD" });
          } else {
            send(response, 404, "text/plain; charset=utf-8", "not found: try /console or /deliveries\n");
          }
          return true;
      }
    } catch (error) {
      if (error instanceof QueryError || error instanceof FormError) {
        send(response, 400, "text/plain; charset=utf-8", `${error.message}\n`);
        return true;
      }
      throw error; // the admin server logs it and answers 500
    }
  };

  async function switchAction(form: URLSearchParams): Promise<string> {
    const wanted = form.get("enabled");
    if (wanted !== "0" && wanted !== "1") throw new FormError('enabled: must be "1" or "0"');
    const changed = await switchWebhooks(redis, keys, wanted === "1");
    logger.info({ enabled: wanted === "1", changed }, "webhooks switched from the console");
    return changed ? (wanted === "1" ? "started" : "stopped") : "unchanged";
  }

  /** The keys of the network a page or action is about (`network`, default the default network). */
  function networkKeys(params: URLSearchParams): RedisKeys {
    const network = params.get("network")?.trim() || DEFAULT_NETWORK;
    if (!isNetworkName(network)) throw new QueryError(`network: must be ${NETWORK_NAME_RULE} (got ${JSON.stringify(network)})`);
    return keys.forNetwork(network);
  }

  async function deadLetterAction(form: URLSearchParams, user: string, keys: RedisKeys): Promise<string> {
    const action = form.get("action");
    const id = form.get("id") ?? "";
    if (action !== "replay" && action !== "discard") throw new FormError('action: must be "replay" or "discard"');
    if (id === "") throw new FormError("id: which dead letter (or all)");
    const which = id === "all" ? "all" : [id];
    const outcome = action === "replay" ? await replayDeadLetters(redis, keys, trail, which) : await discardDeadLetters(redis, keys, which);
    logger.info({ user, network: keys.network, action, id, done: outcome.done.length, missing: outcome.missing.length, refused: outcome.refused.length }, "dead letters handled from the console");
    if (outcome.done.length > 0) return action === "replay" ? "replayed" : "discarded";
    return outcome.refused.length > 0 ? "refused" : "missing";
  }
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  const bytes = Buffer.from(body, "utf8");
  response.writeHead(status, { "content-type": type, "content-length": bytes.length, "cache-control": "no-store", ...headers });
  response.end(response.req.method === "HEAD" ? undefined : bytes);
}
