import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { duplicateCount, post, Stack, TcpRelay, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const MESSAGES = 20;
const PING_INTERVAL_S = 1;
const PING_TIMEOUT_S = 2;
/**
 * ngircd reads a fast client's lines at about 3 a second and answers nothing meanwhile, so
 * a PING behind a long unpaced burst comes back late; the bot's flood control (here 2.5
 * lines/s) keeps it prompt, as IRC_PING_TIMEOUT needs.
 */
const RATE_LIMIT = "0.4";
/** Noticed within the configured time: a PING after IRC_PING_INTERVAL of quiet, dead IRC_PING_TIMEOUT later; plus polling slack. */
const DETECT_WITHIN_MS = (PING_INTERVAL_S + PING_TIMEOUT_S) * 1000 + 1_500;

/**
 * The network path to the IRC server goes dark without closing (a frozen server, a cut, a
 * NAT that dropped the flow): a relay between bot and ngircd keeps both sockets open and
 * drops every byte. The kernel still takes the bot's writes, so only the server's answer to a
 * PING can tell which lines were read. Every message accepted with a 2xx must still arrive,
 * in order, once the path is back.
 */
describe("the IRC connection goes into a black hole mid-traffic", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK } });
  let relay: TcpRelay;
  before(async () => {
    await stack.startInfrastructure();
    relay = await TcpRelay.start(stack.ircd.host, stack.ircd.port);
    await stack.startBot({ SERVER_PORT: String(relay.port), IRC_PING_INTERVAL: String(PING_INTERVAL_S), IRC_PING_TIMEOUT: String(PING_TIMEOUT_S), RATE_LIMIT });
    await stack.startGateway();
  });
  after(async () => {
    await relay?.close();
    await stack.stop();
  });

  it("the bot notices, reconnects once the path is back, and delivers every accepted message in order", { timeout: 120_000 }, async (t) => {
    const url = `${stack.gateways[0]!.url}/say/helga-test`;
    assert.equal((await post(url, { text: "through the relay" })).status, 200);
    await stack.observer.waitForMessage(stack.channel, "through the relay");

    const logsBefore = stack.bot.logCount;
    relay.blackHole();
    const cutAt = Date.now();
    const expected = Array.from({ length: MESSAGES }, (_, i) => `into the dark ${i}`);
    for (const text of expected) {
      const response = await post(url, { text });
      assert.equal(response.status, 200, `${text}: ${response.text}`);
    }

    // Measure first, assert after: the same test run against older code reports what it lost.
    const detectedAt = await waitUntil("the bot to notice the dead connection", () =>
      stack.bot.logs().slice(logsBefore).some((line) => line.msg === "irc disconnected") ? Date.now() : undefined, DETECT_WITHIN_MS, 20,
    ).catch(() => undefined);
    const detectionMs = detectedAt === undefined ? undefined : detectedAt - cutAt;
    relay.forward();
    const seen = () => stack.observer.messages(stack.channel).filter((text) => text.startsWith("into the dark"));
    await waitUntil(`all ${MESSAGES} after the path is back`, () => new Set(seen()).size >= MESSAGES, 30_000).catch(() => undefined);
    const delivered = seen();
    const arrived = new Set(delivered).size;
    const resent = await metric(stack, "helga_bot_resent_total");
    t.diagnostic(`dead connection noticed after ${detectionMs === undefined ? `more than ${DETECT_WITHIN_MS}` : detectionMs} ms (IRC_PING_INTERVAL ${PING_INTERVAL_S} s, IRC_PING_TIMEOUT ${PING_TIMEOUT_S} s)`);
    t.diagnostic(`arrived ${arrived} of ${MESSAGES}, lost ${MESSAGES - arrived}, duplicates seen ${duplicateCount(delivered)}, helga_bot_resent_total ${resent ?? "n/a"}`);

    assert.ok(detectionMs !== undefined, `the dead connection was not noticed within ${DETECT_WITHIN_MS} ms`);
    assert.deepEqual([...new Set(delivered)], expected, "every accepted message arrives, in the order posted");
    assert.ok(relay.connections >= 2, "the bot reconnected through the relay");
    assert.ok(duplicateCount(delivered) <= (resent ?? 0), "a message shows twice only when it was counted as re-sent");
  });
});

/** One counter from the bot's /metrics, or undefined when it has none by that name. */
async function metric(stack: Stack, name: string): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${stack.bot.env.ADMIN_PORT}/metrics`);
  const line = (await response.text()).split("\n").find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}
