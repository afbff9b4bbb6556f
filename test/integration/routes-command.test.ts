import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Stack, waitUntil } from "../harness/index.js";
import { PATTERNS_WEBHOOK, SAY_WEBHOOK } from "./fixtures.js";

describe("`!webhooks routes` lists what the live gateways serve", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK, "patterns.ts": PATTERNS_WEBHOOK }, env: { DISABLED_WEBHOOKS: "announcements,github" } });
  before(() => stack.start(2));
  after(() => stack.stop());

  it("whispers in the channel, then lists each route once in helga's format", async () => {
    stack.observer.say(stack.channel, "!webhooks routes");
    await stack.observer.waitForMessage(stack.channel, "\x01ACTION whispers to watcher\x01");
    const nick = stack.observerNick;
    await stack.observer.waitForMessage(nick, `${nick}, here are the routes I know about`);
    const expected = [
      "[GET] /logger/(?P<channel>[\\w\\-_]+)/(?P<date>[\\w\\-]+)(?P<as_text>\\.txt)?/?$",
      "[GET,POST] /both/(?P<word>\\w+)/(?P=word)$",
      "[GET] /snow/☃/(?P<what>.+)$",
      "[POST] /post-only$",
      "[POST] /say/(?P<channel>[\\w\\-_]+)$",
    ];
    const listed = await waitUntil("every route listed", () => {
      const private_ = stack.observer.messages(nick).slice(1);
      return private_.length >= expected.length ? private_ : undefined;
    });
    assert.deepEqual([...listed].sort(), [...expected].sort());
  });

  it("answers `!webhooks` alone with the routes too", async () => {
    const before = stack.observer.messages(stack.observerNick).length;
    stack.observer.say(stack.channel, "!webhooks");
    await stack.observer.waitForMessages(stack.observerNick, before + 1);
    assert.equal(stack.observer.messages(stack.observerNick)[before], `${stack.observerNick}, here are the routes I know about`);
  });
});
