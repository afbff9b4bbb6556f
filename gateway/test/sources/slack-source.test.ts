import { test } from "node:test";
import assert from "node:assert/strict";
import { slackSource } from "../../src/sources/slack/slack-source.js";
import { chatRoute, said } from "./chat-route.js";
import { fixture } from "./fixture.js";
import { plain } from "./plain.js";

/** The raw lines a payload gives (IRC codes and all). */
const raw = (payload: unknown, maxLines?: number) => {
  const normalised = slackSource.normalise({} as never, payload);
  assert.equal(normalised.kind, "event");
  return normalised.kind === "event" ? slackSource.format(normalised.event, { maxLines }) : [];
};
const lines = (name: string, maxLines?: number) => raw(fixture(name).payload, maxLines).map(plain);
const text = (call: { op: string; text?: string } | undefined) => (call?.op === "msg" ? (call.text ?? "") : "");

const FIXTURES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["slack/alertmanager-firing", ["▌ [FIRING:1] (DiskFull db1:9100 critical) http://alertmanager.example:9093/#/alerts?receiver=irc"]],
  ["slack/alertmanager-resolved", ["▌ [RESOLVED] (DiskFull db1:9100 critical) http://alertmanager.example:9093/#/alerts?receiver=irc"]],
  ["slack/grafana", ["▌ [FIRING:1] (val1) http://localhost/alerting/list", "Firing", "Value: [no value]", "Labels:", " - alertname = alert1 … and 4 more lines"]],
  ["slack/sentry", ["▌ Hello world http://example.com/baz/bar/issues/1/", "Culprit: foo.bar", "Project: foo Bar"]],
  ["slack/attachments", ["▌ Optional text that appears above the attachment block", "Slack API Documentation https://api.slack.com/", "Optional text that appears within the attachment", "Priority: High"]],
  ["slack/uptime-kuma", ["Uptime Kuma Alert", "[My Website] [🔴 Down] Request failed with status code 500", "▌ Uptime Kuma Alert", "Message [My Website] [🔴 Down] Request failed with status code 500", "Time (UTC) 2024-12-05 18:30:00"]],
  ["slack/gitea-pull-request", ["[test/repo <http://localhost:3000/test/repo>] Pull request opened: #12 Fix bug <http://localhost:3000/test/repo/pulls/12> by user1 <https://try.gitea.io/user1>"]],
  [
    "slack/gitlab-push",
    [
      "test.user pushed to branch master <http://url.com/-/commits/master> of project_name <http://url.com> (Compare changes <http://url.com/-/compare/before...after>)",
      "▌ abcdefgh <http://url1.com>: message1 - author1",
      "12345678 <http://url2.com>: message2 w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w ... - author2",
    ],
  ],
  ["slack/blocks", ["New request", "You have a new request:", "Fred Enriquez - New device request <fakeLink.toEmployeeProfile.com>", "Type: Computer (laptop)", "When: Submitted Aut 10 … and 4 more lines"]],
];

test("each sender's real payload reads as its lines", () => {
  for (const [name, expected] of FIXTURES) assert.deepEqual(lines(name), expected, name);
});

test("the colour marker takes the nearest IRC colour: danger red, good green, Slack's #2eb886 green", () => {
  const marker = (name: string) => /^\x03(\d\d)▌/.exec(raw(fixture(name).payload, 1)[0] ?? "")?.[1];
  assert.equal(marker("slack/alertmanager-firing"), "04");
  assert.equal(marker("slack/alertmanager-resolved"), "03");
  assert.equal(marker("slack/grafana"), "04");
  assert.equal(marker("slack/attachments"), "03");
});

test("blocks' rich text and context come through; unknown blocks are skipped", () => {
  const all = lines("slack/blocks", 20);
  assert.deepEqual(all.slice(5), ["Last updated: Mar 10, 2015", "Hello there, I am a bold rich text block! Read the docs <https://api.slack.com>", "• huddles", "• canvas"]);
  assert.ok(!all.join("\n").includes("Approve"), "the button is not said");
  assert.deepEqual(raw({ text: "fallback", blocks: [{ type: "video", title: { type: "plain_text", text: "x" } }] }), ["fallback"], "no block said anything: text is used");
});

