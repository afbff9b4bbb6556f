import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitUntil } from "../harness/index.js";
import { fencedLines, pauseActiveBot, type Pause } from "./faults.js";
import { NemesisCluster } from "./nemesis-cluster.js";
import { startOpenLoop } from "./open-loop.js";

const ROUNDS = Number(process.env.PAUSE_ROUNDS ?? 50);
/** Short, so a round takes seconds; not the shortest allowed, which a loaded machine's late renewals would lose on their own. */
const LEASE_MS = 2_000;

// The active bot is SIGSTOPped while it writes (a steady load keeps it writing), past its lease,
// so the standby takes over; then SIGCONT. Whatever it had in hand — a line checked but not yet
// handed to the kernel, a corked batch, a timer long overdue — must not reach the channel.
describe(`a bot paused past its lease and resumed, ${ROUNDS} times`, () => {
  const cluster = new NemesisCluster({ leaseMs: LEASE_MS, sentinel: false });
  before(() => cluster.start(1), { timeout: 60_000 });
  after(() => cluster.stop());

  it("writes not one line after SIGCONT, every time", { timeout: ROUNDS * 20_000 }, async (t) => {
    const load = startOpenLoop(() => cluster.stack.gateways.map((gateway) => gateway.url), 100);
    const pauses: Pause[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const active = await cluster.waitForActive();
      const standby = cluster.replicas.find((replica) => replica !== active)!;
      await cluster.waitForStandby(standby);
      const linesBefore = cluster.deliveries().length;
      await waitUntil("the active bot to be writing", () => cluster.deliveries().length > linesBefore + 5, 30_000, 5);
      const { pause } = await pauseActiveBot(cluster, LEASE_MS + 1_000);
      pauses.push(pause);
      assert.equal(await pause.run.process.exitCode(10_000), 75, `round ${round}: the resumed bot steps down (exit 75)`);
    }
    const posted = await load.stop();
    const accepted = posted.filter((p) => p.status === 200).map((p) => p.text);
    await waitUntil("every 2xx in the channel", () => {
      const seen = new Set(cluster.deliveries().map((line) => line.params[1]));
      return accepted.every((text) => seen.has(text));
    }, 60_000);
    const fenced = pauses.map((pause) => fencedLines(cluster, pause));
    pauses.forEach((pause, round) => {
      if (fenced[round] === 0) return;
      // What the paused process itself logged around its pause, to tell a late write from a late arrival.
      const sends = pause.run.logs().filter((line) => line.msg === "outbox command sent").map((line) => Number(line.time));
      const late = cluster.deliveries().filter((line) => line.from === pause.run.env.NICK && line.at >= pause.resumedAt);
      t.diagnostic(`round ${round}: resumed ${pause.resumedAt}; its last send logged ${sends.filter((at) => at < pause.resumedAt).at(-1)}, sends logged after resuming: ${sends.filter((at) => at >= pause.resumedAt).length}; late lines seen from ${late[0]?.at} to ${late.at(-1)?.at}: ${late.slice(0, 3).map((line) => line.params[1]).join(", ")}`);
    });
    t.diagnostic(`${ROUNDS} rounds, ${accepted.length} webhooks delivered; lines from the paused bot after SIGCONT: ${fenced.reduce((a, b) => a + b, 0)} (per round: ${fenced.join(" ")})`);
    assert.deepEqual(fenced.filter((lines) => lines > 0), [], "no line from a paused bot after it resumed");
  });
});
