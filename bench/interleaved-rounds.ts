import { cpuSeconds } from "./cpu.js";
import { runLoad, type LoadResult } from "./load.js";

/** One system under the closed-loop load: where to send, whose CPU to count, how to know it delivered. */
export interface LoadedSystem {
  readonly name: string;
  readonly url: string;
  /** Processes whose CPU time the system's figures count, by role (e.g. gateway, bot). */
  readonly pids: Readonly<Record<string, number>>;
  /** How many messages it has delivered so far and when the last one arrived; absent for bare express (nothing to deliver). */
  readonly delivered?: () => { count: number; lastAt: number };
}

export interface SystemRun {
  readonly load: LoadResult;
  /** Answered requests ÷ run time, or delivered messages ÷ time to the last delivery (a pipeline that falls behind pays). */
  readonly throughput: number;
  /** Messages delivered for this run's answered requests (= load.ok when nothing was lost). */
  readonly delivered: number;
  /** CPU seconds by role while the run and its delivery lasted. */
  readonly cpu: Readonly<Record<string, number>>;
}

export interface RoundsOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly connections: number;
  readonly body: string;
  /** Longest wait for a pipeline's last delivery after its load stops. */
  readonly drainMs?: number;
  readonly onRun?: (round: number, name: string, run: SystemRun) => void;
}

/**
 * Closed-loop rounds, the systems interleaved: round r starts with system r (mod n), so a
 * burst of outside load hits every system alike. Returns each system's runs in round order.
 */
export async function interleavedRounds(systems: readonly LoadedSystem[], { rounds, seconds, connections, body, drainMs = 60_000, onRun }: RoundsOptions): Promise<Map<string, SystemRun[]>> {
  const runs = new Map(systems.map((system) => [system.name, [] as SystemRun[]]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < systems.length; i++) {
      const system = systems[(round + i) % systems.length]!;
      const run = await runOnce(system, { seconds, connections, body, drainMs });
      runs.get(system.name)!.push(run);
      onRun?.(round, system.name, run);
    }
  }
  return runs;
}

async function runOnce(system: LoadedSystem, { seconds, connections, body, drainMs }: { seconds: number; connections: number; body: string; drainMs: number }): Promise<SystemRun> {
  const cpuBefore = Object.fromEntries(Object.entries(system.pids).map(([role, pid]) => [role, cpuSeconds(pid)]));
  const deliveredBefore = system.delivered?.().count ?? 0;
  const started = performance.now();
  const load = await runLoad({ url: system.url, seconds, connections, body });
  const loadEnded = performance.now();
  let delivered = load.ok;
  let throughput = load.ok / ((loadEnded - started) / 1000);
  if (system.delivered) {
    const deadline = performance.now() + drainMs;
    while (system.delivered().count - deliveredBefore < load.ok && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const seen = system.delivered();
    delivered = seen.count - deliveredBefore;
    throughput = delivered / ((Math.max(seen.lastAt, loadEnded) - started) / 1000);
  }
  const cpu = Object.fromEntries(Object.entries(system.pids).map(([role, pid]) => [role, cpuSeconds(pid) - cpuBefore[role]!]));
  return { load, throughput, delivered, cpu };
}

/** Median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
