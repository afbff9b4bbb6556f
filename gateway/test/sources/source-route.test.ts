import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { HttpError } from "../../src/api/http-error.js";
import { createTestClient, createTestKit } from "../../src/testing/index.js";
import { applyOnlyChanges, type CiStates } from "../../src/sources/core/only-changes.js";
import { sourceEntrySchema } from "../../src/sources/loading/source-entry.js";
import { sourceRoute } from "../../src/sources/core/source-route.js";
import { SOURCE_TYPES } from "../../src/sources/source-types.js";
import type { SourceEvent } from "../../src/sources/core/source-event.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { fixture } from "./fixture.js";

/** only_changes' store in memory: what Redis' SET … GET does for one process. */
function memoryCiStates(): CiStates {
  const states = new Map<string, SourceEvent["state"]>();
  return {
    swap: async (source, event, state) => {
      const key = [source, event.repository, event.branch, event.workflow].join("|");
      const previous = states.get(key);
      states.set(key, state);
      return previous;
    },
  };
}

function setup(entry: Record<string, unknown>) {
  const parsed = sourceEntrySchema.parse({ channels: "#dev", secret: "s3cret", ...entry });
  const { logger, lines } = captureLogger();
  const route = sourceRoute(parsed, SOURCE_TYPES[parsed.type], { logger, ciStates: memoryCiStates() });
  return { route, kit: createTestKit(), logs: lines };
}

const gitlab = (name: string, token = "s3cret", uuid: string = crypto.randomUUID(), change: (payload: Record<string, unknown>) => void = () => undefined) => {
  const { headers, payload } = fixture(`gitlab/${name}`);
  change(payload);
  return { method: "POST", path: "/hooks/gitlab", body: payload, headers: { ...headers, "X-Gitlab-Token": token, "X-Gitlab-Event-UUID": uuid } };
};

test("a verified delivery is said in every channel; a wrong or missing token is 401 and says nothing", async () => {
  const { route, kit } = setup({ name: "gl", type: "gitlab", path: "/hooks/gitlab", channels: ["#dev", "#ops"] });
  const ok = await kit.call(route, gitlab("merge-request"));
  assert.equal(ok.status, 200);
  assert.equal(ok.text, "Announced");
  assert.deepEqual(ok.calls.map((call) => call.op === "msg" && call.target), ["#dev", "#ops"]);
  for (const token of ["wrong", ""]) {
    const refused = await kit.call(route, gitlab("merge-request", token));
    assert.equal(refused.status, 401);
    assert.equal(refused.text, "Invalid or missing X-Gitlab-Token");
    assert.deepEqual(refused.calls, []);
  }
});

test("an entry with network: speaks on that network", async () => {
  const { route, kit } = setup({ name: "gl", type: "gitlab", path: "/hooks/gitlab", network: "oftc" });
  const ok = await kit.call(route, gitlab("merge-request"));
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.calls.map((call) => [call.network, call.target]), [["oftc", "#dev"]]);
});

test("a replayed delivery id is acknowledged and not said twice", async () => {
  const { route, kit } = setup({ name: "gl", type: "gitlab", path: "/hooks/gitlab" });
  const first = await kit.call(route, gitlab("issue", "s3cret", "uuid-1"));
  const again = await kit.call(route, gitlab("issue", "s3cret", "uuid-1"));
  assert.equal(first.calls.length, 1);
  assert.deepEqual([again.status, again.text, again.calls.length], [200, "Already delivered", 0]);
});

test("filters drop what they should, answering 202 with the reason", async () => {
  const { route, kit, logs } = setup({ name: "gl", type: "gitlab", path: "/hooks/gitlab", events: ["defaults"], branches: ["release/*"], labels: { exclude: ["wip"] } });
  const push = await kit.call(route, gitlab("push"));
  assert.deepEqual([push.status, push.text, push.calls.length], [202, "Ignored: branch master is not in branches", 0]);
  const released = await kit.call(route, gitlab("push", "s3cret", crypto.randomUUID(), (payload) => (payload.ref = "refs/heads/release/2.0")));
  assert.equal(released.calls.length, 3);
  const updated = await kit.call(route, gitlab("issue", "s3cret", crypto.randomUUID(), (payload) => Object.assign(payload.object_attributes as object, { action: "update" })));
  assert.deepEqual([updated.status, updated.text], [202, "Ignored: event issue.update is not in events"]);
  assert.ok(logs.some((line) => line.source === "gl" && String(line.msg).includes("nothing sent: event issue.update is not in events")));
  const wip = await kit.call(route, gitlab("issue", "s3cret", crypto.randomUUID(), (payload) => (payload.labels = [{ title: "wip" }])));
  assert.deepEqual([wip.status, wip.text], [202, "Ignored: label wip is in labels.exclude"]);
});

