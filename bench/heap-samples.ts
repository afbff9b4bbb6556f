import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitUntil, type ManagedProcess } from "../test/harness/index.js";
import { rssMiB, rssSplitMiB } from "./rss.js";

/** Node flags that load the heap probe (bench/heap-probe.mjs) into a service: a full GC and its figures on SIGUSR2. */
export const HEAP_PROBE_FLAGS = ["--expose-gc", "--import", fileURLToPath(new URL("./heap-probe.mjs", import.meta.url))] as const;

const MiB = 2 ** 20;

/** A service's memory right after a full GC, in MiB. */
export interface HeapSample {
  readonly rss: number;
  readonly anon: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** V8's young generation (new space) as committed, and code space used. */
  readonly young: number;
  readonly code: number;
  /** Where the probe wrote a heap snapshot, when one was asked for. */
  readonly snapshot?: string;
}

interface ProbeLine {
  memory: NodeJS.MemoryUsage;
  spaces: Record<string, { used: number; size: number }>;
  snapshot?: string;
}

/**
 * Asks a service started with HEAP_PROBE_FLAGS for a full GC and its figures (and a heap
 * snapshot into `snapshotDir` when given: the service needs HEAP_PROBE_SNAPSHOT_DIR set to it).
 */
export async function heapSample(proc: ManagedProcess, snapshotDir?: string): Promise<HeapSample> {
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${proc.label} is not running`);
  const seen = proc.output.filter((line) => line.startsWith("HEAP_PROBE ")).length;
  if (snapshotDir) writeFileSync(join(snapshotDir, "take"), "");
  process.kill(pid, "SIGUSR2");
  let line: string | undefined;
  await waitUntil(`${proc.label} to answer the heap probe`, () => (line = proc.output.filter((l) => l.startsWith("HEAP_PROBE "))[seen]) !== undefined, snapshotDir ? 120_000 : 15_000, 20);
  const probe = JSON.parse(line!.slice("HEAP_PROBE ".length)) as ProbeLine;
  const { memory, spaces } = probe;
  return {
    rss: rssMiB(pid),
    anon: rssSplitMiB(pid).anon,
    heapUsed: memory.heapUsed / MiB,
    heapTotal: memory.heapTotal / MiB,
    external: memory.external / MiB,
    arrayBuffers: memory.arrayBuffers / MiB,
    young: (spaces.new_space?.size ?? 0) / MiB,
    code: (spaces.code_space?.used ?? 0) / MiB,
    ...(probe.snapshot ? { snapshot: probe.snapshot } : {}),
  };
}

/** Keeps a long-running service's captured output short (the gateway logs a line per request): only probe lines and the tail stay. */
export function trimOutput(proc: ManagedProcess, keep = 200): void {
  if (proc.output.length <= keep * 2) return;
  const probes = proc.output.filter((line) => line.startsWith("HEAP_PROBE "));
  const tail = proc.output.slice(-keep).filter((line) => !line.startsWith("HEAP_PROBE "));
  proc.output.splice(0, proc.output.length, ...probes, ...tail);
}
