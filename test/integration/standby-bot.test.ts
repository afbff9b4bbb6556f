import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { duplicateCount, fromList, Stack, startPosting, waitUntil, type Service } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const LEASE_MS = 2_000;
const BURST = 300;

// Each replica gets its own nick, so the observer can tell which one wrote a line. The bot's own
// flood control paces the burst (100 lines/s) so it is still going when a replica is stopped;
// InspIRCd without fakelag adds no pacing of its own.
describe("two bot replicas: one active by a lease in Redis, the other a standby", () => {
  const stack = new Stack({
    webhooks: { "say.ts": SAY_WEBHOOK },
    ircd: "inspircd-nofakelag",
    env: { BOT_LEASE_MS: String(LEASE_MS), RATE_LIMIT: "0.01", FLOOD_BURST: "4" },
  });
  const nick = { a: "helgaA", b: "helgaB", c: "helgaC" };
  let stopped: Service | undefined;
  before(async () => {
    await stack.startInfrastructure();
    await stack.startBot({ BOT_ID: "bot-a", NICK: nick.a });
    await stack.startGateway();
  });
  after(async () => {
    if (stopped?.process.pid !== undefined && stopped.process.running) process.kill(stopped.process.pid, "SIGCONT");
    await stack.stop();
  });

  /** helga_bot_active from a replica's /metrics: 1 on the active one, 0 on a standby. */
  const activeMetric = async (bot: Service) => {
    const text = await (await fetch(`http://127.0.0.1:${bot.env.ADMIN_PORT}/metrics`)).text();
    return Number(/^helga_bot_active\{[^}]*\} (\d+)$/m.exec(text)?.[1]);
  };
  const linesFrom = (who: string) => stack.observer.lines.filter((line) => line.command === "PRIVMSG" && line.from === who);

  async function burst(label: string) {
    const texts = Array.from({ length: BURST }, (_, i) => `${label} ${i}`);
    const run = startPosting(`${stack.gateways[0]!.url}/say/helga-test`, fromList(texts), 4);
    return { texts, run };
  }

  async function allDelivered(texts: readonly string[]): Promise<string[]> {
    return waitUntil(`all ${texts.length} messages in the channel`, () => {
      const seen = new Set(stack.observer.messages(stack.channel));
      return texts.every((text) => seen.has(text)) ? stack.observer.messages(stack.channel) : undefined;
    }, 30_000).catch((error: Error) => {
      const seen = new Set(stack.observer.messages(stack.channel));
      const missing = texts.filter((text) => !seen.has(text));
      throw new Error(`${error.message}; ${missing.length} missing, first: ${missing.slice(0, 10).join(", ")}`);
    });
  }

  it("SIGKILL of the active bot mid-burst: the standby takes over and nothing is lost", { timeout: 60_000 }, async (t) => {
    const active = stack.bot;
    const standby = await stack.startStandbyBot({ BOT_ID: "bot-b", NICK: nick.b });
    assert.deepEqual(linesFrom(nick.b), [], "the standby says nothing while the other holds the lease");
    assert.ok(!(await stack.observer.names(stack.channel)).includes(nick.b), "nor is it on IRC");
    assert.deepEqual([await activeMetric(active), await activeMetric(standby)], [1, 0], "/metrics says which replica is active");

    const { texts, run } = await burst("kill");
    await waitUntil("100 lines from the active bot", () => linesFrom(nick.a).length >= 100, 20_000, 5);
    const killedAt = Date.now();
    await active.stop("SIGKILL");
    const acquired = await standby.waitForLog("bot lease acquired: this replica is active", LEASE_MS + 10_000);
    const firstLine = await waitUntil("a line from the new active bot", () => linesFrom(nick.b)[0], 20_000, 5);
    const posted = await run.done;
    assert.deepEqual(posted.filter((p) => p.status !== 200).map((p) => `${p.text}: ${p.status}`), [], "gateways accept throughout");

    const delivered = await allDelivered(texts);
    t.diagnostic(`takeover: lease acquired ${((Number(acquired.time) - killedAt) / 1000).toFixed(2)} s after the SIGKILL (BOT_LEASE_MS=${LEASE_MS}); first line from the standby ${((firstLine.at - killedAt) / 1000).toFixed(2)} s after it`);
    t.diagnostic(`${linesFrom(nick.a).length} lines from the killed bot, ${linesFrom(nick.b).length} from the standby; duplicates: ${duplicateCount(delivered)}`);
    assert.ok(linesFrom(nick.b).length > 0);
    assert.equal(await activeMetric(standby), 1);
    stack.observer.say(stack.channel, "!webhooks status");
    await stack.observer.waitForMessage(stack.channel, /; active bot: bot-b \(lease token 2\)$/);
    stack.bot = standby;
  });

  it("SIGSTOP past its lease, then SIGCONT: the paused bot sends not one line more and steps down", { timeout: 60_000 }, async (t) => {
    const active = stack.bot;
    const standby = await stack.startStandbyBot({ BOT_ID: "bot-c", NICK: nick.c });
    const before = linesFrom(nick.b).length;

    const { texts, run } = await burst("stop");
    await waitUntil("50 lines of this burst from the active bot", () => linesFrom(nick.b).length >= before + 50, 20_000, 5);
    const pid = active.process.pid!;
    process.kill(pid, "SIGSTOP");
    stopped = active;
    const stoppedAt = Date.now();
    await standby.waitForLog("bot lease acquired: this replica is active", LEASE_MS + 10_000);
    await waitUntil("the new active bot to deliver 50 lines", () => linesFrom(nick.c).length >= 50, 20_000, 5);
    const resumedAt = Date.now();
    process.kill(pid, "SIGCONT");
    stopped = undefined;

    const code = await active.process.exitCode(10_000);
    assert.equal(code, 75, "it steps down by exiting (EX_TEMPFAIL) for its orchestrator to restart it as a standby");
    assert.ok(active.logs().some((line) => line.msg === "bot lease lost: stepping down"), "it says why");
    const posted = await run.done;
    assert.deepEqual(posted.filter((p) => p.status !== 200).map((p) => `${p.text}: ${p.status}`), [], "gateways accept throughout");
    const delivered = await allDelivered(texts);
    const late = linesFrom(nick.b).filter((line) => line.at >= resumedAt);
    t.diagnostic(`paused ${((resumedAt - stoppedAt) / 1000).toFixed(1)} s (BOT_LEASE_MS=${LEASE_MS}); lines from the paused bot after SIGCONT: ${late.length}; duplicates: ${duplicateCount(delivered)}`);
    const sentLog = (text: string) => active.logs().filter((line) => line.msg === "outbox command sent" || line.msg === "bot lease lost: stepping down").slice(-3).map((line) => `${String(line.time)} ${String(line.msg)}`);
    assert.deepEqual(late.map((line) => `${line.raw} at ${line.at}; stopped ${stoppedAt}, resumed ${resumedAt}; ${sentLog(line.raw).join(" | ")}`), [], "no line from the paused bot after it woke up");
    stack.bot = standby;
  });
});
