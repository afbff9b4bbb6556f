import { chatLines } from "../chat/chat-lines.js";
import { bearerOrBasic } from "../core/bearer-or-basic.js";
import { CHAT_SECRET_FAILURE } from "../core/path-secret.js";
import type { SourceType } from "../core/source-type.js";
import { normaliseSlack } from "./normalise-slack.js";

/**
 * Slack incoming webhooks and Mattermost's, which take the same JSON: the secret is the URL's
 * last segment (or a bearer token / basic auth); the answer is Slack's `200 ok`, which
 * senders check.
 */
export const slackSource: SourceType = {
  name: "slack",
  verify: bearerOrBasic,
  failure: CHAT_SECRET_FAILURE,
  deliveryHeaders: [],
  normalise: (_request, payload) => normaliseSlack(payload),
  format: (event, { maxLines }) => chatLines(event.text ?? "", maxLines),
  defaultEvents: ["message"],
  secretInPath: true,
  answer: () => "ok",
};
