/**
 * Module resolve hooks: loaded in Node's hooks thread by `module.register` (Node 20), or run
 * in the main thread by `module.registerHooks` (Node ≥ 22.15).
 * 1. `@helga/gateway`, `@helga/gateway/testing` and `@helga/gateway/sources` resolve to this gateway's own files, so
 *    webhook code needs no install and every webhook shares one copy of the API.
 * 2. A reload imports entries with `?helga-load=N`; the same query is passed on to the
 *    package's own files (relative or absolute imports) so a reload gets fresh modules,
 *    while dependencies (bare specifiers) keep their cached instances.
 */
export interface ResolveHooksData {
  readonly gateway: string;
  readonly testing: string;
  readonly sources: string;
  /** The module that imports webhook entries (load-webhooks): what it imports by absolute URL is a webhook's own file. */
  readonly loader: string;
}

interface ResolveContext {
  readonly parentURL?: string | undefined;
  readonly conditions: readonly string[];
  readonly importAttributes: Record<string, string>;
}

interface ResolveResult {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean | undefined;
}

type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult | Promise<ResolveResult>;
type NextResolveSync = (specifier: string, context?: ResolveContext) => ResolveResult;

export const LOAD_PARAM = "helga-load";

let aliases: ReadonlyMap<string, string> = new Map();
let loader: string | undefined;

export function initialize(data: ResolveHooksData): void {
  loader = data.loader;
  aliases = new Map([
    ["@helga/gateway", data.gateway],
    ["@helga/gateway/testing", data.testing],
    ["@helga/gateway/sources", data.sources],
  ]);
}

/** For `module.register` (Node 20): runs in Node's hooks thread. */
export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  const alias = aliases.get(specifier);
  // Passed down the chain (not short-circuited) so tsx can load the API from source in tests.
  if (alias) return next(alias, context);
  return withLoadGeneration(specifier, context, await next(specifier, context));
}

/** The same for `module.registerHooks` (Node ≥ 22.15): runs in the main thread, synchronously. */
export function resolveSync(specifier: string, context: ResolveContext, next: NextResolveSync): ResolveResult {
  const alias = aliases.get(specifier);
  if (alias) return next(alias, context);
  return withLoadGeneration(specifier, context, next(specifier, context));
}

/**
 * A webhook's own file gets its load generation and the module format. Own files are those the
 * loader imports (entries) and what they import by relative or absolute path. The entry is
 * known by its importer too, not only by its query: in the main thread tsx runs outside these
 * hooks and strips the query before passing the specifier on (then adds it back).
 */
function withLoadGeneration(specifier: string, context: ResolveContext, result: ResolveResult): ResolveResult {
  if (!isOwnFile(specifier) || !result.url.startsWith("file:")) return result;
  const generation = loadGeneration(context.parentURL) ?? loadGeneration(specifier);
  if (generation === undefined && context.parentURL !== loader) return result;
  const url = new URL(result.url);
  if (generation !== undefined) url.searchParams.set(LOAD_PARAM, generation);
  return { ...result, url: url.href, format: moduleFormat(url.pathname, result.format) };
}

/**
 * Webhook files are ES modules whatever folder they sit in: a lone `.ts` in WEBHOOKS_PATH has
 * no package.json saying `"type": "module"`, and as CommonJS its `import "@helga/gateway"`
 * would bypass these hooks. `.cjs`/`.cts` keep the format Node gave them.
 */
function moduleFormat(pathname: string, format: string | null | undefined): string | null | undefined {
  return /\.(?:[mc]?[jt]s)$/.test(pathname) && !/\.c[jt]s$/.test(pathname) ? "module" : format;
}

function loadGeneration(parentURL: string | undefined): string | undefined {
  if (!parentURL?.startsWith("file:")) return undefined;
  return new URL(parentURL).searchParams.get(LOAD_PARAM) ?? undefined;
}

/** Relative or absolute specifiers name the package's own files; bare ones name dependencies. */
function isOwnFile(specifier: string): boolean {
  return specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("file:");
}
