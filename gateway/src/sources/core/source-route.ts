import type { Logger } from "@helga/shared";
import { HttpError } from "../../api/http-error.js";
import { route } from "../../api/route.js";
import type { Handler, Route, WebhookRequest } from "../../api/types.js";
import { DAY_SECONDS, verifying } from "../../api/verified.js";
import { createChannelRouter, createEventFilter } from "./event-filter.js";
import { sendLines } from "./network-client.js";
import { applyOnlyChanges, type CiStates } from "./only-changes.js";
import { pathSecretMatches } from "./path-secret.js";
import { MalformedPayload } from "./payload-fields.js";
import { renderTemplate, templateFor } from "./render-template.js";
import type { SourceEntry } from "../loading/source-entry.js";
import type { Normalised, SourceEvent } from "./source-event.js";
import type { SourceType } from "./source-type.js";

export interface SourceRouteDeps {
  readonly logger: Logger;
  readonly ciStates: CiStates;
}

/**
 * The route of one sources.yml entry: POST on its path; verify → parse → normalise → filter →
 * only_changes → format (or the template) → say in each channel. Ignored and filtered
 * deliveries answer 202 with the reason, so the sender's delivery log tells why.
 */
export function sourceRoute(entry: SourceEntry, type: SourceType, { logger, ciStates }: SourceRouteDeps): Route {
  const filter = createEventFilter(entry, type.defaultEvents);
  const channelsFor = createChannelRouter(entry);
  const log = logger.child({ source: entry.name });
  const skip = (request: WebhookRequest, reason: string) => {
    log.info({ requestId: request.id, reason }, `source ${entry.name}: nothing sent: ${reason}`);
    request.setResponseCode(202);
    return `Ignored: ${reason}`;
  };

  const announce: Handler = async (request, client) => {
    const payload = payloadOf(request);
    const normalised = normalise(type, request, payload);
    if (normalised.kind === "pong") return "pong";
    if (normalised.kind === "ignored") return skip(request, normalised.reason);
    const filtered = filter(normalised.event);
    if (filtered !== undefined) return skip(request, filtered);
    let event = normalised.event;
    if (entry.only_changes) {
      const changed = await applyOnlyChanges(ciStates, entry.name, event);
      if ("silent" in changed) return skip(request, changed.silent);
      event = changed.event;
    }
    const channels = event.channel === undefined ? channelsFor(event) : [listedChannel(entry, event)];
    const template = templateFor(entry.template, event);
    const lines = template === undefined ? type.format(event, { maxLines: entry.max_lines }) : renderTemplate(template, payload);
    if (lines.length === 0) return skip(request, "the template rendered nothing");
    await sendLines(client, entry.network, channels, lines);
    return type.answer ? type.answer(request) : "Announced";
  };

  const secrets = entry.secret;
  const replay = type.deliveryHeaders.length > 0 ? { headers: type.deliveryHeaders, ttlSeconds: DAY_SECONDS, scope: `source:${entry.name}` } : undefined;
  const check = type.secretInPath ? (request: WebhookRequest) => pathSecretMatches(request, entry.path, secrets) || type.verify(request, secrets) : (request: WebhookRequest) => type.verify(request, secrets);
  const guarded = verifying(check, type.failure, replay)(announce);
  // Slack- and Discord-style URLs end in one more segment: the secret.
  return route(`${escapeRegExp(entry.path.replace(/\/+$/, ""))}${type.secretInPath ? "(?:/[^/]+)?" : ""}/?$`, { methods: ["POST"] }, guarded);
}

/** The channel a payload asks for, when the entry lists it (in any case); else 403 and nothing is said. */
function listedChannel(entry: SourceEntry, event: SourceEvent): string {
  const wanted = event.channel?.toLowerCase();
  const listed = entry.channels.find((channel) => channel.toLowerCase() === wanted);
  if (listed === undefined) throw new HttpError(403, `Channel ${event.channel ?? ""} is not one of this source's channels`);
  return listed;
}

/** The type's reading of the payload; a payload missing what its event needs is the sender's 400. */
function normalise(type: SourceType, request: WebhookRequest, payload: unknown): Normalised {
  try {
    return type.normalise(request, payload);
  } catch (error) {
    if (error instanceof MalformedPayload) throw new HttpError(400, `Malformed ${type.name} payload: ${error.message}`);
    throw error;
  }
}

/**
 * JSON, or a form whose `payload` field holds JSON (GitHub, Gitea and Slack senders can send
 * either); a form body that is itself JSON (`curl -d '{…}'` without a content type) is read as JSON.
 */
function payloadOf(request: WebhookRequest): unknown {
  const body = request.body;
  if (typeof body === "object" && body !== null && !Buffer.isBuffer(body)) {
    if (!request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) return body;
    const field = (body as Record<string, unknown>).payload;
    if (typeof field === "string") return parseJson(field);
    return /^\s*[{[]/.test(request.rawBody.toString()) ? parseJson(request.rawBody.toString()) : body;
  }
  if (Buffer.isBuffer(body) || typeof body === "string") return parseJson(body.toString());
  throw new HttpError(400, "The request has no JSON body");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "The payload is not JSON");
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}
