import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSourcesFile } from "../../src/sources/loading/read-sources-file.js";

const dir = mkdtempSync(join(tmpdir(), "helga-sources-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (yaml: string) => {
  const path = join(dir, `sources-${++n}.yml`);
  writeFileSync(path, yaml);
  return path;
};

const GOOD = `
- name: gitlab-main
  type: gitlab
  path: /hooks/gitlab
  secret: \${GITLAB_TOKEN}
  channels: "#dev"
  events: [push, merge_request.merge]
  branches: [main, "release/*"]
- name: alerts
  type: alertmanager
  path: /hooks/alerts
  secret: [old-token, "\${AM_TOKEN}"]
  channels: ["#ops", "#oncall"]
  labels: { include: ["severity=critical"] }
- name: org
  type: github
  path: /hooks/org
  secret: s
  channels: "#dev"
  repositories: { "octo-org/api-*": "#api", "octo-org/**": ["#dev", "#all"] }
`;

test("no file: no sources and no problem", () => {
  assert.deepEqual(readSourcesFile(join(dir, "absent.yml"), {}), { entries: [], problems: [] });
});

test("entries are validated; ${VAR} reads the settings; single values become lists", () => {
  const { entries, problems } = readSourcesFile(file(GOOD), { GITLAB_TOKEN: "glpat-1", AM_TOKEN: "am-2" });
  assert.deepEqual(problems, []);
  assert.deepEqual(entries.map((entry) => [entry.name, entry.type, entry.secret, entry.channels]), [
    ["gitlab-main", "gitlab", ["glpat-1"], ["#dev"]],
    ["alerts", "alertmanager", ["old-token", "am-2"], ["#ops", "#oncall"]],
    ["org", "github", ["s"], ["#dev"]],
  ]);
  assert.deepEqual(entries[2]?.repositories, { "octo-org/api-*": ["#api"], "octo-org/**": ["#dev", "#all"] });
});

test("a bad entry is one problem naming the file, the entry and the key, with what is valid; the others are kept", () => {
  const path = file(`${GOOD}
- name: broken
  type: bitbucket
  path: /hooks/bb
  secret: x
  channels: "#dev"
- name: nochannel
  type: github
  path: /hooks/gh
  secret: supersecretvalue
  channels: dev
- type: json
  path: /hooks/json
  secret: t
  channels: "#dev"
- name: typo
  type: grafana
  path: /hooks/grafana
  secret: t
  channels: "#dev"
  chanels: "#ops"
- name: unset
  type: gitea
  path: /hooks/gitea
  secret: \${GITEA_SECRET}
  channels: "#dev"
- name: gitlab-main
  type: gitlab
  path: /hooks/other
  secret: t
  channels: "#dev"
`);
  const { entries, problems } = readSourcesFile(path, { GITLAB_TOKEN: "glpat-1", AM_TOKEN: "am-2" });
  assert.deepEqual(entries.map((entry) => entry.name), ["gitlab-main", "alerts", "org"]);
  assert.deepEqual(problems, [
    { name: "broken", reason: `${path}: entry 4 ("broken"): key "type" must be one of github, gitlab, gitea, alertmanager, grafana, json, slack, discord` },
    { name: "nochannel", reason: `${path}: entry 5 ("nochannel"): key "channels.0" must be channels like "#ops" (quote them in YAML: "#ops"), one or a list` },
    { name: "entry 6", reason: `${path}: entry 6: key "name" is required: a unique name such as "gitlab-main" (letters, digits, ".", "_", "-")` },
    { name: "typo", reason: `${path}: entry 7 ("typo"): unknown key "chanels"; valid keys are name, type, path, secret, channels, events, branches, repositories, labels, only_changes, template, max_lines, network` },
    { name: "unset", reason: `${path}: entry 8 ("unset"): \${GITEA_SECRET} is not set in the environment` },
    { name: "gitlab-main", reason: `${path}: entry 9 ("gitlab-main"): key "name": "gitlab-main" is already used by entry 1 ("gitlab-main"); each entry needs its own` },
  ]);
  assert.ok(problems.every(({ reason }) => !reason.includes("supersecretvalue")), "a secret never appears in a message");
});

test("json needs a template; the file must be a list", () => {
  const json = readSourcesFile(file(`- { name: cron, type: json, path: /cron, secret: t, channels: "#ops" }`), {});
  assert.match(json.problems[0]?.reason ?? "", /entry 1 \("cron"\): key "template" is required for type json/);
  const map = readSourcesFile(file(`name: x\ntype: github\n`), {});
  assert.match(map.problems[0]?.reason ?? "", /must be a YAML list of entries/);
  const broken = readSourcesFile(file(`- name: [unclosed\n`), {});
  assert.match(broken.problems[0]?.reason ?? "", /not valid YAML/);
  assert.deepEqual(readSourcesFile(file(""), {}), { entries: [], problems: [] });
});
