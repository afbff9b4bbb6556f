import { test } from "node:test";
import assert from "node:assert/strict";
import { markupToIrc } from "../../src/sources/chat/markup-to-irc.js";

/** IRC codes written readably: {b} bold, {i} italic, {s} strike, {u} underline, {m} monospace. */
const show = (text: string) => text.replace(/\x02/g, "{b}").replace(/\x1d/g, "{i}").replace(/\x1e/g, "{s}").replace(/\x1f/g, "{u}").replace(/\x11/g, "{m}");

const SLACK: ReadonlyArray<readonly [string, string]> = [
  ["*deploy* done", "{b}deploy{b} done"],
  ["_slowly_ but surely", "{i}slowly{i} but surely"],
  ["a snake_case_name stays", "a snake_case_name stays"],
  ["~old~ new", "{s}old{s} new"],
  ["run `make *all*` now", "run {m}make *all*{m} now"],
  ["```\nline one\n*line* two\n```", "{m}line one{m}\n{m}*line* two{m}"],
  ["see <https://example.com/a_b_c|the docs>", "see the docs <https://example.com/a_b_c>"],
  ["see <https://example.com>", "see https://example.com"],
  ["*<https://example.com|bold link>*", "{b}bold link <https://example.com>{b}"],
  ["<!here> <!channel> <!everyone>", "@here @channel @everyone"],
  ["ping <@U024BE7LH> and <@U024BE7LH|bob>", "ping @U024BE7LH and @bob"],
  ["in <#C024BE7LR|general> or <#C024BE7LR>", "in #general or #C024BE7LR"],
  ["<!subteam^SAZ94GDB8|@oncall> please", "@oncall please"],
  ["<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"],
  ["a &amp; b &lt;c&gt;", "a & b <c>"],
  ["**Firing**", "{b}Firing{b}"],
  ["plain text", "plain text"],
  ["2 * 3 * 4 and a*b*c", "2 * 3 * 4 and a*b*c"],
  ["~/bin and ~ alone", "~/bin and ~ alone"],
  ["(*note*), _x_.", "({b}note{b}), {i}x{i}."],
];

const DISCORD: ReadonlyArray<readonly [string, string]> = [
  ["**bold** and *italic*", "{b}bold{b} and {i}italic{i}"],
  ["__under__ ~~gone~~ _also italic_", "{u}under{u} {s}gone{s} {i}also italic{i}"],
  ["call `f(*x*)`", "call {m}f(*x*){m}"],
  ["```js\nconst a = 1;\n```", "{m}const a = 1;{m}"],
  ["[label](https://example.com/x_y)", "label <https://example.com/x_y>"],
  ["<https://example.com> no embed", "https://example.com no embed"],
  ["<@123> <@!456> <@&789> <#42>", "@123 @456 @789 #42"],
  ["<:party:123456> <t:0:R>", ":party: 1970-01-01T00:00:00Z"],
  ["## Heading", "{b}Heading{b}"],
  ["a &amp; b", "a &amp; b"],
  ["2 * 3 * 4", "2 * 3 * 4"],
  ["a*b*c", "a{i}b{i}c"],
];

test("Slack mrkdwn becomes IRC formatting", () => {
  for (const [input, expected] of SLACK) assert.equal(show(markupToIrc(input, "slack")), expected, input);
});

test("Discord markdown becomes IRC formatting", () => {
  for (const [input, expected] of DISCORD) assert.equal(show(markupToIrc(input, "discord")), expected, input);
});

test("the sender's own private-use characters cannot stand in for set-aside parts", () => {
  assert.equal(markupToIrc("\uE000 <https://example.com|x>", "slack"), " x <https://example.com>");
});
