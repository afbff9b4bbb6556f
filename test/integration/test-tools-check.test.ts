import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { locateProgram, TEST_TOOLS } from "../harness/test-tools.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A PATH of one folder that has node, npm, sh and every test program but ngircd (and no apt-get, so nothing is installed). */
function pathWithoutNgircd(dir: string): NodeJS.ProcessEnv {
  for (const program of ["node", "npm", "sh", ...TEST_TOOLS.test.map((tool) => tool.program).filter((name) => name !== "ngircd")]) {
    const path = program === "node" ? process.execPath : locateProgram(program);
    assert.ok(path, `${program} must be installed on the machine running this test`);
    symlinkSync(path, join(dir, program));
  }
  return { ...process.env, PATH: dir, HELGA_SBIN_PATH: "" };
}

describe("the test-tool check (pretest)", () => {
  const dir = mkdtempSync(join(tmpdir(), "helga-path-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = pathWithoutNgircd(dir);

  test("names the missing IRC server and the command that installs it", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-test-tools.ts"], { cwd: repoRoot, env, encoding: "utf8" });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /not installed: ngircd\./);
    assert.match(run.stderr, /sudo apt-get install -y ngircd$/m);
    assert.match(run.stderr, /brew install ngircd$/m);
    assert.doesNotMatch(run.stderr, /redis-server|inspircd|Error:|at .*\.ts:\d+/);
  });

  test("npm test stops before any suite starts", () => {
    const run = spawnSync("npm", ["test"], { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 });
    const output = run.stdout + run.stderr;
    assert.notEqual(run.status, 0);
    assert.match(output, /The tests need programs that are not installed: ngircd\./);
    assert.doesNotMatch(output, /^# tests \d+/m, "no test may run");
    assert.doesNotMatch(output, /ENOENT/);
  });
});
