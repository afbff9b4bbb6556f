import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Stack } from "../harness/index.js";

/** `!webhooks reload`: an operator edits webhook files and every gateway serves them, no restart. */

const CHANNEL = "#helga-test";

const LIVE_BEFORE = `import { route } from "@helga/gateway";
export default route("/live$", () => "version 1");
`;

const LIVE_AFTER = `import { route } from "@helga/gateway";
export default [route("/live$", () => "version 2"), route("/live/new$", () => "new route ☃")];
`;

describe("`!webhooks reload` over real IRC, with two gateways", () => {
  const stack = new Stack({
    channel: CHANNEL,
    webhooks: { "live.ts": LIVE_BEFORE },
    env: { DISABLED_WEBHOOKS: "announcements,github" },
  });
  const texts = (path: string) =>
    Promise.all(
      stack.gateways.map(async (gateway) => {
        const response = await fetch(`${gateway.url}${path}`);
        return `${response.status} ${await response.text()}`;
      }),
    );

  before(() => stack.start(2));
  after(() => stack.stop());

  it("serves the files as they were at start", async () => {
    assert.deepEqual(await texts("/live"), ["200 version 1", "200 version 1"]);
    assert.deepEqual(await texts("/live/new"), ["404 404 Not Found", "404 404 Not Found"]);
  });

  it("reloads edited and added packages on every gateway and reports the route count", async () => {
    stack.writeWebhook("live.ts", LIVE_AFTER);
    stack.writeWebhook("added.ts", `import { route } from "@helga/gateway";\nexport const added = route("/added$", () => "added");\n`);
    stack.writeWebhook("broken.ts", `export default {\n`);
    const pids = stack.gateways.map((gateway) => gateway.process.pid);
    stack.observer.say(CHANNEL, "!webhooks reload");
    // Three routes on each of the two gateways; the broken package is named.
    await stack.observer.waitForMessage(CHANNEL, "Reloaded webhooks on 2 gateway(s): 6 routes; failed: broken");
    assert.deepEqual(await texts("/live"), ["200 version 2", "200 version 2"]);
    assert.deepEqual(await texts("/live/new"), ["200 new route ☃", "200 new route ☃"]);
    assert.deepEqual(await texts("/added"), ["200 added", "200 added"]);
    assert.deepEqual(stack.gateways.map((gateway) => gateway.process.pid), pids, "no gateway restarted");
    for (const gateway of stack.gateways) {
      const skipped = gateway.logs().filter((line) => String(line.msg).startsWith(`Skipped webhook package "broken": importing ${stack.webhooksPath}/broken.ts failed: `));
      assert.equal(skipped.length, 1, `${gateway.process.label} logs the broken package once`);
    }
  });
});
