import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { post, Stack } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

describe("a webhook reaches the IRC channel", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK } });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("delivers a POST to a .ts webhook as a PRIVMSG, unicode intact", async () => {
    const text = "☃ ünïcødé ✓";
    const response = await post(`${stack.gateways[0]!.url}/say/helga-test`, { text });
    assert.equal(response.status, 200);
    assert.equal(response.text, "Message Sent");
    const [message] = await stack.observer.waitForMessages(stack.channel, 1);
    assert.equal(message, text);
    assert.equal(stack.observer.lines.find((line) => line.command === "PRIVMSG")?.from, "helgabot");
  });

  it("keeps the order of messages sent one after another", async () => {
    const before = stack.observer.messages(stack.channel).length;
    for (let i = 0; i < 5; i++) {
      assert.equal((await post(`${stack.gateways[0]!.url}/say/helga-test`, { text: `ordered ${i}` })).status, 200);
    }
    const messages = (await stack.observer.waitForMessages(stack.channel, before + 5)).slice(before);
    assert.deepEqual(messages, [0, 1, 2, 3, 4].map((i) => `ordered ${i}`));
  });
});
