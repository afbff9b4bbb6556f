import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { duplicateCount, Stack, startPosting, waitUntil } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

/** A webhook's own `db`: it must find the master through the Sentinels too. */
const COUNT_WEBHOOK = `
import { db, route } from "@helga/gateway";
export default route("/count$", async () => String(await db.incr("hits")));
`;

/** Enough before the kill to be a steady stream, and enough after it to show service is back. */
const BEFORE_KILL = 100;
const AFTER_FAILOVER = 100;

// InspIRCd without fakelag: the delivered lines are counted, not paced (ngircd would take minutes).
describe("the Redis master SIGKILLed during a steady stream of webhooks (Sentinel, REDIS_MIN_REPLICAS=1)", () => {
  const stack = new Stack({
    webhooks: { "say.ts": SAY_WEBHOOK, "count.ts": COUNT_WEBHOOK },
    ircd: "inspircd-nofakelag",
    sentinel: true,
    // The bot's lease must outlast a failover, or the bot steps down while Redis moves.
    env: { REDIS_MIN_REPLICAS: "1", REDIS_REPLICA_TIMEOUT: "500", BOT_LEASE_MS: "20000" },
  });
  before(() => stack.start(1));
  after(() => stack.stop());

  it("delivers every 2xx, answers the rest 503 with Retry-After, and resumes with nothing restarted", { timeout: 90_000 }, async (t) => {
    const sentinel = stack.sentinel!;
    const gateway = stack.gateways[0]!;
    const pids = { bot: stack.bot.process.pid, gateway: gateway.process.pid };
    const count = async () => (await fetch(`${gateway.url}/count`)).text();
    assert.equal(await count(), "1");
    let stopPosting = false;
    let next = 0;
    const run = startPosting(`${gateway.url}/say/helga-test`, () => (stopPosting || next >= 5_000 ? undefined : `m ${next++}`), 2, 15_000, 10);

    await waitUntil(`${BEFORE_KILL} acknowledged`, () => run.acknowledged >= BEFORE_KILL, 20_000);
    const killedAt = Date.now();
    await sentinel.master.process.stop("SIGKILL");
    const replicaPorts = sentinel.replicas.map((replica) => replica.port);
    await waitUntil("the Sentinels to promote a replica", async () => replicaPorts.includes(await sentinel.currentMasterPort()), 30_000, 100);
    const promotedAfter = (Date.now() - killedAt) / 1000;
    const acknowledgedSinceKill = () => run.results.filter((p) => p.sentAt > killedAt && p.status >= 200 && p.status < 300).length;
    await waitUntil(`${AFTER_FAILOVER} acknowledged after the kill`, () => acknowledgedSinceKill() >= AFTER_FAILOVER, 30_000).catch((error: Error) => {
      const last = run.results.slice(-5).map((p) => `${p.status} ${p.body}`);
      throw new Error(`${error.message}; last answers: ${last.join(" | ")}\n--- gateway:\n${gateway.process.tail(15)}`);
    });
    stopPosting = true;
    const posted = await run.done;

    const accepted = posted.filter((p) => p.status >= 200 && p.status < 300);
    const refused = posted.filter((p) => !(p.status >= 200 && p.status < 300));
    assert.deepEqual(refused.filter((p) => p.status !== 503).map((p) => `${p.text}: ${p.status} ${p.body}`), [], "the rest got 503, none hung or failed otherwise");
    assert.deepEqual(refused.filter((p) => p.retryAfter === null).map((p) => p.text), [], "every 503 carries Retry-After");
    assert.ok(refused.length > 0, "the kill was felt: some requests were refused");
    const lastRefusedSent = Math.max(...refused.map((p) => p.sentAt));
    const resumed = Math.min(...accepted.filter((p) => p.sentAt > lastRefusedSent).map((p) => p.doneAt));
    const slowest503 = Math.max(...refused.map((p) => p.doneAt - p.sentAt));
    t.diagnostic(`posted ${posted.length}: ${accepted.length} answered 2xx, ${refused.length} answered 503 (slowest 503 took ${slowest503} ms)`);
    t.diagnostic(`replica promoted ${promotedAfter.toFixed(1)} s after the kill; webhooks answered 2xx again ${((resumed - killedAt) / 1000).toFixed(1)} s after the kill`);

    const want = new Set(accepted.map((p) => p.text));
    const delivered = await waitUntil(`all ${want.size} acknowledged messages in the channel`, () => {
      const messages = stack.observer.messages(stack.channel);
      const seen = new Set(messages);
      return [...want].every((text) => seen.has(text)) ? messages : undefined;
    }, 30_000).catch((error: Error) => {
      const seen = new Set(stack.observer.messages(stack.channel));
      const missing = [...want].filter((text) => !seen.has(text));
      throw new Error(`${error.message}; ${missing.length} acknowledged but missing, first: ${missing.slice(0, 10).join(", ")}`);
    });
    const texts = new Set(posted.map((p) => p.text));
    assert.deepEqual(delivered.filter((text) => !texts.has(text)), [], "only posted texts reach the channel");
    const refusedDelivered = refused.filter((p) => delivered.includes(p.text)).length;
    t.diagnostic(`duplicates: ${duplicateCount(delivered)}; refused (503) but delivered anyway: ${refusedDelivered}`);

    assert.equal(await count(), "2", "the webhook's db followed the master: its data survived the failover");
    assert.equal(stack.bot.process.pid, pids.bot);
    assert.equal(gateway.process.pid, pids.gateway);
    assert.ok(stack.bot.process.running && gateway.process.running, "neither service restarted or exited");
  });
});
