import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative, resolve, isAbsolute } from "node:path";
import type { LoadProblem } from "./load-problem.js";

/** One webhook to import: a name (ENABLED_WEBHOOKS / DISABLED_WEBHOOKS use it) and its entry file. */
export interface WebhookSource {
  readonly name: string;
  readonly entry: string;
  /** The package root: a lone file's folder, or the folder holding package.json. */
  readonly packageDir: string;
}

export interface Discovery {
  readonly sources: readonly WebhookSource[];
  readonly problems: readonly LoadProblem[];
}

const MODULE_FILE = /\.(?:m?[jt]s)$/;
const NOT_A_WEBHOOK = /\.d\.m?ts$|\.(?:test|spec)\.m?[jt]s$/;

/**
 * Finds webhook packages. In a root folder: a `.ts`/`.mts`/`.js`/`.mjs` file is a package
 * named after the file; a folder whose package.json has `"helga": {"webhooks": {...}}` holds
 * one webhook per map entry; anything else is ignored. In a node_modules folder: installed
 * packages (scoped too) with that field. A name seen twice keeps its first source.
 */
export function discoverWebhooks(roots: readonly string[], nodeModulesDirs: readonly string[]): Discovery {
  const sources: WebhookSource[] = [];
  const problems: LoadProblem[] = [];
  const add = (found: Discovery) => {
    problems.push(...found.problems);
    for (const source of found.sources) {
      const first = sources.find(({ name }) => name === source.name);
      if (first) problems.push({ name: source.name, reason: `another webhook of that name is already loaded from ${first.entry} (ignored ${source.entry})` });
      else sources.push(source);
    }
  };
  for (const root of roots) add(scanRoot(root));
  for (const dir of nodeModulesDirs) add(scanNodeModules(dir));
  return { sources, problems };
}

function scanRoot(root: string): Discovery {
  const sources: WebhookSource[] = [];
  const problems: LoadProblem[] = [];
  for (const name of listDir(root)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const path = join(root, name);
    if (isDirectory(path)) {
      const found = readPackage(path);
      sources.push(...found.sources);
      problems.push(...found.problems);
    } else if (MODULE_FILE.test(name) && !NOT_A_WEBHOOK.test(name)) {
      sources.push({ name: basename(name, extname(name)), entry: path, packageDir: root });
    }
  }
  return { sources, problems };
}

function scanNodeModules(dir: string): Discovery {
  const packageDirs = listDir(dir).flatMap((name) => {
    if (name.startsWith(".")) return [];
    if (name.startsWith("@")) return listDir(join(dir, name)).map((scoped) => join(dir, name, scoped));
    return [join(dir, name)];
  });
  const found = packageDirs.filter(isDirectory).map(readPackage);
  return { sources: found.flatMap(({ sources }) => sources), problems: found.flatMap(({ problems }) => problems) };
}

/** The webhooks a folder's package.json declares; nothing when it declares none. */
function readPackage(dir: string): Discovery {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return { sources: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifest, "utf8"));
  } catch (error) {
    return { sources: [], problems: [{ name: basename(dir), reason: `${manifest} is not valid JSON: ${(error as Error).message}` }] };
  }
  const webhooks = field(field(json, "helga"), "webhooks");
  if (webhooks === undefined) return { sources: [], problems: [] };
  if (typeof webhooks !== "object" || webhooks === null || Array.isArray(webhooks)) {
    return { sources: [], problems: [{ name: basename(dir), reason: `"helga.webhooks" in ${manifest} must map webhook names to files` }] };
  }
  const sources: WebhookSource[] = [];
  const problems: LoadProblem[] = [];
  for (const [name, file] of Object.entries(webhooks)) {
    const entry = typeof file === "string" ? resolve(dir, file) : undefined;
    const inside = entry !== undefined && !relative(dir, entry).startsWith("..") && !isAbsolute(relative(dir, entry));
    if (!entry || !inside) problems.push({ name, reason: `its entry in ${manifest} must be a file inside the package, got ${JSON.stringify(file)}` });
    else if (!existsSync(entry)) problems.push({ name, reason: `its entry file ${entry} does not exist` });
    else sources.push({ name, entry, packageDir: dir });
  }
  return { sources, problems };
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Entries sorted by name; a missing folder has none. */
function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
