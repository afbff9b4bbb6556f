import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The @helga/gateway package folder (this file is in src/loading or dist/loading). */
export const GATEWAY_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** Webhook packages that ship with the gateway; each can be disabled by name. */
export const BUILT_IN_WEBHOOKS_DIR = join(GATEWAY_DIR, "webhooks");

/** The node_modules folders Node would search from the gateway: its own, then each parent's. */
export function installedNodeModulesDirs(from: string = GATEWAY_DIR): string[] {
  const dirs: string[] = [];
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    dirs.push(join(dir, "node_modules"));
    if (dirname(dir) === dir) return dirs;
  }
}
