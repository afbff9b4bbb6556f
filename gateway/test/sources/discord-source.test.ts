import { test } from "node:test";
import assert from "node:assert/strict";
import { discordSource } from "../../src/sources/discord/discord-source.js";
import { chatRoute, said } from "./chat-route.js";
import { fixture } from "./fixture.js";
import { plain } from "./plain.js";

const lines = (name: string, maxLines?: number) => {
  const normalised = discordSource.normalise({} as never, fixture(name).payload);
  return normalised.kind === "event" ? discordSource.format(normalised.event, { maxLines }) : [];
};

test("Discord messages: content, then each embed's author, title and url, description, fields and footer", () => {
  assert.deepEqual(lines("discord/embeds", 10).map(plain), [
    "v2.4.0 is out: read the changelog <https://example.com/changelog> or run npm i",
    "▌ ci-bot",
    "Release v2.4.0 https://example.com/releases/v2.4.0",
    "Fixes three bugs, none new ones",
    "Duration: 3m 12s",
    "Tests: 412 passed",
    "build #981",
  ]);
  assert.deepEqual(lines("discord/alertmanager-firing").map(plain), ["▌ [FIRING:1] (DiskFull db1:9100 critical)", "Alerts Firing:", "Labels:", " - alertname = DiskFull", " - instance = db1:9100 … and 4 more lines"]);
});

test("the embed's colour is the marker's nearest IRC colour", () => {
  assert.match(lines("discord/embeds")[1] ?? "", /^\x0309▌\x03 /, "5763719 (#57F287) is light green");
  assert.match(lines("discord/alertmanager-firing")[0] ?? "", /^\x0305▌\x03 /, "10038562 (#992D22) is maroon");
});

test("answers 204, or 200 with the message as JSON for ?wait=true; secret in the URL as Discord's token", async () => {
  const { route, kit } = chatRoute({ name: "discord", type: "discord", path: "/api/webhooks/123", channels: "#dev" });
  const body = { content: "**hi**" };
  const quiet = await kit.call(route, { method: "POST", path: "/api/webhooks/123/s3cret", body });
  assert.deepEqual([quiet.status, quiet.text, said(quiet.calls)], [204, "", ["#dev \x02hi\x02"]]);
  const waited = await kit.call(route, { method: "POST", path: "/api/webhooks/123/s3cret", query: { wait: "true" }, body });
  assert.equal(waited.status, 200);
  assert.equal((waited.json as { content?: string }).content, "**hi**");
  const wrong = await kit.call(route, { method: "POST", path: "/api/webhooks/123/nope", body });
  assert.deepEqual([wrong.status, wrong.calls.length], [401, 0]);
  const empty = await kit.call(route, { method: "POST", path: "/api/webhooks/123/s3cret", body: { username: "x", embeds: [] } });
  assert.deepEqual([empty.status, empty.text], [400, "Malformed discord payload: no content or embeds"]);
});
