import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { githubExample } from "../../gateway/test/github-examples.js";
import { fixture } from "../../gateway/test/sources/fixture.js";
import { plain } from "../../gateway/test/sources/plain.js";
import { Stack, waitUntil, type Gateway } from "../harness/index.js";

/**
 * sources.yml through real gateways, Redis, bot and IRC server: each type's real payload
 * becomes its line in the channel; refused, replayed and filtered deliveries say nothing;
 * only_changes holds its state in Redis across two gateways; a broken entry is skipped by name.
 */

const CHANNEL = "#helga-test";
const SECRETS = { GH_SECRET: "gh-s3cret", GL_TOKEN: "gl-t0ken", GITEA_SECRET: "gitea-s3cret", AM_TOKEN: "am-t0ken", GRAFANA_TOKEN: "graf-t0ken", CRON_TOKEN: "cron-t0ken" };

const SOURCES_YML = `
- name: gh
  type: github
  path: /hooks/github
  secret: \${GH_SECRET}
  channels: "${CHANNEL}"
  events: [defaults, create]
  repositories: ["Codertocat/*"]
- name: gl
  type: gitlab
  path: /hooks/gitlab
  secret: \${GL_TOKEN}
  channels: "${CHANNEL}"
  branches: [master]
  only_changes: true
- name: forge
  type: gitea
  path: /hooks/gitea
  secret: \${GITEA_SECRET}
  channels: "${CHANNEL}"
- name: am
  type: alertmanager
  path: /hooks/alertmanager
  secret: ["\${AM_TOKEN}", "am:basic-pass"]
  channels: "${CHANNEL}"
  labels: { exclude: ["severity=info"] }
- name: graf
  type: grafana
  path: /hooks/grafana
  secret: \${GRAFANA_TOKEN}
  channels: "${CHANNEL}"
- name: broken
  type: gitlab
  path: /hooks/broken
  secret: x
  channels: ops
- name: cron
  type: json
  path: /hooks/cron
  secret: \${CRON_TOKEN}
  channels: "${CHANNEL}"
  template: "{{#text}}cron: {{text}}{{/text}}"
`;

const github = githubExample;

