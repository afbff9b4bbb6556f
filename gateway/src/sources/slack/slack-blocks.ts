import { markupToIrc } from "../chat/markup-to-irc.js";
import { field, list, optionalText } from "../core/payload-fields.js";
import { IrcCode } from "../irc/irc-format.js";

/**
 * Slack's Block Kit → text: `header` (bold), `section` (its text, then its fields),
 * `context` (its text elements on one line), `rich_text` (sections, lists, code, quotes,
 * with their bold/italic/strike/code styles and links). Other blocks (images, dividers,
 * buttons, anything new) are skipped, never an error.
 */
export function blocksText(payload: unknown): string[] {
  return list(payload, "blocks").flatMap((block) => {
    switch (optionalText(block, "type")) {
      case "header":
        return wrapped(textObject(field(block, "text")), IrcCode.bold);
      case "section":
        // Slack lays fields out as a grid; on IRC each is one line ("*Type:* laptop").
        return [textObject(field(block, "text")), ...list(block, "fields").map((item) => textObject(item).replace(/\n+/g, " "))].filter((text) => text !== "");
      case "context": {
        const line = list(block, "elements").map(textObject).filter(Boolean).join(" ");
        return line === "" ? [] : [line];
      }
      case "rich_text":
        return list(block, "elements").map(richElement).filter((text) => text !== "");
      default:
        return [];
    }
  });
}

/** A composition object: mrkdwn is read as markup, plain_text as it is. */
function textObject(object: unknown): string {
  const text = optionalText(object, "text") ?? "";
  return optionalText(object, "type") === "mrkdwn" ? markupToIrc(text, "slack") : text;
}

function wrapped(text: string, code: string): string[] {
  return text === "" ? [] : [`${code}${text}${code}`];
}

/** rich_text_section, rich_text_list (bulleted or numbered), rich_text_preformatted, rich_text_quote. */
function richElement(element: unknown): string {
  const runs = () => list(element, "elements").map(richRun).join("");
  switch (optionalText(element, "type")) {
    case "rich_text_section":
      return runs();
    case "rich_text_list": {
      const ordered = optionalText(element, "style") === "ordered";
      return list(element, "elements").map((item, index) => `${ordered ? `${index + 1}.` : "•"} ${list(item, "elements").map(richRun).join("")}`).join("\n");
    }
    case "rich_text_preformatted":
      return list(element, "elements").map(richRun).join("").split("\n").map((line) => `${IrcCode.monospace}${line}${IrcCode.monospace}`).join("\n");
    case "rich_text_quote":
      return runs().split("\n").map((line) => `> ${line}`).join("\n");
    default:
      return "";
  }
}

const STYLES: ReadonlyArray<readonly [string, string]> = [["bold", IrcCode.bold], ["italic", IrcCode.italic], ["strike", IrcCode.strikethrough], ["code", IrcCode.monospace]];

/** One run of a rich text section: text, link, user, channel, user group, emoji or broadcast. */
function richRun(run: unknown): string {
  const styled = STYLES.filter(([style]) => field(run, `style.${style}`) === true);
  const text = richRunText(run);
  return text === "" ? "" : styled.reduce((inner, [, code]) => `${code}${inner}${code}`, text);
}

function richRunText(run: unknown): string {
  const value = (path: string) => optionalText(run, path) ?? "";
  switch (optionalText(run, "type")) {
    case "link": {
      const label = optionalText(run, "text");
      return label === undefined || label === value("url") ? value("url") : `${label} <${value("url")}>`;
    }
    case "user":
      return `@${value("user_id")}`;
    case "usergroup":
      return `@${value("usergroup_id")}`;
    case "channel":
      return `#${value("channel_id")}`;
    case "broadcast":
      return `@${value("range")}`;
    case "emoji":
      return `:${value("name")}:`;
    default:
      return value("text");
  }
}
