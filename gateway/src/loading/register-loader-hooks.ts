import * as nodeModule from "node:module";
import { initialize, resolveSync, type ResolveHooksData } from "./resolve-hooks.js";

/** `.ts` when running from source under tsx (tests), `.js` when built. */
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

/** Node ≥ 22.15 runs synchronous hooks in the main thread; older Node only has `module.register`, whose hooks run in a thread of their own. */
type RegisterHooks = (hooks: { resolve: typeof resolveSync }) => unknown;
const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;

let registered: Promise<void> | undefined;
let typescript: Promise<void> | undefined;

/**
 * Once per process, before the first webhook is imported: the resolve hooks that hand webhook
 * code this gateway's own `@helga/gateway`, and — only when a webhook to load is TypeScript
 * (`typescript`) — tsx, so TypeScript runs without a build step. A gateway whose webhooks are
 * all JavaScript never loads tsx and esbuild; one without webhooks registers nothing (on
 * Node 20 that is the hooks thread saved too: BENCHMARKS.md). A TypeScript webhook added
 * later gets tsx at the reload that finds it.
 *
 * Where Node has `module.registerHooks` (22.15+, the images' Node 22), both run in the main
 * thread: tsx uses it by itself, and so do ours. That saves the ~25–30 MiB of a second V8
 * isolate that `module.register` hooks need (BENCHMARKS.md). esbuild, which tsx compiles
 * with, would otherwise start a worker thread of its own for its synchronous calls; with
 * ESBUILD_WORKER_THREADS=0 it runs its binary once per file instead (only at load time).
 * On Node 20 the hooks thread stays: it has no in-thread hooks for ES modules.
 */
export async function registerLoaderHooks({ typescript: withTypeScript }: { typescript: boolean }): Promise<void> {
  const data: ResolveHooksData = {
    gateway: new URL(`../api/index${EXT}`, import.meta.url).href,
    testing: new URL(`../testing/index${EXT}`, import.meta.url).href,
    sources: new URL(`../sources/index${EXT}`, import.meta.url).href,
    loader: new URL(`./load-webhooks${EXT}`, import.meta.url).href,
  };
  // Node 20: our hooks go after tsx when both are needed at once (as they always did); a later tsx goes after ours.
  if (withTypeScript && registerHooks === undefined && registered === undefined) await registerTypeScript();
  registered ??= (async () => {
    if (registerHooks) {
      // Registered before tsx, so tsx runs first and asks these hooks for the format: the
      // module format must be settled before tsx sees it, or tsx would treat a lone .ts file
      // (no package.json saying "module") as CommonJS.
      initialize(data);
      registerHooks({ resolve: resolveSync });
    } else {
      nodeModule.register(new URL(`./resolve-hooks${EXT}`, import.meta.url), { data });
    }
  })();
  await registered;
  if (withTypeScript) await registerTypeScript();
}

function registerTypeScript(): Promise<void> {
  typescript ??= (async () => {
    if (registerHooks) process.env.ESBUILD_WORKER_THREADS ??= "0"; // read once, when tsx first loads esbuild: before the import below
    const { register: registerTsx } = await import("tsx/esm/api");
    registerTsx();
  })();
  return typescript;
}