test("the secret is the last URL segment; bearer and basic also pass; wrong or missing is 401 and says nothing", async () => {
  const { route, kit } = chatRoute({ name: "slack", type: "slack", path: "/hooks/slack" });
  const body = { text: "*deployed* web-1" };
  const ok = await kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body });
  assert.deepEqual([ok.status, ok.text, ok.headers["content-type"]], [200, "ok", "text/plain; charset=utf-8"]);
  assert.deepEqual(said(ok.calls), ["#dev \x02deployed\x02 web-1", "#ops \x02deployed\x02 web-1"]);
  assert.equal((await kit.call(route, { method: "POST", path: "/hooks/slack", body, headers: { authorization: "Bearer s3cret" } })).text, "ok");
  assert.equal((await kit.call(route, { method: "POST", path: "/hooks/slack/", body, credentials: ["s3", "cret"] })).status, 401, "basic auth's user:password must be the secret");
  assert.equal((await kit.call(route, { method: "POST", path: "/hooks/slack", body, headers: { authorization: `Basic ${Buffer.from("s3cret:").toString("base64")}` } })).status, 401);
  for (const path of ["/hooks/slack/s3cret/more", "/hooks/slackish/s3cret", "/hooks/s3cret"]) assert.equal((await kit.call(route, { method: "POST", path, body })).status, 404, path);
  for (const path of ["/hooks/slack/wrong", "/hooks/slack", "/hooks/slack/s3cre", "/hooks/slack/s3cret%2Fx"]) {
    const refused = await kit.call(route, { method: "POST", path, body });
    assert.deepEqual([refused.status, refused.calls.length], [401, 0], path);
    assert.ok(!refused.text.includes("s3cret"));
  }
});

test("a form with payload= (Sentry, Slack's legacy form) and a JSON body posted as a form both work", async () => {
  const { route, kit } = chatRoute({ name: "slack", type: "slack", path: "/hooks/slack" });
  const form = await kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body: new URLSearchParams({ payload: JSON.stringify(fixture("slack/sentry").payload) }) });
  assert.equal(form.text, "ok");
  assert.equal(plain(text(form.calls[0])), "▌ Hello world http://example.com/baz/bar/issues/1/");
  const curl = await kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body: Buffer.from('{"text":"from curl -d"}'), headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.deepEqual(said(curl.calls), ["#dev from curl -d", "#ops from curl -d"]);
});

test("channel may pick one of the entry's channels (with or without #); another is 403 and says nothing", async () => {
  const { route, kit } = chatRoute({ name: "slack", type: "slack", path: "/hooks/slack" });
  const post = (channel: string) => kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body: { text: "hi", channel, username: "ignored", icon_emoji: ":x:" } });
  assert.deepEqual(said((await post("#OPS")).calls), ["#ops hi"]);
  assert.deepEqual(said((await post("dev")).calls), ["#dev hi"]);
  for (const channel of ["#secret", "@alice"]) {
    const refused = await post(channel);
    assert.deepEqual([refused.status, refused.calls.length], [403, 0], channel);
  }
  assert.equal((await post("")).calls.length, 2, "an empty channel is no redirect");
});

test("max_lines caps a long message; CR, LF and NUL in any field never become a second IRC command", async () => {
  const { route, kit } = chatRoute({ name: "slack", type: "slack", path: "/hooks/slack", channels: "#dev", max_lines: 2 });
  const long = await kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body: { text: "a\nb\nc\nd" } });
  assert.deepEqual(said(long.calls), ["#dev a", "#dev b … and 2 more lines"]);
  const sneaky = { attachments: [{ title: "t\r\nQUIT :bye", fields: [{ title: "x\u0000y", value: "v\rPRIVMSG #ops :pwned" }] }] };
  const safe = await kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body: sneaky });
  assert.ok(safe.calls.length > 0);
  for (const call of safe.calls) assert.ok(!/[\r\n\u0000]/.test(text(call)), JSON.stringify(call));
});

test("malformed messages are 400 with the reason", async () => {
  const { route, kit } = chatRoute({ name: "slack", type: "slack", path: "/hooks/slack" });
  const post = (body: unknown, headers: Record<string, string> = {}) => kit.call(route, { method: "POST", path: "/hooks/slack/s3cret", body, headers });
  assert.deepEqual(await post({ username: "x" }).then((r) => [r.status, r.text]), [400, "Malformed slack payload: no text, attachments or blocks"]);
  assert.deepEqual(await post({ attachments: "x" }).then((r) => [r.status, r.text]), [400, "Malformed slack payload: attachments is not a list"]);
  assert.deepEqual(await post(["x"]).then((r) => [r.status, r.text]), [400, "Malformed slack payload: the message must be a JSON object"]);
  assert.equal((await post(Buffer.from("{nope"), { "content-type": "application/json" })).status, 400);
});
