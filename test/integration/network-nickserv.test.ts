import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freePort, Service, Stack, waitUntil, whoisAccount, type ServicesNetwork } from "../harness/index.js";

const ACCOUNT = "helgabot";
const PASSWORD = "ns-pass-1";

describe("NickServ IDENTIFY against Atheme (NICKSERV_PASSWORD)", () => {
  const stack = new Stack({ ircd: "inspircd-atheme" });
  let network: ServicesNetwork;
  before(async () => {
    await stack.startInfrastructure();
    network = stack.network!;
    await network.registerAccount(ACCOUNT, PASSWORD);
    await stack.observer.join("#members");
    stack.observer.send("MODE #members +R");
  });
  after(() => stack.stop());

  it("identifies before it joins: NickServ's answer is read, WHOIS shows the account, the +R channel lets it in", async () => {
    const bot = await stack.startBot({ NICKSERV_PASSWORD: PASSWORD, CHANNELS: `${stack.channel},#members` });
    await waitUntil("the bot in #members", async () => (await stack.observer.names("#members")).includes(ACCOUNT), 10_000);
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), ACCOUNT);
    const msgs = bot.logs().map((line) => line.msg);
    assert.ok(msgs.indexOf("irc identifying to NickServ") < msgs.indexOf("irc logged in to services"));
    assert.ok(!bot.logs().some((line) => line.msg === "irc server refused a line"), "no 477: the JOIN came after the login");
    await bot.stop();
  });

  it("a wrong password: one error quoting NickServ, not ready, not in the channel, counted", async () => {
    const adminPort = await freePort();
    const bot = new Service("bot", {
      REDIS_URL: stack.redis.url, SERVER_HOST: network.host, SERVER_PORT: String(network.port), NICK: ACCOUNT, CHANNELS: stack.channel,
      NICKSERV_PASSWORD: "wrong-pass-2", ADMIN_PORT: String(adminPort),
    }).start();
    stack.services.push(bot);
    const failure = await bot.waitForLog(/^NickServ IDENTIFY failed for account helgabot/, 15_000);
    assert.equal(failure.msg, 'NickServ IDENTIFY failed for account helgabot: "Invalid password for helgabot."');
    assert.equal(failure.level, 50);
    assert.ok(!bot.process.output.join("\n").includes("wrong-pass-2"), "the password is never logged");
    assert.equal((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status, 503);
    const metrics = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    assert.match(metrics, /helga_bot_irc_login_failures_total\{[^}]*method="nickserv"[^}]*\} 1/);
    assert.ok(!(await stack.observer.names(stack.channel)).includes(ACCOUNT), "never joined unidentified");
    const retry = await bot.waitForLog("irc reconnecting");
    assert.ok(Number(retry.delayMs) >= 15_000, `the retry waits the login backoff, not ${String(retry.delayMs)} ms`);
  });
});
