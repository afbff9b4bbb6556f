import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { OUTBOX_FIELD, redisKeys } from "@helga/shared";
import { post, Stack, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const BURST = 300;

/**
 * The bot is in none of these channels at start: AUTO_JOIN (on by default) takes it there.
 * The observer creates each channel first, so it is their operator and can set +m and +b.
 */
describe("per-target queues, visible rejections, AUTO_JOIN", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, env: { RATE_LIMIT: "1", OUTBOX_MAX_ATTEMPTS: "2" } });
  const dead = redisKeys("helga").deadLetter;
  let say: (channel: string, text: string) => Promise<void>;
  before(async () => {
    await stack.start(1);
    say = async (channel, text) => {
      const response = await post(`${stack.gateways[0]!.url}/say/${channel}`, { text });
      assert.equal(response.status, 200, `${channel} ${text}: ${response.text}`);
    };
  });
  after(() => stack.stop());

  it("a +m channel and a +b ban produce dead letters with the server's reason; status shows the last failure", { timeout: 60_000 }, async () => {
    const { observer } = stack;
    await observer.join("#moderated");
    observer.send("MODE #moderated +m");
    await observer.join("#banned");
    observer.send("MODE #banned +b helgabot!*@*");
    await waitUntil("both modes set", () => observer.lines.filter((line) => line.command === "MODE" && line.from === observer.nick).length >= 2);

    await say("moderated", "nobody hears this");
    const muted = await deadLetter(stack, dead, "#moderated");
    assert.match(muted.reason ?? "", /^404 /, `the server's own refusal: ${JSON.stringify(muted)}`);
    assert.equal(muted.attempts, "2", "retried while it might pass (OUTBOX_MAX_ATTEMPTS=2), then dead-lettered");
    assert.match(muted.cmd ?? "", /nobody hears this/);

    await say("banned", "keep out");
    const banned = await deadLetter(stack, dead, "#banned");
    assert.match(banned.reason ?? "", /^474 /, `a ban cannot pass: dead-lettered at once: ${JSON.stringify(banned)}`);
    assert.equal(banned.attempts, "1");
    assert.ok(banned.id, "the outbox entry's id is kept");

    const since = observer.lines.length;
    observer.say(stack.channel, "!webhooks status");
    const status = await waitUntil("the status reply", () =>
      observer.lines.slice(since).find((line) => line.command === "PRIVMSG" && line.from === "helgabot" && line.params[1]?.includes("IRC: connected")),
    );
    assert.match(status.params[1] ?? "", /last failure: #banned 474 banned, \d+ s ago/);
    assert.deepEqual(observer.messages("#moderated", "helgabot"), [], "nothing reached the +m channel");
  });

  it(`a lone line to #fair-b waits about a line's time behind ${BURST} lines to #fair-a (RATE_LIMIT=1)`, { timeout: 60_000 }, async (t) => {
    const { observer } = stack;
    await observer.join("#fair-a");
    await observer.join("#fair-b");
    for (let i = 0; i < BURST; i++) await say("fair-a", `noise ${i}`);
    const queuedAt = Date.now();
    await say("fair-b", "the lone line");
    await observer.waitForMessage("#fair-b", "the lone line", 30_000);
    const waitedMs = Date.now() - queuedAt;
    const ahead = observer.messages("#fair-a", "helgabot").length;
    t.diagnostic(`#fair-b waited ${waitedMs} ms behind a ${BURST}-line burst to #fair-a (${ahead} of its lines had gone out by then)`);
    assert.ok(ahead < BURST / 2, `the burst was still going (${ahead} sent) when the lone line arrived`);
    assert.ok(waitedMs < 5_000, `waited ${waitedMs} ms: more than a few lines' time`);
    assert.deepEqual(observer.messages("#fair-a", "helgabot"), Array.from({ length: ahead }, (_, i) => `noise ${i}`), "order kept within #fair-a");
  });
});

/** The dead letter for `target`, as a field → value record, once it exists. */
async function deadLetter(stack: Stack, key: string, target: string): Promise<Record<string, string>> {
  return waitUntil(`a dead letter for ${target}`, async () => {
    for (const [, fields] of await stack.redis.client.xrange(key, "-", "+")) {
      const record: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
      if (record.target === target && record[OUTBOX_FIELD]) return record;
    }
    return undefined;
  }, 20_000);
}

