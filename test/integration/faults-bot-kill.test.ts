import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { duplicateCount, fromList, orderViolations, Stack, startPosting, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const TOTAL = 1000;
/** Kill points, as messages seen in the channel: the bot dies while it is delivering. */
const KILL_AFTER_SEEN = [250, 600];
/** Small, so the bound shows: each kill may re-send at most this many commands the server had not confirmed. */
const MAX_UNCONFIRMED = 25;

// InspIRCd without fakelag and RATE_LIMIT=0 (the Stack default): 1,000 lines pass in
// seconds; through ngircd's pacing they would take six minutes.
describe("the bot SIGKILLed twice while 1,000 webhooks arrive", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, ircd: "inspircd-nofakelag", env: { MAX_UNCONFIRMED: String(MAX_UNCONFIRMED) } });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("delivers every acknowledged message to the channel, in order, with at most MAX_UNCONFIRMED duplicates per kill", { timeout: 240_000 }, async (t) => {
    const texts = Array.from({ length: TOTAL }, (_, i) => `m ${i}`);
    const run = startPosting(`${stack.gateways[0]!.url}/say/helga-test`, fromList(texts), 10);
    for (const count of KILL_AFTER_SEEN) {
      await waitUntil(`${count} messages in the channel`, () => stack.observer.messages(stack.channel).length >= count, 90_000, 5);
      await stack.bot.stop("SIGKILL");
      t.diagnostic(`bot SIGKILLed after ${run.acknowledged} acknowledged, ${stack.observer.messages(stack.channel).length} seen in the channel`);
      await stack.startBot();
    }
    const posted = await run.done;
    const refused = posted.filter((p) => p.status !== 200);
    assert.deepEqual(refused.map((p) => `${p.text}: ${p.status} ${p.body}`), [], "the gateway accepts every webhook while the bot restarts");

    const delivered = await waitUntil(`all ${TOTAL} messages in the channel`, () => {
      const messages = stack.observer.messages(stack.channel);
      return new Set(messages).size >= TOTAL ? messages : undefined;
    }, 120_000).catch((error: Error) => {
      const have = new Set(stack.observer.messages(stack.channel));
      const missing = texts.filter((text) => !have.has(text));
      throw new Error(`${error.message}; ${missing.length} missing, first: ${missing.slice(0, 10).join(", ")}`);
    });
    const duplicates = duplicateCount(delivered);
    t.diagnostic(`duplicates: ${duplicates} (bound: MAX_UNCONFIRMED ${MAX_UNCONFIRMED} × ${KILL_AFTER_SEEN.length} kills)`);
    assert.ok(duplicates <= MAX_UNCONFIRMED * KILL_AFTER_SEEN.length, `${duplicates} duplicates: more than MAX_UNCONFIRMED per kill`);

    assert.deepEqual(delivered.filter((text) => !texts.includes(text)), [], "only the posted texts reach the channel");
    assert.deepEqual(orderViolations(posted, delivered), [], "a message acknowledged before another was sent arrives first");
  });
});
