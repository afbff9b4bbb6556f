import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { formatGithubEvent, MalformedPayload } from "../webhooks/github/format-github-event.js";
import { clean, colour } from "../webhooks/github/irc-text.js";

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`fixtures/github/${name}.json`, import.meta.url), "utf8"));
/** The line as an IRC client without colours shows it. */
const plain = (line: string) => line.replace(/\x03\d{0,2}/g, "").replace(/[\x02\x0f\x1d\x1f]/g, "");

const cases: Array<[event: string, fixture: string, expected: string[]]> = [
  ["push", "push-one-commit", ["[Hello-World] monalisa pushed 1 commit to main: 0d1a26e Fix the snowman ☃ rendering https://github.com/octocat/Hello-World/compare/a10867b14bb7...0d1a26e67d8f"]],
  ["push", "push-two-commits", [
    "[Hello-World] monalisa force-pushed 2 commits to feature/colours https://github.com/octocat/Hello-World/compare/a10867b14bb7...0d1a26e67d8f",
    "  6666666 Colour the repository name",
    "  7777777 A very long commit message that goes on and on well past the eighty characters…",
  ]],
  ["push", "push-many-commits", [
    "[Hello-World] monalisa pushed 5 commits to main https://github.com/octocat/Hello-World/compare/a10867b14bb7...0d1a26e67d8f",
    "  1111111 Add release notes",
    "  2222222 Bump version to 2.0.0 … (+3 more)",
  ]],
  ["push", "push-branch-deleted", ["[Hello-World] monalisa deleted branch old-branch"]],
  ["push", "push-tag-created", ["[Hello-World] monalisa created tag v2.0.0 https://github.com/octocat/Hello-World/compare/v2.0.0"]],
  ["pull_request", "pull-request-opened", ["[Hello-World] hubot opened pull request #42: Add bold support https://github.com/octocat/Hello-World/pull/42"]],
  ["pull_request", "pull-request-merged", ["[Hello-World] octocat merged pull request #42: Add bold support https://github.com/octocat/Hello-World/pull/42"]],
  ["pull_request", "pull-request-closed", ["[Hello-World] hubot closed pull request #43: Experiment https://github.com/octocat/Hello-World/pull/43"]],
  ["issues", "issues-opened", ["[Hello-World] octocat opened issue #1347: Found a bug https://github.com/octocat/Hello-World/issues/1347"]],
  ["issues", "issues-reopened", ["[Hello-World] hubot reopened issue #1347: Found a bug https://github.com/octocat/Hello-World/issues/1347"]],
  ["release", "release-published", ["[Hello-World] octocat published release v2.0.0: Snowman edition https://github.com/octocat/Hello-World/releases/tag/v2.0.0"]],
  ["workflow_run", "workflow-run-success", ["[Hello-World] workflow CI passed on main (acb5820) https://github.com/octocat/Hello-World/actions/runs/30433642"]],
  ["workflow_run", "workflow-run-failure", ["[Hello-World] workflow CI failed on feature/colours (bcb5820) https://github.com/octocat/Hello-World/actions/runs/30433643"]],
];

for (const [event, name, expected] of cases) {
  test(`${event} ${name}`, () => {
    const summary = formatGithubEvent(event, fixture(name));
    assert.equal(summary.kind, "lines");
    if (summary.kind !== "lines") return;
    assert.deepEqual(summary.lines.map(plain), expected);
    assert.ok(summary.lines.length <= 3);
    for (const line of summary.lines) assert.doesNotMatch(line, /[\r\n]/);
  });
}

test("lines carry mIRC colours: repository pink, merged purple, failure red, links navy", () => {
  const merged = formatGithubEvent("pull_request", fixture("pull-request-merged"));
  const line = merged.kind === "lines" ? merged.lines[0] ?? "" : "";
  assert.ok(line.startsWith(`[${colour("Hello-World", 13)}] ${colour("octocat", 15)} \x0306merged\x03`), JSON.stringify(line));
  const failed = formatGithubEvent("workflow_run", fixture("workflow-run-failure"));
  assert.match(failed.kind === "lines" ? failed.lines[0] ?? "" : "", /\x0304failed\x03.*\x0302https:/);
});

test("ping is answered, other events and actions are ignored with a reason", () => {
  assert.deepEqual(formatGithubEvent("ping", fixture("ping")), { kind: "pong" });
  assert.deepEqual(formatGithubEvent("star", {}), { kind: "ignored", reason: "event star is not announced" });
  assert.deepEqual(formatGithubEvent("pull_request", fixture("pull-request-synchronize")), { kind: "ignored", reason: "pull_request synchronize is not announced" });
  assert.deepEqual(formatGithubEvent("workflow_run", fixture("workflow-run-requested")), { kind: "ignored", reason: "workflow_run requested is not announced" });
});

test("a payload without the fields an event needs is a MalformedPayload", () => {
  assert.throws(() => formatGithubEvent("push", { ref: "refs/heads/main" }), MalformedPayload);
  assert.throws(() => formatGithubEvent("issues", "not an object"), MalformedPayload);
  assert.throws(() => formatGithubEvent("push", { ...(fixture("push-one-commit") as object), commits: "x" }), /commits is not a list/);
});

test("clean: one line, no control characters, bounded length", () => {
  assert.equal(clean("first\nsecond"), "first");
  assert.equal(clean("a\x02b\x0304c\x03"), "ab04c");
  assert.equal(clean("x".repeat(100), 10), `${"x".repeat(9)}…`);
  assert.equal(clean("☃".repeat(5), 5), "☃☃☃☃☃");
});
