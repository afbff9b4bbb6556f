import { test } from "node:test";
import assert from "node:assert/strict";
import { formatEvent } from "../../src/sources/irc/format-event.js";
import { gitlabSource } from "../../src/sources/gitlab/gitlab-source.js";
import { normaliseGitlab } from "../../src/sources/gitlab/normalise-gitlab.js";
import type { SourceEvent } from "../../src/sources/core/source-event.js";
import { fixture } from "./fixture.js";
import { plain } from "./plain.js";

const event = (name: string, change: (payload: Record<string, unknown>) => void = () => undefined): SourceEvent => {
  const { payload } = fixture(`gitlab/${name}`);
  change(payload);
  const normalised = normaliseGitlab(payload);
  assert.equal(normalised.kind, "event", name);
  return (normalised as { event: SourceEvent }).event;
};

test("GitLab's documented payloads become one line each (a push: a header and the newest commits)", () => {
  const cases: Array<[string, string[]]> = [
    ["push", [
      "[diaspora] jsmith pushed 4 commits to master http://example.com/mike/diaspora/-/compare/95790bf891e7...da1560886d4f",
      "  da15608 fixed readme",
      "  b6568db Update Catalan translation to e38cb41. … and 2 more",
    ]],
    ["tag-push", ["[example] John Smith created tag v1.0.0 http://example.com/jsmith/example/-/tree/v1.0.0"]],
    ["issue", ["[gitlab-test] root opened issue #23: New API: create/update/delete file http://example.com/diaspora/issues/23"]],
    ["note-merge-request", ["[gitlab-test] root commented on merge request !1: Tempora et eos debitis quae laborum et. (This MR needs work.) http://example.com/gitlab-org/gitlab-test/merge_requests/1#note_1244"]],
    ["merge-request", ["[gitlab-test] root opened merge request !1: MS-Viewport http://example.com/diaspora/merge_requests/1"]],
    ["pipeline", ["[gitlab-test] pipeline #31 passed on master (bcbb5ec) http://example.com/gitlab-org/gitlab-test/-/pipelines/31"]],
    ["release", ["[release-webhook-example] published release v1.1 https://example.com/gitlab-org/release-webhook-example/-/releases/v1.1"]],
    ["deployment", ["[test-deployment-webhooks] deployment to staging succeeded by root http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796"]],
  ];
  for (const [name, expected] of cases) assert.deepEqual(formatEvent(event(name)).map(plain), expected, name);
});

test("the normalised event carries what filters and only_changes need", () => {
  const mr = event("merge-request");
  assert.deepEqual([mr.name, mr.action, mr.repository, mr.branch, mr.labels], ["merge_request", "open", "gitlabhq/gitlab-test", "master", ["API"]]);
  const failed = event("pipeline", (payload) => Object.assign(payload.object_attributes as object, { status: "failed" }));
  assert.deepEqual([failed.name, failed.action, failed.state, failed.workflow, failed.branch], ["pipeline", "failed", "failure", "Pipeline for branch: master", "master"]);
  assert.match(formatEvent(failed)[0] ?? "", /\x0304failed\x03/);
  const running = event("pipeline", (payload) => Object.assign(payload.object_attributes as object, { status: "running" }));
  assert.equal(running.state, undefined);
});

test("merge, close and tag deletes read as such; unknown kinds are ignored", () => {
  assert.match(plain(formatEvent(event("merge-request", (p) => Object.assign(p.object_attributes as object, { action: "merge" })))[0] ?? ""), /root merged merge request !1/);
  const deleted = event("push", (p) => Object.assign(p, { after: "0000000000000000000000000000000000000000", commits: [], total_commits_count: 0 }));
  assert.deepEqual(formatEvent(deleted).map(plain), ["[diaspora] jsmith deleted branch master"]);
  assert.deepEqual(normaliseGitlab({ object_kind: "wiki_page" }), { kind: "ignored", reason: "event wiki_page is not announced" });
});

test("X-Gitlab-Token is the secret itself; the delivery id is X-Gitlab-Event-UUID", () => {
  const request = (token?: string) => ({ headers: token === undefined ? {} : { "x-gitlab-token": token } }) as never;
  assert.equal(gitlabSource.verify(request("s3cret"), ["old", "s3cret"]), true);
  assert.equal(gitlabSource.verify(request("s3cre"), ["s3cret"]), false);
  assert.equal(gitlabSource.verify(request(), ["s3cret"]), false);
  assert.deepEqual(gitlabSource.deliveryHeaders, ["x-gitlab-event-uuid"]);
});
