import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { Stack, type Gateway } from "../harness/index.js";

/**
 * The guide's examples (docs/examples), loaded as WEBHOOKS_PATH by a real gateway: every one
 * loads (deploy-settings is skipped, as the guide says, for want of DEPLOY_CHANNEL), and a few
 * answer over real HTTP and speak on real IRC. guide-examples.test.ts runs them all via the test kit.
 */

const EXAMPLES = fileURLToPath(new URL("../../docs/examples", import.meta.url));
/** The examples speak in #bots. */
const CHANNEL = "#bots";

describe("the guide's examples in a real gateway", () => {
  const stack = new Stack({
    channel: CHANNEL,
    // The built-in announcements would answer /announce first; the guide's own example should.
    env: { WEBHOOKS_PATH: EXAMPLES, DISABLED_WEBHOOKS: "announcements,github", WEBHOOKS_CREDENTIALS: "ci:s3cret" },
  });
  let gateway: Gateway;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${gateway.url}${path}`, init);
    return { status: response.status, text: await response.text(), type: response.headers.get("content-type") };
  };

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0]!;
  });
  after(() => stack.stop());

  it("loads every example; only deploy-settings is skipped, naming DEPLOY_CHANNEL", () => {
    const skipped = gateway.logs().filter((line) => String(line.msg).startsWith("Skipped webhook package"));
    assert.deepEqual(
      skipped.map((line) => line.msg),
      ['Skipped webhook package "deploy-settings": it requires the setting DEPLOY_CHANNEL, which is not set'],
    );
    const loaded = gateway.logs().flatMap((line) => (String(line.msg).startsWith("Loaded webhook package") ? [String(line.webhook)] : []));
    assert.deepEqual(loaded.sort(), ["authenticated-routes", "database", "greeting", "hello", "networks", "responses", "signed", "status", "unicode", "url-parameters"]);
  });

  it("answers the route, response and template examples", async () => {
    assert.deepEqual(await call("/hello"), { status: 200, text: "Hello, world", type: "text/plain; charset=utf-8" });
    assert.equal((await call("/logger/bots/2024-05-01.txt")).text, "Logs of #bots on 2024-05-01 as text");
    assert.deepEqual(await call("/jobs", { method: "POST", headers: { "content-type": "text/plain" }, body: "build" }).then((r) => [r.status, r.text]), [202, "Queued"]);
    assert.deepEqual(await call("/coffee").then((r) => [r.status, r.text]), [418, "I'm a Teapot"]);
    const greeting = await call("/greet/Ada");
    assert.equal(greeting.type, "text/html; charset=utf-8");
    assert.equal(greeting.text, "<h1>Hello, Ada!</h1>\n<ul><li>#bots</li></ul>\n<footer>helga webhooks</footer>\n");
  });

  it("speaks on IRC from the authenticated and unicode examples", async () => {
    const denied = await call("/announce/bots", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "nope" }) });
    assert.equal(denied.status, 401);
    const sent = await call("/announce/bots", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from("ci:s3cret").toString("base64")}` },
      body: JSON.stringify({ message: "Build passed ☃" }),
    });
    assert.deepEqual([sent.status, sent.text], [200, "Sent for ci"]);
    const snow = await call(`/${encodeURIComponent("☃")}/${encodeURIComponent("flake")}`, { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, body: "it snows" });
    assert.deepEqual([snow.status, snow.text], [200, "Sent ☃ flake"]);
    assert.deepEqual(await stack.observer.waitForMessages(CHANNEL, 2), ["Build passed ☃", "☃ flake: it snows"]);
  });
});
