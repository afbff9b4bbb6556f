import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sleep, Stack, waitUntil } from "../harness/index.js";
import { startServicesStack } from "./network-fixtures.js";

const NICK = "helgabot";

describe("nick recovery against services that enforce a registered nick (Atheme ENFORCE, InspIRCd SVSHOLD)", () => {
  const stack = new Stack({ ircd: "inspircd-atheme" });
  before(() => startServicesStack(stack, NICK, "owner-pass-1", { enforce: true }));
  after(() => stack.stop());

  it("logs the reservation once and stops reclaiming, instead of fighting services every NICK_RECOVERY_INTERVAL", async () => {
    // The bot has no login for the account that owns its NICK: services take the nick away.
    const bot = await stack.startBot({ NICK_RECOVERY_INTERVAL: "1" });
    const renamed = await bot.waitForLog("irc nick is reserved by services for an account we are not logged in to; not reclaiming it until the login succeeds", 20_000);
    assert.equal(renamed.level, 40, "a warning");
    const reclaims = () => bot.logs().filter((line) => line.msg === "irc reclaiming the configured nick").length;
    const before = reclaims();
    await sleep(5_000); // five NICK_RECOVERY_INTERVALs
    assert.equal(reclaims(), before, "no more NICK attempts while services hold the nick");
    assert.equal(bot.logs().filter((line) => /reserved by services/.test(String(line.msg))).length, 1, "logged once");
    const names = await waitUntil("the bot in the channel under its fallback nick", async () => (await stack.observer.names(stack.channel)).find((name) => name !== stack.observerNick));
    assert.notEqual(names.toLowerCase(), NICK, "services hold the configured nick");
  });
});
