/**
 * `node --import tsx bench/max-unconfirmed.ts [values…]`: what bounding the unconfirmed commands
 * (MAX_UNCONFIRMED) costs the bot's drain rate. The bot's own consumer, sender and connection
 * (bench/fence-cost.ts, acked after the PONG) drain a standing backlog on a real Redis and
 * InspIRCd without fakelag, once per value per round, the values interleaved so drift on a
 * shared machine touches them alike. Per value: the median rate, and the median of its ratio to
 * the unbounded run of the same round (a loaded machine moves both), and the most commands
 * that were unconfirmed at once: a bound above what the unbounded run reaches never holds it back.
 */
import { startRedis } from "../test/harness/index.js";
import { startInspircd } from "../test/harness/inspircd.js";
import { measureFence } from "./fence-cost.js";
import { median } from "./interleaved-rounds.js";

const UNBOUNDED = 1_000_000;
const values = process.argv.slice(2).map(Number);
const bounds = [UNBOUNDED, ...(values.length > 0 ? values : [10, 25, 50, 100, 200])];
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const backlog = Number(process.env.BENCH_BACKLOG ?? 5_000);

const redis = await startRedis();
const ircd = await startInspircd({ limits: "unlimited" });
const rates = new Map<number, number[]>(bounds.map((bound) => [bound, []]));
const peaks = new Map<number, number[]>(bounds.map((bound) => [bound, []]));
try {
  for (let round = 1; round <= rounds; round++) {
    for (const bound of round % 2 ? bounds : [...bounds].reverse()) {
      const cost = await measureFence("fenced", { redisUrl: redis.url, ircd, backlog, seconds: 0, maxUnconfirmed: bound });
      rates.get(bound)!.push(cost.entriesPerSecond);
      peaks.get(bound)!.push(cost.peakUnconfirmed);
    }
    console.error(`round ${round}/${rounds} done`);
  }
} finally {
  await ircd.stop();
  await redis.stop();
}
const unbounded = rates.get(UNBOUNDED)!;
console.log(`| MAX_UNCONFIRMED | drain of ${backlog}, entries/s: median (each round) | vs unbounded, same round: median | most unconfirmed at once (each round) |`);
console.log("|---|---|---|---|");
for (const [bound, figures] of rates) {
  const ratio = median(figures.map((rate, round) => rate / unbounded[round]!));
  console.log(`| ${bound === UNBOUNDED ? "unbounded (before)" : bound} | ${Math.round(median(figures))} (${figures.map(Math.round).join(", ")}) | ${((ratio - 1) * 100).toFixed(1)} % | ${peaks.get(bound)!.join(", ")} |`);
}