test("a template overrides the line; one that renders empty sends nothing and says why", async () => {
  const { route, kit, logs } = setup({ name: "cron", type: "json", path: "/cron", template: "{{#failed}}Backup of {{host}} failed: {{error}}{{/failed}}" });
  const bearer = { authorization: "Bearer s3cret" };
  const failed = await kit.call(route, { method: "POST", path: "/cron", headers: bearer, body: { failed: true, host: "db1", error: "disk <full> & more" } });
  assert.deepEqual(failed.calls, [{ op: "msg", target: "#dev", text: "Backup of db1 failed: disk <full> & more" }]);
  const fine = await kit.call(route, { method: "POST", path: "/cron", headers: bearer, body: { failed: false, host: "db1" } });
  assert.deepEqual([fine.status, fine.text, fine.calls.length], [202, "Ignored: the template rendered nothing", 0]);
  assert.ok(logs.some((line) => line.msg === "source cron: nothing sent: the template rendered nothing"));
  const anonymous = await kit.call(route, { method: "POST", path: "/cron", body: { failed: true } });
  assert.equal(anonymous.status, 401);
  const perEvent = setup({ name: "gl", type: "gitlab", path: "/hooks/gitlab", template: { "merge_request.open": "MR {{object_attributes.title}} by {{user.username}}" } });
  const mr = await perEvent.kit.call(perEvent.route, gitlab("merge-request"));
  assert.deepEqual(mr.calls, [{ op: "msg", target: "#dev", text: "MR MS-Viewport by root" }]);
  const issue = await perEvent.kit.call(perEvent.route, gitlab("issue"));
  assert.match(issue.calls[0]?.op === "msg" ? (issue.calls[0].text ?? "") : "", /opened.*issue #23/);
});

test("only_changes: fail → fail (silent) → success ('fixed') → success (silent)", async () => {
  const states = memoryCiStates();
  const run = (state: "success" | "failure", branch = "main") => applyOnlyChanges(states, "ci", { kind: "ci", name: "pipeline", repository: "g/p", branch, workflow: "build", state });
  assert.deepEqual(await run("failure"), { event: { kind: "ci", name: "pipeline", repository: "g/p", branch: "main", workflow: "build", state: "failure" } });
  assert.deepEqual(await run("failure"), { silent: "still failing (only_changes)" });
  assert.equal(((await run("success")) as { event: SourceEvent }).event.fixed, true);
  assert.deepEqual(await run("success"), { silent: "still passing (only_changes)" });
  assert.deepEqual(await run("success", "other"), { silent: "still passing (only_changes)" }, "a first green run is not news");
  const push: SourceEvent = { kind: "push", name: "push" };
  assert.deepEqual(await applyOnlyChanges(states, "ci", push), { event: push });
});

test("GitHub through a source: signature, delivery id, pong", async () => {
  const { route, kit } = setup({ name: "gh", type: "github", path: "/hooks/github/", events: ["defaults", "create"] });
  const body = Buffer.from(JSON.stringify({ ref: "v1", ref_type: "tag", repository: { full_name: "o/r" }, sender: { login: "me" } }));
  const signed = (signature: string, id = crypto.randomUUID(), event = "create") => ({ method: "POST", path: "/hooks/github", body, headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signature } });
  const good = `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`;
  assert.deepEqual((await kit.call(route, signed(good))).calls, [{ op: "msg", target: "#dev", text: "[\x0313r\x03] \x0315me\x03 \x0303created\x03 tag \x0306v1\x03" }]);
  assert.equal((await kit.call(route, signed("sha256=00"))).status, 401);
  assert.equal((await kit.call(route, signed(good, crypto.randomUUID(), "ping"))).text, "pong");
  assert.equal((await kit.call(route, { ...signed(good), path: "/hooks/github/" })).status, 200);
});

test("a full outbox is 503 like any route, and the sender's retry of that delivery is handled", async () => {
  const parsed = sourceEntrySchema.parse({ name: "gl", type: "gitlab", path: "/hooks/gitlab", channels: "#dev", secret: "s3cret" });
  const route = sourceRoute(parsed, SOURCE_TYPES.gitlab, { logger: captureLogger().logger, ciStates: memoryCiStates() });
  const recording = createTestClient();
  let full = true;
  const client = Object.assign(Object.create(recording) as typeof recording, {
    msg: async (target: string, text: string) => {
      if (full) throw new HttpError(503, "IRC outbox is full; retry later", { "retry-after": "5" });
      return recording.msg(target, text);
    },
  });
  const kit = createTestKit({ client });
  const refused = await kit.call(route, gitlab("issue", "s3cret", "uuid-full"));
  assert.deepEqual([refused.status, refused.text, refused.headers["retry-after"]], [503, "IRC outbox is full; retry later", "5"]);
  full = false;
  const retried = await kit.call(route, gitlab("issue", "s3cret", "uuid-full"));
  assert.deepEqual([retried.status, retried.text, retried.calls.length], [200, "Announced", 1]);
});
