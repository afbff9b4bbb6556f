import { test } from "node:test";
import assert from "node:assert/strict";
import { createChannelRouter, createEventFilter } from "../../src/sources/core/event-filter.js";
import { formatEvent } from "../../src/sources/irc/format-event.js";
import { githubSource } from "../../src/sources/github/github-source.js";
import { GITHUB_EVENTS, normaliseGithub } from "../../src/sources/github/normalise-github.js";
import { summariseGithubEvent } from "../../src/sources/index.js";
import type { SourceEvent } from "../../src/sources/core/source-event.js";
import { githubExample, githubExamples } from "../github-examples.js";
import { plain } from "./plain.js";

const byEvent = githubExamples;
const example = githubExample;
const event = (name: string, index: number): SourceEvent => {
  const normalised = normaliseGithub(name, example(name, index));
  assert.equal(normalised.kind, "event", `${name} ${index}`);
  return (normalised as { event: SourceEvent }).event;
};
const lines = (name: string, index: number) => formatEvent(event(name, index)).map(plain);

test("every example of every event the GitHub source claims yields at most three clean lines (ping: pong)", () => {
  let count = 0;
  for (const name of GITHUB_EVENTS) {
    const list = byEvent.get(name);
    assert.ok(list && list.length > 0, `@octokit/webhooks-examples has examples of ${name}`);
    for (const [index, payload] of list.entries()) {
      const normalised = normaliseGithub(name, payload);
      if (name === "ping") {
        assert.deepEqual(normalised, { kind: "pong" });
        continue;
      }
      assert.equal(normalised.kind, "event", `${name} ${index}`);
      const output = formatEvent((normalised as { event: SourceEvent }).event);
      assert.ok(output.length >= 1 && output.length <= 3, `${name} ${index}: ${output.length} lines`);
      for (const line of output) assert.doesNotMatch(line, /[\r\n\0]/, `${name} ${index}`);
      count++;
    }
  }
  assert.ok(count > 100, `${count} examples checked`);
});

test("events the source does not claim are ignored with a reason", () => {
  for (const name of ["star", "fork", "member", "package"]) {
    assert.deepEqual(normaliseGithub(name, example(name, 0)), { kind: "ignored", reason: `event ${name} is not announced` });
  }
});

test("one line per event, as IRC shows it", () => {
  const cases: Array<[string, number, string[]]> = [
    ["push", 4, ["[Hello-World] Codertocat pushed 1 commit to master: 6113728 Initial commit https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246"]],
    ["push", 1, ["[Hello-World] Codertocat deleted tag simple-tag"]],
    ["pull_request", 0, ["[Hello-World] Codertocat opened pull request #2: Update the README with new information. https://github.com/Codertocat/Hello-World/pull/2"]],
    ["pull_request", 15, ["[Hello-World] Codertocat marked ready for review pull request #2: Update the README with new information. https://github.com/Codertocat/Hello-World/pull/2"]],
    ["issues", 20, ["[Hello-World] Codertocat reopened issue #1: Spelling error in the README file https://github.com/Codertocat/Hello-World/issues/1"]],
    ["issue_comment", 0, ["[Hello-World] Codertocat commented on issue #1: Spelling error in the README file (You are totally right! I'll get this fixed right away.) https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400"]],
    ["pull_request_review", 0, ["[Hello-World] Codertocat reviewed pull request #2: Update the README with new information. https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-237895671"]],
    ["release", 0, ["[Hello-World] Codertocat published release 0.0.1 https://github.com/Codertocat/Hello-World/releases/tag/0.0.1"]],
    ["workflow_run", 1, ["[octo-repo] workflow passed on master (3484a3f) https://github.com/octo-org/octo-repo/actions/runs/289782451"]],
    ["check_suite", 0, ["[Hello-World] check suite octocoders-linter passed on changes (ec26c3e) https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821"]],
    ["check_run", 1, ["[Hello-World] check Octocoders-linter failed on changes (ec26c3e) https://github.com/Codertocat/Hello-World/runs/128620228"]],
    ["deployment_status", 0, ["[Hello-World] deployment to production succeeded by Codertocat"]],
    ["create", 0, ["[Hello-World] Codertocat created tag simple-tag"]],
    ["delete", 0, ["[Hello-World] Codertocat deleted tag simple-tag"]],
    ["discussion", 0, ["[octo-repo] Codertocat created discussion #90: Welcome to discussions! https://github.com/octo-org/octo-repo/discussions/90"]],
  ];
  for (const [name, index, expected] of cases) assert.deepEqual(lines(name, index), expected, `${name} ${index}`);
});

test("a 40-commit push is a header and two commits, then '… and 38 more'; URLs stay whole", () => {
  const push = example("push", 4) as { commits: Array<Record<string, unknown>> };
  const commits = Array.from({ length: 40 }, (_, i) => ({ ...push.commits[0], id: `${String(i).padStart(2, "0")}${"a".repeat(38)}`, message: `Commit number ${i}\n\nbody` }));
  const normalised = normaliseGithub("push", { ...push, commits });
  const output = formatEvent((normalised as { event: SourceEvent }).event).map(plain);
  assert.deepEqual(output, [
    "[Hello-World] Codertocat pushed 40 commits to master https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246",
    "  00aaaaa Commit number 0",
    "  01aaaaa Commit number 1 … and 38 more",
  ]);
});

