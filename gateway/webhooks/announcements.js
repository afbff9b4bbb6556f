/**
 * helga's announcements webhook: POST a message, the bot says it in a channel.
 *
 *   curl -u user:pass -d message="Deploy finished ☃" http://gateway:8080/announce/bots
 *
 * Basic auth against WEBHOOKS_CREDENTIALS; `message` from a form or JSON body (or the query).
 * Plain JavaScript with JSDoc types (checked by tsc), so the default gateway needs no TypeScript loader.
 */
import { authenticated, HttpError, route } from "@helga/gateway";

export default route(
  "/announce/(?P<channel>[\\w\\-_]+)",
  { methods: ["POST"] },
  authenticated(async (request, client, { channel }) => {
    const message = messageOf(request);
    if (message === undefined) throw new HttpError(400, "Param message is required");
    await client.msg(`#${channel}`, message);
    return "Message Sent";
  }),
);

/**
 * @param {import("@helga/gateway").WebhookRequest} request
 * @returns {string | undefined}
 */
function messageOf(request) {
  const fromBody = typeof request.body === "object" && request.body !== null && !Buffer.isBuffer(request.body) ? /** @type {Record<string, unknown>} */ (request.body).message : undefined;
  const message = fromBody ?? request.query.message;
  if (typeof message === "number") return String(message);
  return typeof message === "string" && message.trim() !== "" ? message : undefined;
}
