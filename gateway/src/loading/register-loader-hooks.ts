import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";
import type { ResolveHooksData } from "./resolve-hooks.js";

/** `.ts` when running from source under tsx (tests), `.js` when built. */
const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

let registered = false;

/**
 * Once per process: TypeScript without a build step (tsx), and the resolve hooks that hand
 * webhook code this gateway's own `@helga/gateway`.
 */
export function registerLoaderHooks(): void {
  if (registered) return;
  registered = true;
  registerTsx();
  const data: ResolveHooksData = {
    gateway: new URL(`../api/index${EXT}`, import.meta.url).href,
    testing: new URL(`../testing/index${EXT}`, import.meta.url).href,
    sources: new URL(`../sources/index${EXT}`, import.meta.url).href,
  };
  register(new URL(`./resolve-hooks${EXT}`, import.meta.url), { data });
}
