import { markupToIrc } from "../chat/markup-to-irc.js";
import { field, list, MalformedPayload, optionalText } from "../core/payload-fields.js";
import { announce, type Normalised } from "../core/source-event.js";
import { IrcCode } from "../irc/irc-format.js";
import { withColourMarker } from "../irc/nearest-colour.js";

/**
 * A Discord webhook message → one "message" event: `content`, then each embed's title (bold,
 * with its url), description, fields ("name: value") and footer, its `color` on a marker.
 * `username`, `avatar_url` and `tts` are ignored.
 * @throws MalformedPayload when the message has nothing to say.
 */
export function normaliseDiscord(payload: unknown): Normalised {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new MalformedPayload("the message must be a JSON object");
  const content = optionalText(payload, "content");
  const parts = [content === undefined ? "" : markupToIrc(content, "discord"), ...list(payload, "embeds").map(embed)].filter((part) => part.trim() !== "");
  if (parts.length === 0) throw new MalformedPayload("no content or embeds");
  return announce({ kind: "other", name: "message", text: parts.join("\n") });
}

function embed(item: unknown): string {
  const title = optionalText(item, "title")?.replace(/\s+/g, " ").trim();
  const url = optionalText(item, "url");
  const author = optionalText(item, "author.name");
  const description = optionalText(item, "description");
  const footer = optionalText(item, "footer.text");
  const lines = [
    author,
    title ? [`${IrcCode.bold}${markupToIrc(title, "discord")}${IrcCode.bold}`, url].filter(Boolean).join(" ") : url,
    description === undefined ? undefined : markupToIrc(description, "discord"),
    ...list(item, "fields").map((entry) => [optionalText(entry, "name"), optionalText(entry, "value") && markupToIrc(optionalText(entry, "value") ?? "", "discord")].filter(Boolean).join(": ")),
    footer,
  ].filter((line): line is string => typeof line === "string" && line.trim() !== "");
  return lines.length === 0 ? "" : withColourMarker(field(item, "color"), lines.join("\n"));
}
