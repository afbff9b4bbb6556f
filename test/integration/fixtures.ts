/** Webhook files the integration tests drop into WEBHOOKS_PATH, written as users would write them. */

/** POST /say/<channel> with JSON {"text": …} → client.msg('#<channel>', text). */
export const SAY_WEBHOOK = String.raw`
import { route, type WebhookRequest } from "@helga/gateway";

function textOf(request: WebhookRequest): string {
  const body = request.body as { text?: unknown } | undefined;
  return String(body?.text ?? "");
}

export const say = route("/say/(?P<channel>[\\w\\-_]+)$", { methods: ["POST"] }, async (request, client, { channel }) => {
  await client.msg("#" + channel, textOf(request));
  return "Message Sent";
});
`;

/** helga's own patterns, pasted unchanged, echoing their params as JSON. */
export const PATTERNS_WEBHOOK = String.raw`
import { route } from "@helga/gateway";

export default [
  route("/logger/(?P<channel>[\\w\\-_]+)/(?P<date>[\\w\\-]+)(?P<as_text>\\.txt)?/?$", (_request, _client, params) => params),
  route("/both/(?P<word>\\w+)/(?P=word)$", { methods: ["GET", "POST"] }, (_request, _client, { word }) => "twice " + word),
  route("/snow/☃/(?P<what>.+)$", (_request, _client, { what }) => "☃ " + what),
  route("/post-only$", { methods: ["POST"] }, () => "posted"),
];
`;

/** POST /net/<network>/<channel> with JSON {"text": …} → client.network(network).msg('#<channel>', text). */
export const NETWORK_WEBHOOK = String.raw`
import { route } from "@helga/gateway";

export default route("/net/(?P<network>[\\w-]+)/(?P<channel>[\\w\\-_]+)$", { methods: ["POST"] }, async (request, client, { network, channel }) => {
  const body = request.body as { text?: unknown } | undefined;
  await client.network(network ?? "default").msg("#" + channel, String(body?.text ?? ""));
  return "Message Sent";
});
`;
