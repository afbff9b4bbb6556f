/**
 * Announces GitHub events on IRC, one short coloured line each, with the default events of a
 * `type: github` source (docs/sources.md has the table; a sources.yml entry can pick others). Point a GitHub webhook (content type application/json,
 * secret = GITHUB_WEBHOOK_SECRET) at /github, or at /github/<channel> to pick the channel.
 * Without a channel in the URL: GITHUB_CHANNEL, else the first of CHANNELS.
 * A redelivered delivery id is acknowledged but not announced twice.
 * Plain JavaScript with JSDoc types (checked by tsc), so the default gateway needs no TypeScript loader.
 */
import { HttpError, route, settings, verified } from "@helga/gateway";
import { MalformedPayload, summariseGithubEvent } from "@helga/gateway/sources";

export const requires = ["GITHUB_WEBHOOK_SECRET"];

/** @type {import("@helga/gateway").Handler} */
const announce = async (request, client, { channel }) => {
  const event = request.headers["x-github-event"];
  if (!event) throw new HttpError(400, "Missing X-GitHub-Event header");
  const summary = summarise(event, request);
  if (summary.kind === "pong") return "pong";
  if (summary.kind === "ignored") {
    request.setResponseCode(202);
    return `Ignored: ${summary.reason}`;
  }
  const target = channel ? `#${channel}` : defaultChannel(client);
  for (const line of summary.lines) await client.msg(target, line);
  return "Announced";
};

const signed = verified.github({ secret: "GITHUB_WEBHOOK_SECRET" }, announce);

export default [
  route("/github/?$", { methods: ["POST"] }, signed),
  route("/github/(?P<channel>[\\w\\-_]+)/?$", { methods: ["POST"] }, signed),
];

/**
 * @param {string} event
 * @param {import("@helga/gateway").WebhookRequest} request
 * @returns {import("@helga/gateway/sources").GithubSummary}
 */
function summarise(event, request) {
  try {
    return summariseGithubEvent(event, payloadOf(request));
  } catch (error) {
    if (error instanceof MalformedPayload) throw new HttpError(400, `Malformed ${event} payload: ${error.message}`);
    throw error;
  }
}

/** GitHub sends JSON, or a form whose `payload` field holds the JSON. */
/**
 * @param {import("@helga/gateway").WebhookRequest} request
 * @returns {unknown}
 */
function payloadOf(request) {
  const body = request.body;
  const payload = typeof body === "object" && body !== null && !Buffer.isBuffer(body) ? /** @type {Record<string, unknown>} */ (body).payload : undefined;
  if (typeof payload === "string") return parseJson(payload);
  return Buffer.isBuffer(body) ? parseJson(body.toString("utf8")) : body;
}

/**
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "The GitHub payload is not JSON");
  }
}

/**
 * @param {import("@helga/gateway").WebhookClient} client
 * @returns {string}
 */
function defaultChannel(client) {
  const configured = settings.string("GITHUB_CHANNEL") ?? settings.list("CHANNELS")[0] ?? client.channels[0];
  if (!configured) throw new Error("github webhook: no channel to announce in (set GITHUB_CHANNEL or CHANNELS, or post to /github/<channel>)");
  return /^[#&]/.test(configured) ? configured : `#${configured}`;
}
