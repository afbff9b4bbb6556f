/**
 * Compares two V8 heap snapshots by constructor: `node --import tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot`
 * prints the constructors (objects by class name, other nodes by type) whose count or retained
 * self size grew most. What the soak uses to name what a service keeps per message.
 */
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Census = Map<string, { count: number; size: number }>;

export function census(path: string): Census {
  const snap = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((field) => fields.indexOf(field)) as [number, number, number];
  const result: Census = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? "?";
    const key = type === "object" || type === "closure" ? `${snap.strings[snap.nodes[i + nameAt]!]}${type === "closure" ? "()" : ""}` : `(${type})`;
    const entry = result.get(key) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += snap.nodes[i + sizeAt]!;
    result.set(key, entry);
  }
  return result;
}

if (process.argv[1]?.endsWith("heap-diff.ts")) {
  const [beforePath, afterPath] = process.argv.slice(2);
  if (!beforePath || !afterPath) throw new Error("usage: heap-diff.ts <before.heapsnapshot> <after.heapsnapshot>");
  const before = census(beforePath);
  const after = census(afterPath);
  const rows = [...after].map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, size: 0 };
    return { key, count: a.count - b.count, size: a.size - b.size, total: a.count };
  });
  rows.sort((x, y) => y.size - x.size);
  process.stdout.write("| constructor | Δ count | Δ self size | count after |\n| --- | --- | --- | --- |\n");
  for (const row of rows.slice(0, Number(process.env.HEAP_DIFF_ROWS ?? 25))) process.stdout.write(`| ${row.key} | ${row.count} | ${(row.size / 1024).toFixed(0)} KiB | ${row.total} |\n`);
}
