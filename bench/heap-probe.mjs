// Preloaded into a service by the soak bench (`node --expose-gc --import ./bench/heap-probe.mjs …`),
// never by the product. On SIGUSR2 it runs a full GC and prints one line, `HEAP_PROBE {json}`:
// process.memoryUsage() and V8's heap spaces after that GC. When HEAP_PROBE_SNAPSHOT_DIR holds a
// file named `take`, it also writes a heap snapshot there (and removes `take`).
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import v8 from "node:v8";

const dir = process.env.HEAP_PROBE_SNAPSHOT_DIR;
let taken = 0;
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { used: s.space_used_size, size: s.space_size }]));
  let snapshot;
  if (dir && existsSync(join(dir, "take"))) {
    rmSync(join(dir, "take"));
    snapshot = v8.writeHeapSnapshot(join(dir, `${process.pid}-${++taken}.heapsnapshot`));
  }
  process.stdout.write(`HEAP_PROBE ${JSON.stringify({ at: Date.now(), memory, spaces, snapshot })}\n`);
});
