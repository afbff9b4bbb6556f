import { chatLines } from "../chat/chat-lines.js";
import { bearerOrBasic } from "../core/bearer-or-basic.js";
import { CHAT_SECRET_FAILURE } from "../core/path-secret.js";
import { optionalText } from "../core/payload-fields.js";
import type { SourceType } from "../core/source-type.js";
import { normaliseDiscord } from "./normalise-discord.js";

/**
 * Discord-format webhooks (`/api/webhooks/<id>/<token>` senders): the secret is the URL's last
 * segment (or a bearer token / basic auth). Discord answers 204, or 200 with the message as
 * JSON when the sender asks `?wait=true`; so does this.
 */
export const discordSource: SourceType = {
  name: "discord",
  verify: bearerOrBasic,
  failure: CHAT_SECRET_FAILURE,
  deliveryHeaders: [],
  normalise: (_request, payload) => normaliseDiscord(payload),
  format: (event, { maxLines }) => chatLines(event.text ?? "", maxLines),
  defaultEvents: ["message"],
  secretInPath: true,
  answer: (request) => {
    if (request.query.wait === "true") return { id: request.id, type: 0, content: optionalText(request.body, "content") ?? "", channel_id: "", embeds: [] };
    request.setResponseCode(204);
    return undefined;
  },
};
