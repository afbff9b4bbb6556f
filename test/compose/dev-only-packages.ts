import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Dev dependencies of the repository that are not production dependencies of the workspace or shared. */
export function devOnlyPackages(repoRoot: string, workspace: string): string[] {
  const read = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), "utf8")) as Manifest;
  const manifests = ["package.json", "shared/package.json", "gateway/package.json", "bot/package.json"].map(read);
  const production = new Set([`${workspace}/package.json`, "shared/package.json"].flatMap((path) => Object.keys(read(path).dependencies ?? {})));
  const dev = new Set(manifests.flatMap((manifest) => Object.keys(manifest.devDependencies ?? {})));
  return [...dev].filter((name) => !production.has(name)).sort();
}
