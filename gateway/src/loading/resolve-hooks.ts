/**
 * Module resolve hooks (node:module `register`), loaded in Node's hooks thread.
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

export const LOAD_PARAM = "helga-load";

let aliases: ReadonlyMap<string, string> = new Map();

export function initialize(data: ResolveHooksData): void {
  aliases = new Map([
    ["@helga/gateway", data.gateway],
    ["@helga/gateway/testing", data.testing],
    ["@helga/gateway/sources", data.sources],
  ]);
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  const alias = aliases.get(specifier);
  // Passed down the chain (not short-circuited) so tsx can load the API from source in tests.
  if (alias) return next(alias, context);
  const result = await next(specifier, context);
  const generation = loadGeneration(context.parentURL) ?? loadGeneration(specifier);
  if (generation === undefined || !isOwnFile(specifier) || !result.url.startsWith("file:")) return result;
  const url = new URL(result.url);
  url.searchParams.set(LOAD_PARAM, generation);
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
