import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Stack, waitUntil, whoisAccount, type ServicesNetwork } from "../harness/index.js";
import { MEMBERS_CHANNEL, startRefusedBot, startServicesStack } from "./network-fixtures.js";

const ACCOUNT = "helgabot";
const PASSWORD = "ns-pass-1";

describe("NickServ IDENTIFY against Atheme (NICKSERV_PASSWORD)", () => {
  const stack = new Stack({ ircd: "inspircd-atheme" });
  let network: ServicesNetwork;
  before(async () => {
    network = await startServicesStack(stack, ACCOUNT, PASSWORD);
  });
  after(() => stack.stop());

  it("identifies before it joins: NickServ's answer is read, WHOIS shows the account, the +R channel lets it in", async () => {
    const bot = await stack.startBot({ NICKSERV_PASSWORD: PASSWORD, CHANNELS: `${stack.channel},${MEMBERS_CHANNEL}` });
    await waitUntil(`the bot in ${MEMBERS_CHANNEL}`, async () => (await stack.observer.names(MEMBERS_CHANNEL)).includes(ACCOUNT), 10_000);
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), ACCOUNT);
    const msgs = bot.logs().map((line) => line.msg);
    assert.ok(msgs.indexOf("irc identifying to NickServ") < msgs.indexOf("irc logged in to services"));
    assert.ok(!bot.logs().some((line) => line.msg === "irc server refused a line"), "no 477: the JOIN came after the login");
    await bot.stop();
  });

  it("a wrong password: one error quoting NickServ, not ready, not in the channel, counted", async () => {
    const { bot, adminPort } = await startRefusedBot(stack, network, ACCOUNT, { NICKSERV_PASSWORD: "wrong-pass-2" });
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
