import { readFileSync } from "node:fs";

/** Resident set size of a process in MiB, from /proc/<pid>/status (VmRSS). */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((row) => row.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line.replace(/\D+/g, "")) / 1024;
}

/**
 * RSS split as /proc/<pid>/status gives it: anonymous memory (heaps, stacks: what a container
 * limit must hold) and file-backed pages (mostly the node binary's code, shared with every
 * other node process and reclaimable by the kernel like any page cache).
 */
export function rssSplitMiB(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(/^\S+:\s+(\d+)/m.exec(status.split("\n").find((row) => row.startsWith(`${field}:`)) ?? "")?.[1] ?? Number.NaN);
  return { anon: kib("RssAnon") / 1024, file: kib("RssFile") / 1024 };
}

/** Samples the RSS of some processes while load runs and keeps each one's peak. */
export class PeakRss {
  readonly #peaks = new Map<number, number>();
  readonly #anonPeaks = new Map<number, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(pids: readonly number[], everyMs = 200) {
    const sample = () => {
      for (const pid of pids) {
        this.#peaks.set(pid, Math.max(this.#peaks.get(pid) ?? 0, rssMiB(pid)));
        this.#anonPeaks.set(pid, Math.max(this.#anonPeaks.get(pid) ?? 0, rssSplitMiB(pid).anon));
      }
    };
    sample();
    this.#timer = setInterval(sample, everyMs);
  }

  /** Stops sampling; peak MiB by pid. */
  stop(): ReadonlyMap<number, number> {
    clearInterval(this.#timer);
    return this.#peaks;
  }

  /** Peak anonymous MiB by pid (after stop). */
  get anonPeaks(): ReadonlyMap<number, number> {
    return this.#anonPeaks;
  }
}
