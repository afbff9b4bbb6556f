import type { BenchStack } from "./bench-stack.js";
import { measureFairness } from "./fairness.js";
import { measureFenceCost } from "./fence-cost.js";
import type { Row } from "./report.js";

/** Modules that add rows (fence cost, fairness …): each runs after the built-in rows and returns its own. Add yours here. */
export const EXTRA_ROWS: ReadonlyArray<(stack: BenchStack, say: (text: string) => void) => Promise<Row[]>> = [fenceCostRows, fairnessRows];

/** (e) What PING fences cost (bench/fence-cost.ts). */
async function fenceCostRows({ redis, ircd }: BenchStack, say: (text: string) => void): Promise<Row[]> {
  say(`(e) the bot's consumer alone, acking after the write vs after the server's PONG (PING fences)…`);
  return (await measureFenceCost({ redisUrl: redis.url, ircd })).map((cost) => ({
    measure: `(e) bot consumer alone, ${cost.mode === "fenced" ? "acked after the PONG (as it runs)" : "acked after the write"}`,
    figure: `${Math.round(cost.entriesPerSecond)} entries/s`,
    detail: `backlog drain; 1000/s open loop: p50 ${cost.p50Ms.toFixed(1)} ms, p99 ${cost.p99Ms.toFixed(1)} ms`,
    note: "",
  }));
}

/** (f) How long a lone line to a quiet channel waits behind a burst elsewhere (bench/fairness.ts). */
async function fairnessRows({ redis, ircd }: BenchStack, say: (text: string) => void): Promise<Row[]> {
  say(`(f) fairness: a lone line to a quiet channel behind a 300-line burst to another, flood control on…`);
  const fair = await measureFairness({ redisUrl: redis.url, redis: redis.client, ircd });
  const linesTime = fair.waitedMs / 1000 / fair.secondsPerLine;
  return [
    {
      measure: `(f) lone line behind a ${fair.burst}-line burst to another channel, RATE_LIMIT ${fair.secondsPerLine}`,
      figure: `waited ${fair.waitedMs.toFixed(0)} ms (${linesTime.toFixed(1)} lines' time)`,
      detail: `${fair.burstLinesBefore} burst lines went first; the FIFO before per-target queues: 14824 ms, all 300 first`,
      target: "≤ 10 lines' time",
      met: linesTime <= 10,
    },
  ];
}