test("organisation hooks: `repositories:` globs filter on the full name, or route repositories to channels", () => {
  const discussion = event("discussion", 0);
  assert.equal(discussion.repository, "octo-org/octo-repo");
  const onlyHello = createEventFilter({ events: ["discussion"], repositories: ["Codertocat/*"] }, githubSource.defaultEvents);
  assert.equal(onlyHello(discussion), "repository octo-org/octo-repo is not in repositories");
  assert.equal(onlyHello(event("discussion", 1)), undefined);
  // repositories as a map: an organisation's repositories each to their own channels.
  const routed = { channels: ["#everything"], repositories: { "octo-org/octo-*": ["#octo"], "Codertocat/**": ["#coder", "#all"] } };
  const route = createChannelRouter(routed);
  assert.deepEqual(route(discussion), ["#octo"]);
  assert.deepEqual(route(event("discussion", 1)), ["#coder", "#all"]);
  assert.deepEqual(route({ kind: "alert", name: "alert" }), ["#everything"]);
  const byMap = createEventFilter({ events: ["discussion"], repositories: routed.repositories }, githubSource.defaultEvents);
  assert.equal(byMap(discussion), undefined);
  assert.equal(byMap({ ...discussion, repository: "other/repo" }), "repository other/repo is not in repositories");
});

test("lines carry mIRC colours: repository pink, actor silver, merged purple, failure red, links navy", () => {
  const [opened] = formatEvent(event("pull_request", 0));
  assert.ok(opened?.startsWith("[\x0313Hello-World\x03] \x0315Codertocat\x03 \x0303opened\x03 pull request #2"), JSON.stringify(opened));
  const [failed] = formatEvent(event("check_run", 1));
  assert.match(failed ?? "", /\x0304failed\x03.*\x0302https:\/\/github\.com\/Codertocat\/Hello-World\/runs\/128620228\x03$/);
  const closed = example("pull_request", 3) as { pull_request: Record<string, unknown> };
  const merged = normaliseGithub("pull_request", { ...closed, pull_request: { ...closed.pull_request, merged: true } });
  assert.match(formatEvent((merged as { event: SourceEvent }).event)[0] ?? "", /\x0306merged\x03 pull request #2/);
});

test("the default table: what a source without `events:` (and the built-in /github webhook) announces", () => {
  const announced = (name: string, index: number) => summariseGithubEvent(name, example(name, index)).kind;
  assert.equal(announced("pull_request", 0), "lines");
  assert.equal(announced("pull_request", 18), "lines"); // reopened
  assert.equal(announced("pull_request", 15), "lines"); // ready_for_review
  assert.equal(announced("issue_comment", 0), "lines");
  assert.equal(announced("pull_request_review", 0), "lines");
  assert.equal(announced("workflow_run", 1), "lines");
  assert.equal(announced("deployment_status", 0), "lines");
  assert.equal(announced("ping", 0), "pong");
  assert.deepEqual(summariseGithubEvent("pull_request", example("pull_request", 22)), { kind: "ignored", reason: "pull_request synchronize is not announced" });
  assert.deepEqual(summariseGithubEvent("check_suite", example("check_suite", 0)), { kind: "ignored", reason: "check_suite completed is not announced" });
  assert.deepEqual(summariseGithubEvent("create", example("create", 0)), { kind: "ignored", reason: "create is not announced" });
  // `events:` turns others on, next to the defaults.
  const withLabels = createEventFilter({ events: ["defaults", "pull_request.labeled", "create"] }, githubSource.defaultEvents);
  assert.equal(withLabels(event("pull_request", 8)), undefined);
  assert.equal(withLabels(event("create", 0)), undefined);
  assert.equal(withLabels(event("pull_request", 0)), undefined);
  assert.equal(withLabels(event("pull_request", 22)), "event pull_request.synchronize is not in events");
});

test("sender text cannot break the line: CR/LF and control characters are removed, long text cut", () => {
  const hostile = "evil\r\nPRIVMSG #other :owned\u0003" + "x".repeat(300);
  const pr = example("pull_request", 0) as { pull_request: Record<string, unknown>; sender: Record<string, unknown> };
  const normalised = normaliseGithub("pull_request", { ...pr, action: hostile, pull_request: { ...pr.pull_request, title: hostile }, sender: { ...pr.sender, login: hostile } });
  for (const line of formatEvent((normalised as { event: SourceEvent }).event)) {
    assert.doesNotMatch(line, /[\r\n\0]/);
    assert.doesNotMatch(line, /PRIVMSG/);
    assert.ok(line.length < 400, `${line.length} characters`);
  }
});
