import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IrcByteTap, post, Stack, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const BURST = 200;

/**
 * InspIRCd with Debian's connect-class limits and fakelag off disconnects a client that
 * floods ("Excess Flood"), as many networks do. The bot runs with its default flood
 * control (RATE_LIMIT unset) and must get a 200-line burst through without being kicked.
 */
describe("a 200-message burst to one channel on a server that kicks flooders", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, ircd: "inspircd", env: { RATE_LIMIT: "" } });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("control: the server disconnects a raw client that sends 200 PRIVMSGs at once", async () => {
    const flooder = new IrcByteTap("flooder", stack.ircd.host, stack.ircd.port);
    await flooder.connect(["#flood-control"]);
    flooder.sendRaw(Array.from({ length: BURST }, (_, i) => `PRIVMSG #flood-control :flood ${i}\r\n`).join(""));
    const error = await waitUntil("the flooder to be disconnected", () => flooder.text().find((line) => line.startsWith("ERROR")), 10_000);
    assert.match(error, /Excess Flood/);
    flooder.close();
  });

  it("delivers all 200 in order without a flood disconnect, and prints the send rate", { timeout: 420_000 }, async (t) => {
    const url = `${stack.gateways[0]!.url}/say/helga-test`;
    const logsBefore = stack.bot.logCount;
    const expected = Array.from({ length: BURST }, (_, i) => `flood ${i}`);
    for (const text of expected) {
      const response = await post(url, { text });
      assert.equal(response.status, 200, `${text}: ${response.text}`);
    }
    // The default pace (about a line a second after a short burst) needs a few minutes.
    await waitUntil(`all ${BURST} in the channel`, () => stack.observer.messages(stack.channel).length >= BURST || quitOf(stack) !== undefined, 360_000, 200);

    const times = stack.observer.lines.filter((line) => line.command === "PRIVMSG" && line.params[0] === stack.channel).map((line) => line.at);
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    t.diagnostic(`send rate: ${((times.length - 1) / seconds).toFixed(2)} lines/s (${times.length} lines in ${seconds.toFixed(1)} s)`);

    const quit = quitOf(stack);
    assert.equal(quit, undefined, `the bot was disconnected: ${quit ?? ""}`);
    const disconnected = stack.bot.logs().slice(logsBefore).find((line) => line.msg === "irc disconnected");
    assert.equal(disconnected, undefined, `the bot logged a disconnect: ${JSON.stringify(disconnected)}`);
    assert.deepEqual(stack.observer.messages(stack.channel), expected, "all 200 arrive once, in order");

  });
});

/** The bot's QUIT as the observer saw it, if any. */
function quitOf(stack: Stack): string | undefined {
  return stack.observer.lines.find((line) => line.command === "QUIT" && line.from?.startsWith("helgabot"))?.raw;
}
