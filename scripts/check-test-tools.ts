/**
 * Checks that the programs a test group needs are installed, before any test starts.
 * As root where apt-get is available it installs what is missing (one line says what);
 * otherwise it stops with one message naming every missing program and the command that
 * installs them. Usage: check-test-tools.ts [test|docker]   (default: test)
 */
import { spawnSync } from "node:child_process";
import { locateProgram, TEST_TOOLS, type TestTool, type TestToolGroup } from "../test/harness/test-tools.js";

const group = (process.argv[2] ?? "test") as TestToolGroup;
if (!(group in TEST_TOOLS)) {
  console.error(`check-test-tools: unknown group "${group}" (use one of: ${Object.keys(TEST_TOOLS).join(", ")})`);
  process.exit(2);
}

const missing = (): TestTool[] => TEST_TOOLS[group].filter((tool) => locateProgram(tool.program) === undefined);
let absent = missing();
if (absent.length === 0) process.exit(0);

const aptGet = locateProgram("apt-get");
if (process.platform === "linux" && process.getuid?.() === 0 && aptGet !== undefined) {
  const packages = [...new Set(absent.map((tool) => tool.apt))];
  console.log(`Installing what the tests need from Debian's packages: ${packages.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", ...packages]]) {
    const run = spawnSync(aptGet, args, { env, encoding: "utf8" });
    if (run.status !== 0) {
      console.error(`apt-get ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
      break;
    }
  }
  absent = missing();
  if (absent.length === 0) process.exit(0);
}

const apt = [...new Set(absent.map((tool) => tool.apt))];
const formulae = [...new Set(absent.map((tool) => tool.brew).filter((name) => !name.startsWith("--cask ")))];
const casks = [...new Set(absent.map((tool) => tool.brew).filter((name) => name.startsWith("--cask ")).map((name) => name.slice(7)))];
const brew = [formulae.length > 0 ? `brew install ${formulae.join(" ")}` : "", casks.length > 0 ? `brew install --cask ${casks.join(" ")}` : ""].filter(Boolean);
console.error(
  [
    `The tests need programs that are not installed: ${absent.map((tool) => tool.program).join(", ")}.`,
    ...absent.map((tool) => `  ${tool.program}: ${tool.purpose}`),
    "Install them, then run the tests again:",
    `  Debian/Ubuntu: sudo apt-get install -y ${apt.join(" ")}`,
    `  macOS:         ${brew.join(" && ")}`,
  ].join("\n"),
);
process.exit(1);
