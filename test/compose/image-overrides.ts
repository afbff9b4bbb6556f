import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { runCommand } from "./run-command.js";

/**
 * Base image overrides for this run. Where the founders' kit has `standin-images.sh` (machines
 * that reach no container registry) it builds local stand-ins and prints `export NAME=image …`;
 * elsewhere there are none and compose's defaults, the official images, apply.
 */
export async function imageOverrides(repoRoot: string): Promise<Record<string, string>> {
  const tool = resolve(repoRoot, "../shared/tools/standin-images.sh");
  if (!existsSync(tool)) return {};
  // The first run installs Docker and builds the stand-ins (a few minutes); later runs take seconds.
  const { stdout } = await runCommand("bash", [tool, "--env"], { timeoutMs: 15 * 60_000 });
  return parseExports(stdout);
}

/** `export A=1 B=2` lines → { A: "1", B: "2" } (the tool prints no quoting). */
export function parseExports(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words.shift() !== "export") continue;
    for (const word of words) {
      const at = word.indexOf("=");
      if (at > 0) pairs[word.slice(0, at)] = word.slice(at + 1);
    }
  }
  return pairs;
}
