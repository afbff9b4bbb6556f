import { IrcCode } from "../irc/irc-format.js";

/** Which chat markup a text is written in: Slack's mrkdwn (Mattermost's too) or Discord's markdown. */
export type Dialect = "slack" | "discord";

const { bold: B, italic: I, strikethrough: S, underline: U, monospace: M } = IrcCode;

/**
 * Chat markup → IRC formatting, newlines kept (one IRC line per line comes later).
 * Slack: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, code blocks, `<url|label>` → "label <url>",
 * `<!here>`, `<@U123|name>`, `<#C123|name>` as readable text, `&amp; &lt; &gt;` decoded.
 * Discord: `**bold**`, `*italic*`, `__underline__`, `~~strike~~`, code, `[label](url)`, `<@123>`.
 * Code and links are set aside first, so nothing inside them is read as emphasis, while
 * emphasis around them (`*<url|label>*`) still applies.
 */
export function markupToIrc(text: string, dialect: Dialect): string {
  const kept: string[] = [];
  let marked = "";
  let last = 0;
  const own = text.replace(/[\uE000-\uF8FF]/g, "");
  for (const match of own.matchAll(dialect === "slack" ? SLACK_TOKENS : DISCORD_TOKENS)) {
    if (kept.length === PLACEHOLDERS) break;
    kept.push(token(match, dialect));
    marked += own.slice(last, match.index) + String.fromCharCode(PLACEHOLDER + kept.length - 1);
    last = match.index + match[0].length;
  }
  return emphasis(marked + own.slice(last), dialect).replace(/[\uE000-\uF8FF]/g, (char) => kept[char.charCodeAt(0) - PLACEHOLDER] ?? "");
}

/** Set-aside parts stand in the text as private-use characters (the sender's own are dropped first). */
const PLACEHOLDER = 0xe000;
const PLACEHOLDERS = 0xf8ff - PLACEHOLDER + 1;

/** Code blocks, inline code and the dialect's links and mentions: the parts emphasis must not touch. */
const SLACK_TOKENS = /```([\s\S]*?)```|`([^`\n]+)`|<([^<>\n]+)>/g;
const DISCORD_TOKENS = /```(?:[\w+-]*\n)?([\s\S]*?)```|`([^`\n]+)`|<([^<>\s]+)>|\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

function token(match: RegExpMatchArray, dialect: Dialect): string {
  const [, block, code, angle, label, url] = match;
  if (block !== undefined) return block.replace(/^\n|\n$/g, "").split("\n").map((line) => (line === "" ? "" : `${M}${decode(line, dialect)}${M}`)).join("\n");
  if (code !== undefined) return `${M}${decode(code, dialect)}${M}`;
  if (label !== undefined && url !== undefined) return link(url, label);
  return dialect === "slack" ? slackAngle(angle ?? "") : discordAngle(angle ?? "");
}

/** Slack's `<…>`: links, special mentions, users, channels, user groups, dates. */
function slackAngle(inner: string): string {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decode(inner.slice(bar + 1), "slack");
  if (target.startsWith("!")) {
    const name = target.slice(1).split("^")[0] ?? "";
    if (name === "date" || name === "subteam") return label ?? `@${target.split("^")[1] ?? name}`;
    return label ?? `@${name}`;
  }
  if (target.startsWith("@")) return label === undefined ? target : `@${label.replace(/^@/, "")}`;
  if (target.startsWith("#")) return label === undefined ? target : `#${label.replace(/^#/, "")}`;
  return link(decode(target, "slack"), label);
}

/** Discord's `<…>`: an unembedded link, user, role and channel mentions, custom emoji, timestamps. */
function discordAngle(inner: string): string {
  if (/^https?:\/\//.test(inner)) return inner;
  const mention = /^(@!?|@&|#)(\d+)$/.exec(inner);
  if (mention) return `${mention[1]?.startsWith("#") ? "#" : "@"}${mention[2] ?? ""}`;
  const emoji = /^a?:(\w+):\d+$/.exec(inner);
  if (emoji) return `:${emoji[1] ?? ""}:`;
  const time = /^t:(\d{1,12})(?::[tTdDfFR])?$/.exec(inner);
  if (time) return new Date(Number(time[1]) * 1000).toISOString().replace(/\.000Z$/, "Z");
  return `<${inner}>`;
}

/** "label <url>", or the bare url when there is no label (or the label is the url). */
function link(url: string, label: string | undefined): string {
  return label === undefined || label === "" || label === url ? url : `${label} <${url}>`;
}

/**
 * Bold, italic, strike (and Discord's underline and headings). A marker must touch its word,
 * as the chat clients require, so "2 * 3 * 4" and snake_case_names stay as they are.
 */
function emphasis(text: string, dialect: Dialect): string {
  if (dialect === "slack") {
    return decode(text, "slack")
      .replace(/(^|[^\w*])\*{1,2}(?=\S)([^*\n]*?\S)\*{1,2}(?![\w*])/g, `$1${B}$2${B}`)
      .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, `$1${I}$2${I}`)
      .replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, `$1${S}$2${S}`);
  }
  return text
    .replace(/^#{1,3} +(.+)$/gm, `${B}$1${B}`)
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, `${B}$1${B}`)
    .replace(/__(?=\S)([^_\n]*?\S)__/g, `${U}$1${U}`)
    .replace(/\*(?=\S)([^*\n]*?\S)\*/g, `${I}$1${I}`)
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, `$1${I}$2${I}`)
    .replace(/~~(?=\S)([^~\n]*?\S)~~/g, `${S}$1${S}`);
}

/** Slack escapes &, < and > as entities; Discord sends text as it is. */
function decode(text: string, dialect: Dialect): string {
  return dialect === "slack" ? text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : text;
}
