import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The node flags a service's image starts it with (its Dockerfile's `CMD ["node", …flags, "<kind>/dist/main.js"]`),
 * so the bench measures the services as they are deployed, with one place that sets the flags.
 */
export function imageNodeFlags(root: string, kind: "gateway" | "bot"): string[] {
  const dockerfile = readFileSync(join(root, kind, "Dockerfile"), "utf8");
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (!cmd) throw new Error(`${kind}/Dockerfile has no exec-form CMD`);
  const args = JSON.parse(cmd) as string[];
  const script = args.indexOf(`${kind}/dist/main.js`);
  if (args[0] !== "node" || script < 0) throw new Error(`${kind}/Dockerfile's CMD does not run node ${kind}/dist/main.js: ${cmd}`);
  return args.slice(1, script);
}
