import { readFileSync } from "node:fs";

/** Resident set size of a process in MiB, from /proc/<pid>/status (VmRSS). */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((row) => row.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line.replace(/\D+/g, "")) / 1024;
}

/** Samples the RSS of some processes while load runs and keeps each one's peak. */
export class PeakRss {
  readonly #peaks = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(pids: readonly number[], everyMs = 200) {
    const sample = () => {
      for (const pid of pids) this.#peaks.set(pid, Math.max(this.#peaks.get(pid) ?? 0, rssMiB(pid)));
    };
    sample();
    this.#timer = setInterval(sample, everyMs);
  }

  /** Stops sampling; peak MiB by pid. */
  stop(): ReadonlyMap<number, number> {
    clearInterval(this.#timer);
    return this.#peaks;
  }
}
