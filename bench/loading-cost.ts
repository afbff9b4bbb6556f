/**
 * What each optional part of the gateway costs idle, so that it is loaded only when used:
 * `node --import tsx bench/loading-cost.ts [other built checkout …]` starts a gateway per
 * configuration (a TypeScript webhook with the built-in packages, the built-in packages alone, a JavaScript webhook alone,
 * no webhooks, with the console, with a sources file), one at a time, and prints its RSS and
 * heap after a full GC. Checkouts named as arguments (e.g. the previous build) run the same
 * configurations in the same run, for side-by-side figures.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startBenchStack, ROOT, SAY_WEBHOOK_JS } from "./bench-stack.js";
import { HEAP_PROBE_FLAGS, heapSample } from "./heap-samples.js";
import { num } from "./report.js";

const SOURCES_YML = `- name: backups
  type: json
  path: /hooks/backups
  secret: bench-secret
  channels: "#bench"
  template: "{{#failed}}Backup of {{host}} failed{{/failed}}"
`;

const roots = [ROOT, ...process.argv.slice(2)];
const dir = mkdtempSync(join(tmpdir(), "helga-loading-cost-"));
const jsDir = join(dir, "js");
const emptyDir = join(dir, "empty");
for (const folder of [jsDir, emptyDir]) mkdirSync(folder);
writeFileSync(join(jsDir, "bench.mjs"), SAY_WEBHOOK_JS);
writeFileSync(join(dir, "sources.yml"), SOURCES_YML);

const configurations: Array<[string, Record<string, string>]> = [
  ["a .ts webhook + the built-in packages", {}],
  ["the built-in packages only (the default setup)", { WEBHOOKS_PATH: emptyDir }],
  ["a .js webhook only", { WEBHOOKS_PATH: jsDir, ENABLED_WEBHOOKS: "bench" }],
  ["no webhooks", { WEBHOOKS_PATH: emptyDir, ENABLED_WEBHOOKS: "false" }],
  ["no webhooks + CONSOLE_CREDENTIALS", { WEBHOOKS_PATH: emptyDir, ENABLED_WEBHOOKS: "false", CONSOLE_CREDENTIALS: "admin:bench-password" }],
  ["no webhooks + a sources file", { WEBHOOKS_PATH: emptyDir, ENABLED_WEBHOOKS: "false", SOURCES_FILE: join(dir, "sources.yml") }],
];

const stack = await startBenchStack();
try {
  await stack.startService("bot"); // a gateway listens once a bot has signed on
  process.stdout.write(`| gateway configuration | ${roots.map((root) => `${root === ROOT ? "this build" : root}: RSS / heap used after GC / threads`).join(" | ")} |\n`);
  process.stdout.write(`| --- | ${roots.map(() => "---").join(" | ")} |\n`);
  for (const [name, env] of configurations) {
    const cells: string[] = [];
    for (const root of roots) {
      const gateway = await stack.startService("gateway", { nodeFlags: HEAP_PROBE_FLAGS, env, root });
      await sleep(1_000);
      const sample = await heapSample(gateway.process);
      const threads = readdirSync(`/proc/${gateway.pid}/task`).length;
      cells.push(`${num(sample.rss, 1)} / ${num(sample.heapUsed, 1)} MiB / ${threads}`);
      await gateway.process.stop("SIGKILL");
    }
    process.stdout.write(`| ${name} | ${cells.join(" | ")} |\n`);
  }
} finally {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
