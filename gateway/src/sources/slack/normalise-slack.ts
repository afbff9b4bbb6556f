import { markupToIrc } from "../chat/markup-to-irc.js";
import { MalformedPayload, optionalText } from "../core/payload-fields.js";
import { announce, type Normalised } from "../core/source-event.js";
import { attachmentsText } from "./slack-attachments.js";
import { blocksText } from "./slack-blocks.js";

/**
 * A Slack (or Mattermost) incoming-webhook message → one "message" event whose text is the
 * IRC-formatted message: the blocks when there are any (Slack then shows `text` only in
 * notifications), else `text`, then the attachments. `channel` asks for another channel;
 * `username` and `icon_*` are ignored.
 * @throws MalformedPayload when the message has nothing to say.
 */
export function normaliseSlack(payload: unknown): Normalised {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new MalformedPayload("the message must be a JSON object");
  const blocks = blocksText(payload);
  const text = optionalText(payload, "text");
  const body = blocks.length > 0 ? blocks : text === undefined ? [] : [markupToIrc(text, "slack")];
  const parts = [...body, ...attachmentsText(payload)].filter((part) => part.trim() !== "");
  if (parts.length === 0) throw new MalformedPayload("no text, attachments or blocks");
  return announce({ kind: "other", name: "message", channel: chatChannel(optionalText(payload, "channel")), text: parts.join("\n") });
}

/** Slack names channels with or without "#" ("general", "#general"); IRC needs the sigil. */
export function chatChannel(channel: string | undefined): string | undefined {
  if (channel === undefined || channel.trim() === "") return undefined;
  return /^[#&]/.test(channel) ? channel : `#${channel}`;
}
