import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IrcObserver, post, Stack, startNgircd, waitUntil, type IrcServer, type LogLine } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const PING_INTERVAL_S = 1;
const PING_TIMEOUT_S = 3;
/** Slack for a loaded test machine on top of the configured interval + timeout. */
const SLACK_MS = 3_000;

const timeOf = (line: LogLine) => (typeof line.time === "number" ? line.time : Date.now());

/**
 * SERVER_HOST names two ngircd servers. The first one is frozen with SIGSTOP: its socket
 * stays open and silent, as a hung server or a cut network looks. The bot must notice
 * within the configured PING timeout, move to the second server and deliver there, and
 * a restarted bot must go straight to the server that worked last.
 */
describe("failover between the servers of SERVER_HOST", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK } });
  let second: IrcServer;
  let secondObserver: IrcObserver;
  let frozenPid: number | undefined;
  let servers: string;

  before(async () => {
    await stack.startInfrastructure();
    second = await startNgircd();
    secondObserver = new IrcObserver(stack.observerNick, second.host, second.port);
    await secondObserver.connect([stack.channel]);
    servers = `${stack.ircd.host}:${stack.ircd.port},${second.host}:${second.port}`;
    await stack.startBot({ SERVER_HOST: servers, IRC_PING_INTERVAL: String(PING_INTERVAL_S), IRC_PING_TIMEOUT: String(PING_TIMEOUT_S) });
    await stack.startGateway();
  });
  after(async () => {
    if (frozenPid !== undefined) process.kill(frozenPid, "SIGCONT");
    secondObserver?.close();
    await stack.stop();
    await second?.stop();
  });

  it("a frozen server is noticed within the PING timeout and the bot delivers through the next one", { timeout: 60_000 }, async (t) => {
    const url = `${stack.gateways[0]!.url}/say/helga-test`;
    assert.equal((await post(url, { text: "through the first" })).status, 200);
    await stack.observer.waitForMessage(stack.channel, "through the first", 15_000);

    const since = stack.bot.logCount;
    frozenPid = stack.ircd.process.pid;
    assert.ok(frozenPid !== undefined);
    const frozenAt = Date.now();
    process.kill(frozenPid, "SIGSTOP");
    assert.equal((await post(url, { text: "through the second" })).status, 200, "the gateway queues while IRC is down");

    const moved = await stack.bot.waitForLog("irc moving to the next server", 30_000, since);
    const detectedMs = timeOf(moved) - frozenAt;
    await secondObserver.waitForMessage(stack.channel, "through the second", 30_000);
    const deliveredMs = Date.now() - frozenAt;
    t.diagnostic(`frozen server noticed after ${detectedMs} ms (IRC_PING_INTERVAL=${PING_INTERVAL_S} s, IRC_PING_TIMEOUT=${PING_TIMEOUT_S} s); line delivered through the second server after ${deliveredMs} ms`);
    assert.ok(detectedMs <= (PING_INTERVAL_S + PING_TIMEOUT_S) * 1000 + SLACK_MS, `noticed after ${detectedMs} ms`);
    assert.equal(moved.to, `${second.host}:${second.port}`);
    assert.equal(await stack.redis.client.get("helga:bot:last-server"), `${second.host}:${second.port}`, "the last good server is remembered");
  });

  it("a restarted bot tries the last good server first", { timeout: 60_000 }, async () => {
    await stack.bot.stop("SIGTERM");
    const restarted = await stack.startBot({ SERVER_HOST: servers, IRC_PING_INTERVAL: String(PING_INTERVAL_S), IRC_PING_TIMEOUT: String(PING_TIMEOUT_S) });
    const connecting = restarted.logs().filter((line) => line.msg === "irc connecting");
    assert.deepEqual(connecting.map((line) => `${String(line.host)}:${String(line.port)}`), [`${second.host}:${second.port}`], "straight to the second server, not the frozen first");
    await waitUntil("the bot's channel on the second server", async () => (await secondObserver.names(stack.channel)).includes("helgabot"), 15_000);
  });
});
