import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { redisKeys } from "@helga/shared";
import { post, Stack, waitUntil } from "../harness/index.js";

/** A route sending `text` to any `target` (channel or nick), as a webhook would. */
const TELL_WEBHOOK = String.raw`
import { route, type WebhookRequest } from "@helga/gateway";

export const tell = route("/tell$", { methods: ["POST"] }, async (request: WebhookRequest, client) => {
  const { target, text } = request.body as { target: string; text: string };
  await client.msg(target, text);
  return "ok";
});
`;

/** What the bot's /metrics says about confirmed lines. */
async function confirmedLines(stack: Stack): Promise<{ echo: number; ping: number }> {
  const text = await (await fetch(`http://127.0.0.1:${stack.bot.env.ADMIN_PORT}/metrics`)).text();
  const read = (by: string) => Number(new RegExp(`^helga_bot_lines_confirmed_total\\{[^}]*by="${by}"[^}]*\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
  return { echo: read("echo"), ping: read("ping") };
}

async function deadLetters(stack: Stack): Promise<Array<{ target: string; reason: string; text: string }>> {
  const entries = await stack.redis.client.xrange(redisKeys().deadLetter, "-", "+");
  return entries.map(([, fields]) => {
    const field = (name: string) => fields[fields.indexOf(name) + 1] ?? "";
    return { target: field("target"), reason: field("reason"), text: String((JSON.parse(field("cmd")) as { text?: string }).text) };
  });
}

for (const [server, ircd, by] of [
  ["InspIRCd with echo-message and labeled-response", "inspircd-ircv3", "echo"],
  ["InspIRCd without IRCv3 (the PING fence)", "inspircd-nofakelag", "ping"],
] as const) {
  describe(`confirming each line on ${server}`, () => {
    const stack = new Stack({ webhooks: { "tell.ts": TELL_WEBHOOK }, ircd, env: { OUTBOX_MAX_ATTEMPTS: "1" } });
    after(() => stack.stop());

    it(`confirms lines by ${by === "echo" ? "their echo, a refusal naming its exact entry" : "PING fences"}`, async () => {
      await stack.start();
      const gateway = stack.gateways[0]!;
      const posts = [
        { target: stack.channel, text: "first, delivered" },
        ...(by === "echo" ? [{ target: stack.channel, text: "a forbidden word" }] : []), // m_filter: 404 for this message only
        { target: "nobody-here", text: "to a nick that is not online" }, // 401
        { target: stack.channel, text: "last, delivered" },
      ];
      for (const body of posts) assert.equal((await post(`${gateway.url}/tell`, body)).status, 200);

      await stack.observer.waitForMessage(stack.channel, "last, delivered");
      const expectedDead = posts.length - 2;
      await waitUntil("the refused entries dead-lettered", async () => (await deadLetters(stack)).length === expectedDead, 20_000);
      const dead = await deadLetters(stack);
      assert.deepEqual(dead.map(({ text }) => text).sort(), posts.filter((p) => !/delivered/.test(p.text)).map((p) => p.text).sort());
      assert.ok(dead.some(({ target, reason }) => target === "nobody-here" && /No such nick/.test(reason)));
      if (by === "echo") {
        // Same channel, same batch: only the refused entry is dead; its neighbours were delivered once, not retried.
        assert.ok(dead.some(({ target, reason }) => target === stack.channel && /blocked: no forbidden words/.test(reason)));
      }
      assert.deepEqual(stack.observer.messages(stack.channel).filter((text) => /delivered/.test(text)), ["first, delivered", "last, delivered"]);

      await waitUntil("every line confirmed", async () => {
        const counts = await confirmedLines(stack);
        return counts.echo + counts.ping >= posts.length;
      }, 20_000);
      const counts = await confirmedLines(stack);
      console.log(`lines confirmed on ${server}: by echo ${counts.echo}, by PING fence ${counts.ping}`);
      assert.deepEqual(counts, by === "echo" ? { echo: posts.length, ping: 0 } : { echo: 0, ping: posts.length });
    });
  });
}
