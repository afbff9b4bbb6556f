import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import type { LoadProblem } from "../../loading/load-problem.js";
import { expandEnv } from "./expand-env.js";
import { sourceEntrySchema, type SourceEntry } from "./source-entry.js";

export interface SourcesFile {
  readonly entries: readonly SourceEntry[];
  /** Each names the file, the entry and the key. */
  readonly problems: readonly LoadProblem[];
}

/**
 * Reads and validates sources.yml: a YAML list of entries. No file: no sources, no problem.
 * A file that is not a YAML list is one problem; each bad entry is one problem and the
 * others are kept. `${VAR}` reads `settings` (the environment).
 */
export function readSourcesFile(file: string, settings: Readonly<Record<string, unknown>>): SourcesFile {
  if (!existsSync(file)) return { entries: [], problems: [] };
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { entries: [], problems: [{ name: "sources", reason: `${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}` }] };
  }
  if (document === null || document === undefined) return { entries: [], problems: [] };
  if (!Array.isArray(document)) return { entries: [], problems: [{ name: "sources", reason: `${file}: must be a YAML list of entries ("- name: …"), one per source` }] };

  const entries: SourceEntry[] = [];
  const problems: LoadProblem[] = [];
  const seen = new Map<string, string>();
  document.forEach((raw: unknown, index) => {
    const rawName = typeof raw === "object" && raw !== null && typeof (raw as { name?: unknown }).name === "string" ? (raw as { name: string }).name : undefined;
    const label = rawName === undefined ? `entry ${index + 1}` : `entry ${index + 1} ("${rawName}")`;
    const fail = (message: string) => problems.push({ name: rawName ?? `entry ${index + 1}`, reason: `${file}: ${label}: ${message}` });
    const { value, unset } = expandEnv(raw, settings);
    if (unset.length > 0) return fail(`${unset.map((name) => `\${${name}}`).join(", ")} ${unset.length === 1 ? "is" : "are"} not set in the environment`);
    const parsed = sourceEntrySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = issue?.path.map(String).join(".") ?? "";
      if (issue?.code === "unrecognized_keys") return fail(`unknown key ${issue.keys.map((name) => `"${name}"`).join(", ")}; valid keys are name, type, path, secret, channels, events, branches, repositories, labels, only_changes, template, max_lines, network`);
      return fail(key ? `key "${key}" ${issue?.message ?? "is not valid"}` : (issue?.message ?? "is not valid"));
    }
    const entry = parsed.data;
    if (entry.type === "json" && entry.template === undefined) return fail('key "template" is required for type json: a mustache template such as "{{title}}: {{url}}"');
    const clash = seen.get(entry.name) ?? seen.get(`path:${entry.path.replace(/\/+$/, "")}`);
    if (clash) return fail(`${seen.has(entry.name) ? `key "name": "${entry.name}"` : `key "path": "${entry.path}"`} is already used by ${clash}; each entry needs its own`);
    seen.set(entry.name, label);
    seen.set(`path:${entry.path.replace(/\/+$/, "")}`, label);
    entries.push(entry);
  });
  return { entries, problems };
}
