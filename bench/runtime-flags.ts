import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The file of node's runtime flags every run path starts the services with (`node --env-file=runtime.env …`). */
export const RUNTIME_ENV_FILE = "runtime.env";

/** The node argument that applies the runtime flags file of the checkout at `root`, as every run path does. */
export function runtimeEnvArg(root: string): string {
  return `--env-file=${join(root, RUNTIME_ENV_FILE)}`;
}

/** The NODE_OPTIONS that runtime.env sets, for the report. */
export function runtimeNodeOptions(root: string): string {
  const text = readFileSync(join(root, RUNTIME_ENV_FILE), "utf8");
  const value = /^NODE_OPTIONS=(.*)$/m.exec(text)?.[1]?.trim();
  if (value === undefined) throw new Error(`${RUNTIME_ENV_FILE} sets no NODE_OPTIONS`);
  return value.replace(/^"(.*)"$/, "$1");
}
