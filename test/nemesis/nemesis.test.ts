import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSettings } from "@helga/shared";
import { postOnce, sleep, waitUntil } from "../harness/index.js";
import { FAULTS, type FaultKind, type FaultRecord } from "./faults.js";
import { NemesisCluster } from "./nemesis-cluster.js";
import { tallyProblems, tallyRun, tallyTable } from "./nemesis-tally.js";
import { startOpenLoop } from "./open-loop.js";

const MINUTES = Number(process.env.NEMESIS_MINUTES ?? 2);
const RATE = Number(process.env.NEMESIS_RATE ?? 50);
const SEED = Number(process.env.NEMESIS_SEED ?? Date.now() % 1_000_000);
const OUT = process.env.NEMESIS_OUT ?? join(tmpdir(), `helga-nemesis-${MINUTES}min.md`);
/** Outlasts a Sentinel failover (down-after 1 s), so Redis faults need not cost the lease; a pause is made longer. */
const LEASE_MS = 8_000;
/** The longest fault (the black hole) and its recovery must end before the load does. */
const LONGEST_FAULT_MS = 30_000;
const MAX_UNCONFIRMED = loadSettings({ NICK: "n", CHANNELS: "#n", SERVER_HOST: "127.0.0.1", REDIS_URL: "redis://127.0.0.1", ...process.env }).outbox.maxUnconfirmed;

/** mulberry32: the same seed gives the same faults in the same order, for a run worth repeating. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Random faults one after another under a steady open-loop load, then exact accounts from what
// the senders were answered and what the channel shows.
describe(`nemesis: ${MINUTES} min of random faults under ${RATE} webhooks/s`, () => {
  const cluster = new NemesisCluster({ leaseMs: LEASE_MS, sentinel: true, env: { MAX_UNCONFIRMED: String(MAX_UNCONFIRMED) } });
  before(() => cluster.start(2), { timeout: 120_000 });
  after(() => cluster.stop());

  it("every 2xx is delivered, duplicates stay within MAX_UNCONFIRMED per lost connection, no paused bot speaks, nothing wedges", { timeout: (MINUTES * 60 + 300) * 1000 }, async (t) => {
    const random = seeded(SEED);
    t.diagnostic(`seed ${SEED} (NEMESIS_SEED repeats this run's faults), MAX_UNCONFIRMED ${MAX_UNCONFIRMED}, BOT_LEASE_MS ${LEASE_MS}`);
    const startedAt = Date.now();
    const endAt = startedAt + MINUTES * 60_000;
    const load = startOpenLoop(() => cluster.stack.gateways.map((gateway) => gateway.url), RATE);
    const faults: FaultRecord[] = [];
    let deck: FaultKind[] = [];
    let lastStart = startedAt;
    for (;;) {
      await sleep(Math.max(0, lastStart + 10_000 + random() * 20_000 - Date.now()));
      if (Date.now() + LONGEST_FAULT_MS > endAt) break;
      // Each kind once, in a random order, before any comes again: a short run still sees most of them.
      if (deck.length === 0) deck = (Object.keys(FAULTS) as FaultKind[]).map((kind) => [random(), kind] as const).sort(([a], [b]) => a - b).map(([, kind]) => kind);
      const kind = deck.pop()!;
      lastStart = Date.now();
      const record = { kind, at: lastStart, ...(await FAULTS[kind](cluster, random)) };
      faults.push(record);
      t.diagnostic(`${((record.at - startedAt) / 1000).toFixed(0)} s: ${kind} (${record.detail}), ${((Date.now() - record.at) / 1000).toFixed(1)} s`);
    }
    await sleep(Math.max(0, endAt - Date.now()));
    const posted = await load.stop();

    const accepted = posted.filter((p) => p.status >= 200 && p.status < 300).map((p) => p.text);
    await waitUntil("every 2xx in the channel (the drain)", () => {
      const seen = new Set(cluster.deliveries().map((line) => line.params[1]));
      return accepted.every((text) => seen.has(text));
    }, 120_000, 200).catch(() => undefined); // what is missing is counted as lost below
    // Not wedged: each gateway still takes a webhook, and it reaches the channel.
    const probes = await Promise.all(cluster.stack.gateways.map((gateway, i) => postOnce(`${gateway.url}/say/helga-test`, `probe ${i}`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ text: `probe ${i}` }) })));
    const wedged = [...(await cluster.wedged()), ...probes.filter((p) => p.status !== 200).map((p) => `${p.text} answered ${p.status}`)];
    await waitUntil("the probes in the channel", () => probes.every((p) => cluster.deliveries().some((line) => line.params[1] === p.text)), 30_000).catch(() => wedged.push("a probe webhook was not delivered"));

    const tally = tallyRun(cluster, { posted, faults, startedAt, minutes: MINUTES, maxUnconfirmed: MAX_UNCONFIRMED, wedged });
    const table = tallyTable(tally);
    writeFileSync(OUT, `${table}\nseed ${SEED}; ${RATE} webhooks/s; BOT_LEASE_MS ${LEASE_MS}\n`);
    for (const line of table.split("\n")) t.diagnostic(line);
    t.diagnostic(`table written to ${OUT}`);
    assert.ok(faults.length > 0, "at least one fault was injected");
    assert.deepEqual(tallyProblems(tally), []);
  });
});