describe("sources.yml over real IRC, with two gateways", () => {
  const stack = new Stack({ channel: CHANNEL, webhooks: { "sources.yml": SOURCES_YML }, env: { ...SECRETS, DISABLED_WEBHOOKS: "announcements,github" } });
  let one: Gateway;
  let two: Gateway;
  let markers = 0;

  const post = async (gateway: Gateway, path: string, body: Buffer | object, headers: Record<string, string>) => {
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const response = await fetch(`${gateway.url}${path}`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...headers } });
    return { status: response.status, text: await response.text() };
  };
  const channel = () => stack.observer.messages(CHANNEL).map(plain);
  /** The next line said in the channel; everything queued before it has been said by then (one ordered outbox). */
  const said = (line: string) => waitUntil(`"${line}" in ${CHANNEL}`, () => channel().includes(line));
  /** A line through the json source: once it shows, nothing queued before it is still to come. */
  const flush = async () => {
    const text = `marker ${++markers}`;
    assert.equal((await post(one, "/hooks/cron", { text }, { authorization: `Bearer ${SECRETS.CRON_TOKEN}` })).status, 200);
    await said(`cron: ${text}`);
  };
  const count = (line: string) => channel().filter((text) => text === line).length;

  before(async () => {
    await stack.start(2);
    [one, two] = stack.gateways as [Gateway, Gateway];
  });
  after(() => stack.stop());

  it("skips the broken entry with one message naming it, while the others serve and are listed", async () => {
    for (const gateway of stack.gateways) {
      const skipped = gateway.logs().filter((line) => String(line.msg).startsWith('Skipped source "broken": '));
      assert.equal(skipped.length, 1, `${gateway.process.label} names the broken entry once`);
      assert.match(String(skipped[0]?.msg), /sources\.yml: entry 6 \("broken"\): key "channels\.0" must be channels like "#ops"/);
      assert.ok(!gateway.logs().some((line) => JSON.stringify(line).includes(SECRETS.GL_TOKEN)), "no secret in the logs");
    }
    assert.equal((await post(one, "/hooks/broken", {}, {})).status, 404);
    stack.observer.say(CHANNEL, "!webhooks routes");
    const nick = stack.observerNick;
    await waitUntil("the sources listed by `!webhooks routes`", () => stack.observer.messages(nick).some((text) => text === "[POST] /hooks/gitlab/?$"));
    await flush();
  });

  it("github: a signed delivery is said; a bad signature is 401; a replay and a filtered repository say nothing", async () => {
    const body = Buffer.from(JSON.stringify(github("pull_request", 18)));
    const sign = (secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    const headers = (signature: string, id: string) => ({ "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": signature });
    assert.equal((await post(one, "/hooks/github", body, headers(sign("wrong"), "gh-0"))).status, 401);
    assert.equal((await post(one, "/hooks/github", body, headers("", "gh-0"))).status, 401);
    assert.deepEqual(await post(one, "/hooks/github", body, headers(sign(SECRETS.GH_SECRET), "gh-1")), { status: 200, text: "Announced" });
    assert.deepEqual(await post(two, "/hooks/github", body, headers(sign(SECRETS.GH_SECRET), "gh-1")), { status: 200, text: "Already delivered" });
    const line = "[Hello-World] Codertocat reopened pull request #2: Update the README with new information. https://github.com/Codertocat/Hello-World/pull/2";
    await said(line);
    const elsewhere = Buffer.from(JSON.stringify(github("discussion", 0)));
    const signedElsewhere = { "x-github-event": "discussion", "x-github-delivery": "gh-2", "x-hub-signature-256": `sha256=${createHmac("sha256", SECRETS.GH_SECRET).update(elsewhere).digest("hex")}` };
    assert.deepEqual(await post(two, "/hooks/github", elsewhere, signedElsewhere), { status: 202, text: "Ignored: repository octo-org/octo-repo is not in repositories" });
    await flush();
    assert.equal(count(line), 1, "said once");
    assert.ok(!channel().some((text) => text.includes("Welcome to discussions")), "the filtered repository said nothing");
  });

  it("gitlab: token checked, replay guarded by X-Gitlab-Event-UUID, branches filtered", async () => {
    const { headers, payload } = fixture("gitlab/merge-request");
    const send = (token: string, uuid: string, body: object = payload) => post(two, "/hooks/gitlab", body, { ...headers, "X-Gitlab-Token": token, "X-Gitlab-Event-UUID": uuid });
    assert.equal((await send("wrong", "gl-0")).status, 401);
    assert.equal((await send("", "gl-0")).status, 401);
    assert.equal((await send(SECRETS.GL_TOKEN, "gl-1")).text, "Announced");
    assert.equal((await send(SECRETS.GL_TOKEN, "gl-1")).text, "Already delivered");
    const line = "[gitlab-test] root opened merge request !1: MS-Viewport http://example.com/diaspora/merge_requests/1";
    await said(line);
    const push = fixture("gitlab/push");
    const elsewhere = { ...push.payload, ref: "refs/heads/feature/x" };
    assert.deepEqual(await post(one, "/hooks/gitlab", elsewhere, { ...push.headers, "X-Gitlab-Token": SECRETS.GL_TOKEN, "X-Gitlab-Event-UUID": "gl-2" }), { status: 202, text: "Ignored: branch feature/x is not in branches" });
    await flush();
    assert.equal(count(line), 1);
    assert.ok(!channel().some((text) => text.includes("feature/x")));
  });

  it("gitlab only_changes across two gateways: fail, fail (silent), success (fixed), success (silent)", async () => {
    const { headers, payload } = fixture("gitlab/pipeline");
    let n = 0;
    const run = (gateway: Gateway, status: string) =>
      post(gateway, "/hooks/gitlab", { ...payload, object_attributes: { ...(payload.object_attributes as object), status } }, { ...headers, "X-Gitlab-Token": SECRETS.GL_TOKEN, "X-Gitlab-Event-UUID": `pipe-${++n}` });
    const failed = "[gitlab-test] pipeline #31 failed on master (bcbb5ec) http://example.com/gitlab-org/gitlab-test/-/pipelines/31";
    const fixed = "[gitlab-test] pipeline #31 fixed on master (bcbb5ec) http://example.com/gitlab-org/gitlab-test/-/pipelines/31";
    assert.equal((await run(one, "failed")).text, "Announced");
    await said(failed);
    assert.deepEqual(await run(two, "failed"), { status: 202, text: "Ignored: still failing (only_changes)" });
    assert.equal((await run(two, "success")).text, "Announced");
    await said(fixed);
    assert.deepEqual(await run(one, "success"), { status: 202, text: "Ignored: still passing (only_changes)" });
    await flush();
    assert.deepEqual([count(failed), count(fixed)], [1, 1]);
    assert.ok(!channel().some((text) => text.includes("pipeline #31 passed")));
  });

  it("gitea and forgejo: X-Gitea-Signature or X-Forgejo-Signature over the raw body, delivery ids guarded", async () => {
    const { headers, payload } = fixture("gitea/push");
    const body = Buffer.from(JSON.stringify(payload));
    const signature = createHmac("sha256", SECRETS.GITEA_SECRET).update(body).digest("hex");
    assert.equal((await post(one, "/hooks/gitea", body, { ...headers, "X-Gitea-Signature": "00" })).status, 401);
    assert.equal((await post(one, "/hooks/gitea", body, { ...headers })).status, 401);
    assert.equal((await post(one, "/hooks/gitea", body, { ...headers, "X-Gitea-Signature": signature })).text, "Announced");
    assert.equal((await post(two, "/hooks/gitea", body, { ...headers, "X-Gitea-Signature": signature })).text, "Already delivered");
    const forgejo = { "X-Forgejo-Delivery": "forgejo-1", "X-Forgejo-Event": "create", "X-Forgejo-Signature": "" };
    const created = Buffer.from(JSON.stringify(fixture("gitea/create").payload));
    forgejo["X-Forgejo-Signature"] = createHmac("sha256", SECRETS.GITEA_SECRET).update(created).digest("hex");
    assert.equal((await post(two, "/hooks/gitea", created, forgejo)).text, "Announced");
    await said("[repo] user1 created branch test");
    assert.equal(count("[webhooks] gitea pushed 1 commit to develop: bffeb74 Webhooks Yay! http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a"), 1);
  });

  it("alertmanager (bearer or basic auth) and grafana: one line per group, refused without auth", async () => {
    const { payload } = fixture("alertmanager/firing");
    assert.equal((await post(one, "/hooks/alertmanager", payload, {})).status, 401);
    assert.equal((await post(one, "/hooks/alertmanager", payload, { authorization: "Bearer nope" })).status, 401);
    assert.equal((await post(one, "/hooks/alertmanager", payload, { authorization: `Bearer ${SECRETS.AM_TOKEN}` })).text, "Announced");
    const resolved = { ...payload, status: "resolved", alerts: (payload.alerts as object[]).slice(0, 1).map((alert) => ({ ...alert, status: "resolved" })) };
    assert.equal((await post(two, "/hooks/alertmanager", resolved, { authorization: `Basic ${Buffer.from("am:basic-pass").toString("base64")}` })).text, "Announced");
    await said("[RESOLVED:1] HighLatency (critical) API latency above 2s for 5 minutes http://prometheus.example.com:9090/graph?g0.expr=latency_seconds+%3E+2&g0.tab=1");
    assert.equal(count("[FIRING:2] HighLatency (critical) API latency above 2s for 5 minutes http://prometheus.example.com:9090/graph?g0.expr=latency_seconds+%3E+2&g0.tab=1"), 1);
    const info = { ...payload, commonLabels: { ...(payload.commonLabels as object), severity: "info" }, commonAnnotations: { summary: "only informative" } };
    assert.deepEqual(await post(one, "/hooks/alertmanager", info, { authorization: `Bearer ${SECRETS.AM_TOKEN}` }), { status: 202, text: "Ignored: label severity=info is in labels.exclude" });
    const grafana = fixture("grafana/firing").payload;
    assert.equal((await post(two, "/hooks/grafana", grafana, { authorization: "Bearer wrong" })).status, 401);
    assert.equal((await post(two, "/hooks/grafana", grafana, { authorization: `Bearer ${SECRETS.GRAFANA_TOKEN}` })).text, "Announced");
    await said("  High CPU usage zone=eu-1: This alert was triggered for zone eu-1");
    assert.equal(count("[FIRING:2] High memory usage, High CPU usage https://play.grafana.org/"), 1);
  });

  it("json: the template's line; an empty render sends nothing and says why in the log", async () => {
    assert.ok(!channel().some((text) => text.includes("only informative")), "the excluded alert said nothing");
    assert.deepEqual(await post(two, "/hooks/cron", { other: 1 }, { authorization: `Bearer ${SECRETS.CRON_TOKEN}` }), { status: 202, text: "Ignored: the template rendered nothing" });
    await two.waitForLog("source cron: nothing sent: the template rendered nothing");
    assert.equal((await post(two, "/hooks/cron", { text: "x" }, {})).status, 401);
    await flush();
  });

  it("`!webhooks reload` reads sources.yml again on every gateway: the fixed entry serves", async () => {
    stack.writeWebhook("sources.yml", SOURCES_YML.replace("  channels: ops\n", `  channels: "${CHANNEL}"\n`));
    stack.observer.say(CHANNEL, "!webhooks reload");
    await stack.observer.waitForMessage(CHANNEL, "Reloaded webhooks on 2 gateway(s): 14 routes");
    const { headers, payload } = fixture("gitlab/release");
    for (const gateway of stack.gateways) {
      const response = await post(gateway, "/hooks/broken", payload, { ...headers, "X-Gitlab-Token": "x", "X-Gitlab-Event-UUID": `release-${gateway.port}` });
      assert.deepEqual(response, { status: 200, text: "Announced" }, gateway.process.label);
    }
    await flush();
    assert.equal(count("[release-webhook-example] published release v1.1 https://example.com/gitlab-org/release-webhook-example/-/releases/v1.1"), 2);
  });

  it("counts requests per source name in the metrics", async () => {
    const text = await (await fetch(`http://127.0.0.1:${one.adminPort}/metrics`)).text();
    assert.match(text, /helga_gateway_http_requests_total\{[^}]*route="\/hooks\/gitlab\/\?\$"[^}]*webhook="gl"[^}]*\} \d+/);
    assert.match(text, /helga_gateway_http_requests_total\{[^}]*status="401"[^}]*webhook="gh"[^}]*\} \d+/);
  });
});
