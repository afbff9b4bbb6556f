import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import * as announcements from "../webhooks/announcements.js";
import * as github from "../webhooks/github/github.js";
import { githubExample } from "./github-examples.js";
import { callRoute, createTestClient, createTestKit } from "../src/testing/index.js";
import { BUILT_IN_WEBHOOKS_DIR } from "../src/loading/default-locations.js";
import { discoverWebhooks } from "../src/loading/discover-webhooks.js";

const credentials = { WEBHOOKS_CREDENTIALS: "ops:hunter2" };

test("the built-in packages are JavaScript, so a default gateway loads no TypeScript loader", () => {
  const { sources, problems } = discoverWebhooks([BUILT_IN_WEBHOOKS_DIR], []);
  assert.deepEqual(problems, []);
  assert.deepEqual(sources.map(({ name, entry }) => [name, entry.slice(BUILT_IN_WEBHOOKS_DIR.length)]), [
    ["announcements", "/announcements.js"],
    ["github", "/github/github.js"],
  ]);
});

test("announcements: form or JSON message goes to #channel, answered 'Message Sent'", async () => {
  const kit = createTestKit({ settings: credentials });
  const form = await kit.call(announcements, { method: "POST", path: "/announce/bots", body: new URLSearchParams({ message: "Deploy finished ☃" }), credentials: ["ops", "hunter2"] });
  assert.equal(form.status, 200);
  assert.equal(form.text, "Message Sent");
  assert.deepEqual(form.calls, [{ op: "msg", target: "#bots", text: "Deploy finished ☃" }]);
  const json = await kit.call(announcements, { method: "POST", path: "/announce/dev-ops_2", body: { message: "hi" }, credentials: ["ops", "hunter2"] });
  assert.deepEqual(json.calls, [{ op: "msg", target: "#dev-ops_2", text: "hi" }]);
});

test("announcements: a missing message is 400 'Param message is required'", async () => {
  for (const body of [undefined, {}, { message: "" }, new URLSearchParams({ other: "x" })]) {
    const response = await callRoute(announcements, { method: "POST", path: "/announce/bots", body, settings: credentials, credentials: ["ops", "hunter2"] });
    assert.equal(response.status, 400);
    assert.equal(response.text, "Param message is required");
    assert.deepEqual(response.calls, []);
  }
});

test("announcements: needs credentials and POST", async () => {
  const anonymous = await callRoute(announcements, { method: "POST", path: "/announce/bots", body: { message: "x" }, settings: credentials });
  assert.equal(anonymous.status, 401);
  assert.deepEqual(anonymous.calls, []);
  const get = await callRoute(announcements, { path: "/announce/bots", settings: credentials, credentials: ["ops", "hunter2"] });
  assert.equal(get.status, 405);
});

const secret = "It's a Secret to Everybody";
const settings = { GITHUB_WEBHOOK_SECRET: secret, CHANNELS: "#general,#other" };
/** GitHub's example payloads (@octokit/webhooks-examples) used here, and a push of five commits made from its one-commit push. */
const onePush = githubExample("push", 4);
const PAYLOADS: Record<string, unknown> = {
  ping: githubExample("ping", 0),
  "push-one-commit": onePush,
  "push-many-commits": { ...onePush, commits: [1, 2, 3, 4, 5].map((n) => ({ ...(onePush.commits as object[])[0], id: `${n}`.repeat(40), message: `Commit ${n}` })) },
  "issues-opened": githubExample("issues", 15),
};

function delivery(event: string, fixture: string, extra: { path?: string; signature?: string; id?: string } = {}) {
  const body = Buffer.from(JSON.stringify(PAYLOADS[fixture]));
  return {
    method: "POST",
    path: extra.path ?? "/github",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": extra.id ?? crypto.randomUUID(),
      "x-hub-signature-256": extra.signature ?? `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
  };
}

test("github: requires GITHUB_WEBHOOK_SECRET (the gateway skips it without)", async () => {
  await assert.rejects(callRoute(github, { ...delivery("ping", "ping"), settings: {} }), /requires the setting\(s\) GITHUB_WEBHOOK_SECRET/);
});

test("github: a signed push is announced in the first of CHANNELS, or GITHUB_CHANNEL, or the URL's channel", async () => {
  const kit = createTestKit({ settings });
  const push = await kit.call(github, delivery("push", "push-many-commits"));
  assert.equal(push.status, 200);
  assert.equal(push.text, "Announced");
  assert.equal(push.calls.length, 3);
  assert.ok(push.calls.every((call) => call.op === "msg" && call.target === "#general"));
  const configured = await callRoute(github, { ...delivery("issues", "issues-opened"), settings: { ...settings, GITHUB_CHANNEL: "dev" } });
  assert.equal(configured.calls[0]?.target, "#dev");
  const inUrl = await kit.call(github, delivery("issues", "issues-opened", { path: "/github/releases" }));
  assert.equal(inUrl.calls[0]?.target, "#releases");
  const fromBot = await callRoute(github, { ...delivery("issues", "issues-opened"), settings: { GITHUB_WEBHOOK_SECRET: secret }, client: createTestClient({ channels: ["#joined"] }) });
  assert.equal(fromBot.calls[0]?.target, "#joined");
});

test("github: bad or missing signature is 401 and nothing is announced", async () => {
  const kit = createTestKit({ settings });
  for (const signature of ["", "sha256=00", `sha256=${createHmac("sha256", "wrong").update("{}").digest("hex")}`]) {
    const response = await kit.call(github, delivery("push", "push-one-commit", { signature }));
    assert.equal(response.status, 401);
  }
  assert.deepEqual(kit.client.calls, []);
});

test("github: the same delivery id twice is announced once", async () => {
  const kit = createTestKit({ settings });
  const first = await kit.call(github, delivery("push", "push-one-commit", { id: "same-id" }));
  const again = await kit.call(github, delivery("push", "push-one-commit", { id: "same-id" }));
  assert.equal(first.calls.length, 1);
  assert.equal(again.status, 200);
  assert.equal(again.text, "Already delivered");
  assert.deepEqual(again.calls, []);
});

test("github: ping → pong, unannounced events → 202, malformed → 400", async () => {
  const kit = createTestKit({ settings });
  const ping = await kit.call(github, delivery("ping", "ping"));
  assert.equal(ping.text, "pong");
  const star = await kit.call(github, delivery("star", "ping"));
  assert.equal(star.status, 202);
  assert.match(star.text, /Ignored: event star/);
  const malformed = await kit.call(github, delivery("push", "ping"));
  assert.equal(malformed.status, 400);
  assert.match(malformed.text, /Malformed push payload/);
  assert.deepEqual(kit.client.calls, []);
});

test("github: form-encoded deliveries (payload=…) work too", async () => {
  const json = JSON.stringify(PAYLOADS["issues-opened"]);
  const body = Buffer.from(new URLSearchParams({ payload: json }).toString());
  const response = await callRoute(github, {
    method: "POST",
    path: "/github",
    body,
    settings,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-github-event": "issues",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
  });
  assert.equal(response.calls.length, 1);
});
