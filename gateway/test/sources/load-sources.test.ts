import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { route } from "../../src/api/route.js";
import { createSourceLoader, withSources } from "../../src/sources/loading/load-sources.js";
import { captureLogger } from "../helpers/capture-logger.js";

const dir = mkdtempSync(join(tmpdir(), "helga-load-sources-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const entry = (name: string, extra = "") => `- { name: ${name}, type: gitlab, path: /hooks/${name}, secret: "\${TOKEN}", channels: "#dev"${extra} }\n`;

test("each entry is a route named after it; a bad or clashing one is skipped with one warning naming it", async () => {
  const file = join(dir, "sources.yml");
  writeFileSync(file, entry("gl") + entry("hello") + entry("other-net", ", network: libera") + entry("home-net", ", network: default") + entry("bad", ", only_changes: maybe"));
  const { logger, lines } = captureLogger();
  const packages = async () => ({ webhooks: [{ webhook: { name: "hello", packageDir: dir, moduleDir: dir }, routes: [route("/hello$", () => "hi")] }], failed: [] });
  const load = withSources(packages, createSourceLoader({ file, settings: { TOKEN: "t0ken" }, logger, ciStates: { swap: async () => undefined } }), logger);
  const { webhooks, failed } = await load();
  assert.deepEqual(webhooks.map(({ webhook, routes }) => `${webhook.name} ${routes.map((r) => `${r.methods.join(",")} ${r.source}`).join(" ")}`), [
    "hello GET /hello$",
    "gl POST /hooks/gl/?$",
    "other-net POST /hooks/other-net/?$",
    "home-net POST /hooks/home-net/?$",
  ]);
  assert.deepEqual([...failed].sort(), ["bad", "hello"]);
  const warnings = lines.filter((line) => line.level === 40).map((line) => String(line.msg));
  assert.deepEqual(warnings, [
    `Skipped source "bad": ${file}: entry 5 ("bad"): key "only_changes" must be true or false`,
    'Skipped source "hello": a webhook package has that name; rename the entry',
  ]);
  assert.ok(!JSON.stringify(lines).includes("t0ken"), "the secret is never logged");
});
