import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { duplicateCount, IrcObserver, post, sleep, Stack, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const BURST = 15;
const STOP_AFTER_SEEN = 6;
const WHILE_DOWN = 10;

/**
 * The observer goes down with the server, so what the bot sends while nobody watches
 * cannot be checked. The bot's default flood control (a line a second after a short burst)
 * keeps the rest of the burst in its queue, and the server is stopped right after a line
 * arrives, a good half second before the next is due: every line is either seen before the
 * stop or still queued, and the queued ones must all arrive after the restart.
 */
describe("ngircd restarted in the middle of a burst", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, env: { RATE_LIMIT: "" } });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("the bot reconnects and delivers everything queued, in order", { timeout: 180_000 }, async (t) => {
    const url = `${stack.gateways[0]!.url}/say/helga-test`;
    const expected: string[] = [];
    for (let i = 0; i < BURST; i++) {
      const text = `burst ${i}`;
      const response = await post(url, { text });
      assert.equal(response.status, 200, `${text}: ${response.text}`);
      expected.push(text);
    }
    await stack.observer.waitForMessages(stack.channel, STOP_AFTER_SEEN, 30_000);
    const logsBeforeStop = stack.bot.logCount;
    await stack.ircd.process.stop("SIGTERM");
    const seenBefore = stack.observer.messages(stack.channel);
    stack.observer.close();
    t.diagnostic(`ircd stopped after ${seenBefore.length} of ${BURST} burst lines were seen`);
    assert.ok(seenBefore.length < BURST, "the server went down mid-burst");
    await stack.bot.waitForLog("irc disconnected", 15_000, logsBeforeStop);

    for (let i = 0; i < WHILE_DOWN; i++) {
      const text = `while down ${i}`;
      const response = await post(url, { text });
      assert.equal(response.status, 200, `webhooks are accepted while IRC is down: ${text}: ${response.text}`);
      expected.push(text);
    }
    await sleep(2_000); // let the bot fail a reconnect or two, so the observer is back first

    const outputBefore = stack.ircd.process.output.length;
    stack.ircd.process.start();
    await waitUntil("ngircd to listen again", () => stack.ircd.process.output.slice(outputBefore).some((line) => line.includes("Now listening on")), 10_000);
    const observer = new IrcObserver(stack.observerNick, stack.ircd.host, stack.ircd.port);
    stack.observer = observer;
    await observer.connect([stack.channel]);
    await stack.bot.waitForLog("irc registered", 60_000, logsBeforeStop);

    const remaining = expected.length - seenBefore.length;
    const seenAfter = await waitUntil(`the ${remaining} queued lines after the restart`, () => {
      const messages = observer.messages(stack.channel);
      return new Set([...seenBefore, ...messages]).size >= expected.length ? messages : undefined;
    }, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; seen after the restart: ${JSON.stringify(observer.messages(stack.channel))}`);
    });
    const delivered = [...seenBefore, ...seenAfter];
    t.diagnostic(`duplicates: ${duplicateCount(delivered)}`);
    assert.deepEqual([...new Set(delivered)], expected, "every message arrives once, in the order posted");
  });
});
