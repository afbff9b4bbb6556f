import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { Stack } from "../harness/index.js";

const MONITORING = fileURLToPath(new URL("../../deploy/monitoring/", import.meta.url));
const RULES = `${MONITORING}alerts.yml`;

/** Every PromQL expression the dashboard's panels and the alert rules query. */
function queries(): string[] {
  const dashboard = JSON.parse(readFileSync(`${MONITORING}grafana-dashboard.json`, "utf8")) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
  const panelExprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  const ruleExprs = [...readFileSync(RULES, "utf8").matchAll(/^\s+expr: (.+)$/gm)].map((match) => match[1]!);
  return [...panelExprs, ...ruleExprs];
}

const KEYWORDS = new Set(["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool"]);

/** The metric names a PromQL expression selects: not functions, labels, keywords, ranges or Grafana variables. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "")
    .replace(/\$\w+/g, "");
  return [...bare.matchAll(/([a-zA-Z_:][\w:]*)(\s*\()?/g)]
    .filter(([, name, call]) => call === undefined && !KEYWORDS.has(name!))
    .map(([, name]) => name!);
}

/**
 * Metric names a Prometheus text exposition serves: each family its `# TYPE` line declares (a
 * labelled counter declares itself before its first sample), with a histogram's _bucket, _sum
 * and _count, and every sample's name.
 */
function served(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\w+)$/.exec(line);
    if (type) {
      const [, name, kind] = type;
      names.add(name!);
      if (kind === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${name}${suffix}`);
      if (kind === "summary") for (const suffix of ["_sum", "_count"]) names.add(`${name}${suffix}`);
    } else if (line !== "" && !line.startsWith("#")) {
      names.add(/^[a-zA-Z_:][\w:]*/.exec(line)![0]);
    }
  }
  return names;
}

describe("monitoring: alert rules and the Grafana dashboard", () => {
  it("promtool check rules passes on deploy/monitoring/alerts.yml (also: npm run check:monitoring)", async () => {
    const { stdout } = await promisify(execFile)("promtool", ["check", "rules", RULES]);
    assert.match(stdout, /SUCCESS: 6 rules found/);
  });

  it("promtool test rules: each alert fires on its series after its `for`, not before (deploy/monitoring/alerts.test.yml)", async () => {
    const { stdout } = await promisify(execFile)("promtool", ["test", "rules", `${MONITORING}alerts.test.yml`]);
    assert.match(stdout, /SUCCESS/);
  });

  it("reads metric names out of PromQL", () => {
    assert.deepEqual(metricNames('histogram_quantile(0.99, sum by (le) (rate(helga_x_bucket{job=~"$job"}[$__rate_interval])))'), ["helga_x_bucket"]);
    assert.deepEqual(metricNames("max(a_b) == 0 and max(deriv(c_d[10m])) > 0"), ["a_b", "c_d"]);
    assert.deepEqual(metricNames("absent(helga_up)"), ["helga_up"]);
  });

  describe("against a live gateway and bot", () => {
    const stack = new Stack();
    let text = "";
    before(async () => {
      await stack.start(1);
      const fetchText = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      text = `${await fetchText(stack.gateways[0]!.adminPort)}\n${await fetchText(Number(stack.bot.env.ADMIN_PORT))}`;
    });
    after(() => stack.stop());

    it("every query names only metrics that /metrics serves", () => {
      const names = served(text);
      const used = [...new Set(queries().flatMap(metricNames))].sort();
      assert.ok(used.length >= 15, `the queries name ${used.length} metrics`);
      assert.deepEqual(used.filter((name) => !names.has(name)), []);
    });

    it("the live-gateways gauge counts the running gateway", () => {
      assert.match(text, /^helga_bot_live_gateways\{[^}]*\} 1$/m);
    });
  });
});
