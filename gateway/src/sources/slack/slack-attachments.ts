import { markupToIrc } from "../chat/markup-to-irc.js";
import { list, optionalText } from "../core/payload-fields.js";
import { IrcCode } from "../irc/irc-format.js";
import { withColourMarker } from "../irc/nearest-colour.js";
import { blocksText } from "./slack-blocks.js";

/**
 * Slack's legacy attachments (what Alertmanager, Grafana, Jenkins and Sentry send) → text:
 * `pretext`, `title` (bold) with `title_link`, `text`, `fields` as "title: value", and
 * the attachment's own `blocks` (Uptime Kuma's), and `fallback` only when none of those is
 * there. `color` becomes a coloured marker on the first line.
 */
export function attachmentsText(payload: unknown): string[] {
  return list(payload, "attachments").flatMap((attachment) => {
    const title = optionalText(attachment, "title")?.replace(/\s+/g, " ").trim();
    const link = optionalText(attachment, "title_link");
    const parts = [
      optionalText(attachment, "pretext") && markupToIrc(optionalText(attachment, "pretext") ?? "", "slack"),
      title ? [`${IrcCode.bold}${title}${IrcCode.bold}`, link].filter(Boolean).join(" ") : link,
      optionalText(attachment, "text") && markupToIrc(optionalText(attachment, "text") ?? "", "slack"),
      ...list(attachment, "fields").map(field),
      ...blocksText(attachment),
    ].filter((part): part is string => typeof part === "string" && part.trim() !== "");
    const fallback = optionalText(attachment, "fallback");
    const text = parts.length > 0 ? parts.join("\n") : (fallback ?? "");
    if (text.trim() === "") return [];
    return [withColourMarker(optionalText(attachment, "color"), text)];
  });
}

/** One attachment field: "title: value", or the one that is there. */
function field(item: unknown): string | undefined {
  const title = optionalText(item, "title");
  const value = optionalText(item, "value");
  if (value === undefined) return title;
  const text = markupToIrc(value, "slack");
  return title === undefined ? text : `${title}: ${text}`;
}
