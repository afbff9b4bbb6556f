/**
 * Every documented way to run a service starts node with the same runtime flags: the images'
 * CMD, the npm start scripts, the README's "Run without Docker" and the benches all name runtime.env.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { RUNTIME_ENV_FILE } from "../../bench/runtime-flags.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FLAG = `--env-file=${RUNTIME_ENV_FILE}`;
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

for (const kind of ["gateway", "bot"] as const) {
  test(`the ${kind} image and npm run start:${kind} start node with the same runtime flags file`, () => {
    const dockerfile = readFileSync(join(ROOT, kind, "Dockerfile"), "utf8");
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
    assert.ok(cmd, `${kind}/Dockerfile has an exec-form CMD`);
    assert.deepEqual(JSON.parse(cmd) as string[], ["node", FLAG, `${kind}/dist/main.js`]);
    assert.match(dockerfile, new RegExp(`^COPY [^\\n]*\\b${RUNTIME_ENV_FILE.replace(".", "\\.")}\\b[^\\n]* \\./$`, "m"), `${kind}/Dockerfile copies ${RUNTIME_ENV_FILE} next to package.json`);
    assert.equal(scripts[`start:${kind}`], `node ${FLAG} ${kind}/dist/main.js`);
  });
}

test("npm start runs both start scripts, and the README runs the services with them", () => {
  assert.equal(scripts.start, "npm run start:bot & npm run start:gateway & wait");
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Run without Docker"), readme.indexOf("\n## ", readme.indexOf("## Run without Docker") + 1));
  assert.match(section, /npm run start:bot/);
  assert.match(section, /npm run start:gateway/);
  assert.doesNotMatch(section, /node (bot|gateway)\/dist\/main\.js/, "no run path without the flags");
});

test("the benches start the services with the same runtime flags file", () => {
  const starters = readdirSync(join(ROOT, "bench")).filter((name) => name.endsWith(".ts") && readFileSync(join(ROOT, "bench", name), "utf8").includes("main.js"));
  assert.ok(starters.includes("bench-stack.ts") && starters.includes("compare-builds.ts") && starters.includes("compare-bot-builds.ts"), `bench scripts that start a service: ${starters.join(", ")}`);
  for (const name of starters) assert.match(readFileSync(join(ROOT, "bench", name), "utf8"), /\[runtimeEnvArg\(/, `bench/${name} starts node with runtimeEnvArg(…) first`);
});

test("node applies runtime.env's flags: the young generation stays at 2 × 2 MiB", () => {
  const probe = "const v8 = require('node:v8'); const keep = []; for (let i = 0; i < 3e5; i++) keep.push({ i }); process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));";
  const env = { PATH: process.env.PATH ?? "" }; // no NODE_OPTIONS of the caller's: it would take precedence
  const withFile = Number(execFileSync(process.execPath, [FLAG, "-e", probe], { cwd: ROOT, env, encoding: "utf8" }));
  const without = Number(execFileSync(process.execPath, ["-e", probe], { cwd: ROOT, env, encoding: "utf8" }));
  assert.ok(withFile <= 4 * 2 ** 20, `new space with ${RUNTIME_ENV_FILE}: ${withFile} bytes`);
  assert.ok(without > withFile, `without it V8 grows the new space (${without} bytes)`);
});

test("the services apply runtime.env's HELGA_V8_FLAGS: the old space grows less between full collections", () => {
  for (const kind of ["gateway", "bot"]) assert.match(readFileSync(join(ROOT, kind, "src", "main.ts"), "utf8"), /^const settings = loadSettingsOrExit\(\);/m, `${kind}/src/main.ts starts with loadSettingsOrExit, which applies them`);
  // ~20 MiB live, garbage churned through the old space; the peak of V8's heap is what RSS follows.
  const probe = [
    'import { applyV8Flags } from "./shared/src/settings/apply-v8-flags.ts";',
    "applyV8Flags();",
    "const live = []; for (let i = 0; i < 2e5; i++) live.push({ i, s: 'x' + i });",
    "let peak = 0, churn = [];",
    "for (let r = 0; r < 2000; r++) { for (let i = 0; i < 2000; i++) churn.push({ r, i, a: [i, r] }); if (churn.length > 60000) churn = []; peak = Math.max(peak, process.memoryUsage().heapTotal); }",
    "process.stdout.write(String(peak));",
  ].join("\n");
  const peak = (flags: string[]) => Number(execFileSync(process.execPath, [...flags, "--import", "tsx", "--input-type=module", "-e", probe], { cwd: ROOT, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" }));
  const withFile = peak([FLAG]);
  const without = peak([]);
  assert.ok(withFile < without * 0.8, `heap peak with ${RUNTIME_ENV_FILE} ${withFile} bytes, without ${without}`);
});
