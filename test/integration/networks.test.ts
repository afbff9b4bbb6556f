import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IrcObserver, post, Stack, startNgircd, waitUntil, type IrcServer, type Service } from "../harness/index.js";
import { NETWORK_WEBHOOK, SAY_WEBHOOK } from "./fixtures.js";

const LINES = 4;
const NICKSERV_PASSWORD = "n1ckserv-s3cret";

/**
 * Two ngircd servers as two networks from one deployment: the default network's bot and a
 * bot started with NETWORK=oftc share one Redis and one gateway. Each server's observer
 * must see exactly its own network's lines.
 */
describe("two IRC networks from one deployment", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK, "net.ts": NETWORK_WEBHOOK } });
  let oftcIrcd: IrcServer;
  let oftcObserver: IrcObserver;
  let nickHolder: IrcObserver;
  let oftcBot: Service;

  before(async () => {
    await stack.startInfrastructure();
    await stack.startBot();
    oftcIrcd = await startNgircd();
    oftcObserver = new IrcObserver(stack.observerNick, oftcIrcd.host, oftcIrcd.port);
    await oftcObserver.connect([stack.channel]);
    // Someone holds the bot's nick on oftc (outside its channels): the bot signs on as helgabot_ and must take it back.
    nickHolder = new IrcObserver("helgabot", oftcIrcd.host, oftcIrcd.port);
    await nickHolder.connect();
    oftcBot = await stack.startBot({
      NETWORK: "oftc",
      SERVER_HOST: oftcIrcd.host,
      SERVER_PORT: String(oftcIrcd.port),
      NICK_RECOVERY_INTERVAL: "1",
      NICKSERV_PASSWORD: NICKSERV_PASSWORD,
    });
    await stack.startGateway();
  });
  after(async () => {
    oftcObserver?.close();
    nickHolder?.close();
    await stack.stop();
    await oftcIrcd?.stop();
  });

  it("each network gets its own lines and nothing crosses", { timeout: 60_000 }, async (t) => {
    const gateway = stack.gateways[0]!.url;
    for (let i = 0; i < LINES; i++) {
      for (const [path, text] of [["say/helga-test", `default ${i}`], ["net/oftc/helga-test", `oftc ${i}`], ["net/default/helga-test", `default again ${i}`]] as const) {
        const response = await post(`${gateway}/${path}`, { text });
        assert.equal(response.status, 200, `${path}: ${response.text}`);
      }
    }
    const onDefault = await stack.observer.waitForMessages(stack.channel, 2 * LINES);
    const onOftc = await oftcObserver.waitForMessages(stack.channel, LINES);
    const expectedDefault = Array.from({ length: LINES }, (_, i) => [`default ${i}`, `default again ${i}`]).flat();
    assert.deepEqual(onOftc, Array.from({ length: LINES }, (_, i) => `oftc ${i}`));
    assert.deepEqual(onDefault, expectedDefault);
    t.diagnostic(`default network: ${onDefault.length} lines; oftc: ${onOftc.length} lines; none crossed`);
  });

  it("an unknown network is a 500, and the gateway's log names it and the known ones", { timeout: 30_000 }, async () => {
    const gateway = stack.gateways[0]!;
    const response = await post(`${gateway.url}/net/libera/helga-test`, { text: "nowhere" });
    assert.equal(response.status, 500);
    const logged = await gateway.waitForLog("webhook handler failed", 10_000);
    assert.match(JSON.stringify(logged), /Unknown IRC network \\"libera\\": no bot with NETWORK=libera has started \(known: default, oftc\)/);
  });

  it("the oftc bot takes its nick back once it frees, and answers status for its own network", { timeout: 30_000 }, async () => {
    const since = oftcObserver.lines.length;
    nickHolder.close();
    await waitUntil("the oftc bot to become helgabot again", () =>
      oftcObserver.lines.slice(since).some((line) => line.command === "NICK" && line.from === "helgabot_" && line.params[0] === "helgabot"), 15_000);
    oftcObserver.say(stack.channel, "!webhooks status");
    const status = await oftcObserver.waitForMessage(stack.channel, /^IRC \(oftc\): /, 15_000);
    assert.match(status, /^IRC \(oftc\): connected as helgabot in #helga-test; webhooks: on; gateways: 1 live; outbox: 0 queued/);
    assert.equal(oftcBot.logs().some((line) => line.msg === "irc reclaiming the configured nick"), true);
  });

  it("identified to NickServ without ever logging the password", () => {
    // ngircd has no NickServ: the IDENTIFY is refused (401), which is as much of it as the logs may show.
    assert.ok(oftcBot.logs().some((line) => line.msg === "irc identifying to NickServ" && line.account === "helgabot"));
    assert.ok(!oftcBot.process.output.some((line) => line.includes(NICKSERV_PASSWORD)), "the password appears in the bot's output");
  });
});
