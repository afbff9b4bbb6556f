import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { post, Stack } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

describe("messages queued while the bot is down", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK } });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("reach the channel, all of them and in order, after the bot restarts", async () => {
    await stack.bot.stop("SIGKILL");
    const url = `${stack.gateways[0]!.url}/say/helga-test`;
    for (let i = 0; i < 100; i++) {
      const response = await post(url, { text: `queued ${i}` });
      assert.equal(response.status, 200, `request ${i}: ${response.text}`);
    }
    assert.equal(stack.observer.messages(stack.channel).length, 0, "nothing is sent while the bot is down");
    await stack.startBot();
    // ngircd paces a fast client to about 3 lines/s after a burst: 100 lines take ~35 s.
    const messages = await stack.observer.waitForMessages(stack.channel, 100, 120_000);
    assert.deepEqual(messages.slice(0, 100), Array.from({ length: 100 }, (_, i) => `queued ${i}`));
  });
});
