import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { redisKeys } from "@helga/shared";
import { IrcObserver, post, Stack, waitUntil, whoisAccount, type ServicesNetwork } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";
import { MEMBERS_CHANNEL, startRefusedBot, startServicesStack } from "./network-fixtures.js";

const ACCOUNT = "helgabot";
const PASSWORD = "right-pass-1";
const CONSOLE = { user: "admin", password: "console-pass-1" };

/** Asks NickServ (as the observer, logged in to the bot's account) and waits for its answer. */
async function nickServ(observer: IrcObserver, command: string, answer: RegExp): Promise<void> {
  const start = observer.lines.length;
  observer.say("NickServ", command);
  await waitUntil(`NickServ to answer ${command.split(" ")[0]}`, () =>
    observer.lines.slice(start).some((line) => line.from === "NickServ" && answer.test(line.params[1] ?? "")));
}

describe("SASL PLAIN against Atheme (InspIRCd + Atheme, real accounts)", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, ircd: "inspircd-atheme", env: { CONSOLE_CREDENTIALS: `${CONSOLE.user}:${CONSOLE.password}` } });
  let network: ServicesNetwork;
  before(async () => {
    network = await startServicesStack(stack, ACCOUNT, PASSWORD);
  });
  after(() => stack.stop());

  it("logs in before it joins: WHOIS shows the account (330), and the +R channel lets it in", async (t) => {
    const bot = await stack.startBot({ SASL_USERNAME: ACCOUNT, SASL_PASSWORD: PASSWORD, CHANNELS: `${stack.channel},${MEMBERS_CHANNEL}` });
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), ACCOUNT);
    const logs = bot.logs();
    const loggedIn = logs.findIndex((line) => line.msg === "irc logged in to services");
    const registered = logs.findIndex((line) => line.msg === "irc registered");
    assert.ok(loggedIn >= 0 && loggedIn < registered, "SASL's 900 comes before the welcome, so before any JOIN");
    await waitUntil(`the bot in ${MEMBERS_CHANNEL}`, async () => (await stack.observer.names(MEMBERS_CHANNEL)).includes(ACCOUNT), 10_000);
    const at = (msg: string) => Number(logs.find((line) => line.msg === msg)?.time);
    const joined = stack.observer.lines.find((line) => line.command === "JOIN" && line.from === ACCOUNT)?.at ?? NaN;
    const start = at("irc connecting");
    t.diagnostic(`signon-to-join with SASL PLAIN: ${joined - start} ms from connecting to the observer seeing the JOIN ` +
      `(logged in at +${at("irc logged in to services") - start} ms, welcomed at +${at("irc registered") - start} ms)`);
    // The control: a client without an account is refused by the same channel (477).
    const guest = new IrcObserver("guest", network.host, network.port);
    await guest.connect();
    guest.send(`JOIN ${MEMBERS_CHANNEL}`);
    await waitUntil("477 for the guest", () => guest.lines.some((line) => line.command === "477"));
    guest.close();
  });

  it("a wrong password: one clear error, not ready, 'SASL failed' in state and console, counted, retried with backoff, nothing lost", async () => {
    await stack.bot.stop();
    await nickServ(stack.observer, `IDENTIFY ${ACCOUNT} ${PASSWORD}`, /identified/);
    await nickServ(stack.observer, "SET PASSWORD other-pass-2", /changed/);
    const gateway = await stack.startGateway();
    const { bot, adminPort } = await startRefusedBot(stack, network, ACCOUNT, { SASL_USERNAME: ACCOUNT, SASL_PASSWORD: PASSWORD });

    const failure = await bot.waitForLog(/^SASL failed for account helgabot/, 15_000);
    assert.equal(failure.level, 50, "logged at error level");
    assert.ok(!bot.process.output.join("\n").includes(PASSWORD), "the password is never logged");
    const readyz = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
    assert.equal(readyz.status, 503);
    const metrics = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    assert.match(metrics, /helga_bot_irc_login_failures_total\{[^}]*method="sasl"[^}]*\} 1/);
    const state = await waitUntil("the state to carry the problem", async () => {
      const json = await stack.redis.client.get(redisKeys(undefined, undefined).botState);
      const parsed = json ? (JSON.parse(json) as { problem?: string; connected: boolean }) : undefined;
      return parsed?.problem ? parsed : undefined;
    });
    assert.match(state.problem ?? "", /SASL failed for account helgabot/);
    assert.equal(state.connected, false, "never signed on unauthenticated");
    const auth = `Basic ${Buffer.from(`${CONSOLE.user}:${CONSOLE.password}`).toString("base64")}`;
    const page = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/console`, { headers: { authorization: auth } })).text();
    assert.match(page, /SASL failed for account helgabot/);

    const queued = await post(`${gateway.url}/say/helga-test`, { text: "queued while SASL fails" });
    assert.equal(queued.status, 200);
    const retry = await bot.waitForLog("irc reconnecting");
    assert.ok(Number(retry.delayMs) >= 15_000, `the retry waits the login backoff, not ${String(retry.delayMs)} ms`);
    assert.equal(bot.logs().filter((line) => /^SASL failed/.test(String(line.msg))).length, 1, "no tight loop: one failure so far");
    assert.ok(!(await stack.observer.names(stack.channel)).includes(ACCOUNT));

    await nickServ(stack.observer, `SET PASSWORD ${PASSWORD}`, /changed/);
    assert.equal(await stack.observer.waitForMessage(stack.channel, "queued while SASL fails", 45_000), "queued while SASL fails");
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), ACCOUNT);
    assert.equal((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status, 200);
  });
});
