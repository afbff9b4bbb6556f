import { test } from "node:test";
import assert from "node:assert/strict";
import { blocksText } from "../../src/sources/slack/slack-blocks.js";

/** IRC codes written readably: {b} bold, {i} italic, {s} strike, {m} monospace. */
const show = (text: string) => text.replace(/\x02/g, "{b}").replace(/\x1d/g, "{i}").replace(/\x1e/g, "{s}").replace(/\x11/g, "{m}");
const section = (...elements: object[]) => ({ type: "rich_text_section", elements });
const rich = (...elements: object[]) => ({ blocks: [{ type: "rich_text", elements }] });

const CASES: ReadonlyArray<readonly [string, object, readonly string[]]> = [
  ["runs and styles", rich(section({ type: "text", text: "hi " }, { type: "text", text: "all", style: { bold: true, italic: true } }, { type: "text", text: " x", style: { strike: true } }, { type: "text", text: "y", style: { code: true } })), ["hi {i}{b}all{b}{i}{s} x{s}{m}y{m}"]],
  ["mentions and emoji", rich(section({ type: "user", user_id: "U1" }, { type: "text", text: " in " }, { type: "channel", channel_id: "C2" }, { type: "text", text: " " }, { type: "broadcast", range: "here" }, { type: "text", text: " " }, { type: "emoji", name: "tada" }, { type: "text", text: " " }, { type: "usergroup", usergroup_id: "S3" })), ["@U1 in #C2 @here :tada: @S3"]],
  ["links with and without a label", rich(section({ type: "link", url: "https://a.example" }, { type: "text", text: " " }, { type: "link", url: "https://b.example", text: "B" })), ["https://a.example B <https://b.example>"]],
  ["lists", rich({ type: "rich_text_list", style: "ordered", elements: [section({ type: "text", text: "one" }), section({ type: "text", text: "two" })] }), ["1. one\n2. two"]],
  ["quote and preformatted", rich({ type: "rich_text_quote", elements: [{ type: "text", text: "said\nso" }] }, { type: "rich_text_preformatted", elements: [{ type: "text", text: "a\nb" }] }), ["> said\n> so", "{m}a{m}\n{m}b{m}"]],
  ["header, plain_text kept as written, context", { blocks: [{ type: "header", text: { type: "plain_text", text: "*Not bold*" } }, { type: "context", elements: [{ type: "plain_text", text: "v1" }, { type: "image", image_url: "x", alt_text: "y" }, { type: "mrkdwn", text: "_by_ ci" }] }] }, ["{b}*Not bold*{b}", "v1 {i}by{i} ci"]],
  ["unknown, divider, image, actions: skipped", { blocks: [{ type: "divider" }, { type: "image", image_url: "x", alt_text: "y" }, { type: "actions", elements: [] }, { type: "someday" }, { type: "rich_text", elements: [{ type: "rich_text_unknown" }] }] }, []],
];

test("Block Kit blocks read as IRC text", () => {
  for (const [name, payload, expected] of CASES) assert.deepEqual(blocksText(payload).map(show), expected, name);
});
