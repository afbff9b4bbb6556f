import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { readDeliveries, redisKeys } from "@helga/shared";
import { fixture } from "../../gateway/test/sources/fixture.js";
import { plain } from "../../gateway/test/sources/plain.js";
import { startAlertmanager, type Alertmanager } from "../harness/alertmanager.js";
import { isRefused, Stack, waitUntil, type Gateway } from "../harness/index.js";
import { locateProgram } from "../harness/test-tools.js";

/**
 * Slack- and Mattermost-format senders as people run them, through real Redis, ngircd, bot and
 * gateway: a real Alertmanager's slack_configs (firing, then resolved, and one sent while the
 * webhooks were stopped), real apprise with mmost://, and the refusals a sender can meet.
 */

const CHANNEL = "#helga-test";
const OTHER = "#helga-ops";
const SECRET = "sl4ck-s3cret";
const MM_SECRET = "mm-t0ken";
const BODY_LIMIT = 16_384;

const SOURCES_YML = `
- name: am-slack
  type: slack
  path: /hooks/slack
  secret: \${SLACK_SECRET}
  channels: ["${CHANNEL}", "${OTHER}"]
- name: mattermost
  type: slack
  path: /mm/hooks
  secret: \${MM_SECRET}
  channels: "${CHANNEL}"
  max_lines: 3
`;

const run = promisify(execFile);

describe("slack-format senders over real IRC: Alertmanager, apprise, and the refusals", () => {
  const stack = new Stack({ channel: CHANNEL, webhooks: { "sources.yml": SOURCES_YML }, env: { CHANNELS: `${CHANNEL},${OTHER}`, SLACK_SECRET: SECRET, MM_SECRET, BODY_LIMIT: String(BODY_LIMIT), DISABLED_WEBHOOKS: "announcements,github" } });
  let gateway: Gateway;
  let alertmanager: Alertmanager;
  const channel = () => stack.observer.messages(CHANNEL).map(plain);
  const said = (line: string, timeoutMs = 20_000) => waitUntil(`"${line}" in ${CHANNEL}`, () => channel().includes(line), timeoutMs);
  const post = async (path: string, body: string | Buffer, headers: Record<string, string> = { "content-type": "application/json" }) => {
    const response = await fetch(`${gateway.url}${path}`, { method: "POST", body, headers });
    return { status: response.status, text: await response.text() };
  };
  /** A marker through the mattermost entry: once it shows, everything queued before it has been said. */
  let markers = 0;
  const flush = async () => {
    const text = `marker ${++markers}`;
    assert.equal((await post(`/mm/hooks/${MM_SECRET}`, JSON.stringify({ text }))).text, "ok");
    await said(text);
  };
  const alert = (endsAt?: string) => ({ labels: { alertname: "DiskFull", severity: "critical", instance: "db1:9100" }, annotations: { summary: "Disk almost full on db1" }, generatorURL: "http://prometheus.example/graph", ...(endsAt ? { endsAt } : {}) });

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0] as Gateway;
    await stack.observer.join(OTHER);
    alertmanager = await startAlertmanager(`  - name: irc\n    slack_configs:\n      - api_url: ${gateway.url}/hooks/slack/${SECRET}\n        send_resolved: true\n`);
  });
  after(async () => {
    await alertmanager?.stop();
    await stack.stop();
  });

  it("Alertmanager's slack_configs: the firing alert and its resolution reach the channel", async () => {
    const link = `${alertmanager.url}/#/alerts?receiver=irc`;
    let started = performance.now();
    await alertmanager.postAlerts([alert()]);
    await said(`▌ [FIRING:1] DiskFull (db1:9100 critical) ${link}`);
    const firing = performance.now() - started;
    started = performance.now();
    await alertmanager.postAlerts([alert(new Date(Date.now() - 1_000).toISOString())]);
    await said(`▌ [RESOLVED] DiskFull (db1:9100 critical) ${link}`);
    const resolved = performance.now() - started;
    process.stdout.write(`# Alertmanager → IRC line: firing ${Math.round(firing)} ms, resolved ${Math.round(resolved)} ms (group_wait 100ms, group_interval 1s)\n`);
    assert.ok(!alertmanager.process.output.some((line) => /level=error/.test(line) && /slack/i.test(line)), `Alertmanager saw no failed notification:\n${alertmanager.process.tail()}`);
  });

  it("apprise's mmost:// posts <path>/hooks/<secret>: its message reaches the channel, max_lines applies", async () => {
    const port = new URL(gateway.url).port;
    const apprise = locateProgram("apprise");
    assert.ok(apprise, "apprise is installed");
    await run(apprise, ["-b", "deploy of web-1 *done*", `mmost://127.0.0.1:${port}/mm/${MM_SECRET}`], { timeout: 30_000 });
    await said("deploy of web-1 done");
    assert.ok(stack.observer.messages(CHANNEL).includes("deploy of web-1 \x02done\x02"), "mrkdwn bold became IRC bold");
    await run(apprise, ["-b", "one\ntwo\nthree\nfour\nfive", `mmost://127.0.0.1:${port}/mm/${MM_SECRET}`], { timeout: 30_000 });
    await said("three … and 2 more lines");
    assert.ok(!channel().includes("four"));
  });

  it("refuses a wrong secret (401), a channel not in the entry (403), malformed JSON (400 why), an oversize body (413): nothing said", async () => {
    const before = channel().length;
    const body = JSON.stringify({ text: "must not be said" });
    assert.equal((await post("/hooks/slack/wrong", body)).status, 401);
    assert.equal((await post("/hooks/slack", body)).status, 401);
    assert.equal((await post(`/hooks/slack/${SECRET}`, JSON.stringify({ text: "must not be said", channel: "#elsewhere" }))).status, 403);
    const malformed = await post(`/hooks/slack/${SECRET}`, '{"text": "must not be said",');
    assert.equal(malformed.status, 400);
    assert.match(malformed.text, /^Malformed JSON body: /);
    assert.equal((await post(`/hooks/slack/${SECRET}`, JSON.stringify({ text: "must not be said", pad: "x".repeat(BODY_LIMIT) }))).status, 413);
    assert.deepEqual(await post(`/hooks/slack/${SECRET}`, JSON.stringify({ username: "nothing" })), { status: 400, text: "Malformed slack payload: no text, attachments or blocks" });
    await flush();
    assert.ok(!channel().slice(before).some((text) => text.includes("must not be said")));
    assert.ok(!gateway.logs().some((line) => JSON.stringify(line).includes(SECRET)), "the secret in the URL is never logged");
  });

  it("channel redirects to a listed channel only; Sentry's form payload= reads as its lines", async () => {
    assert.equal((await post(`/hooks/slack/${SECRET}`, JSON.stringify({ text: "to ops only", channel: OTHER.slice(1) }))).text, "ok");
    await stack.observer.waitForMessage(OTHER, "to ops only");
    const form = new URLSearchParams({ payload: JSON.stringify(fixture("slack/sentry").payload) }).toString();
    assert.equal((await post(`/hooks/slack/${SECRET}`, form, { "content-type": "application/x-www-form-urlencoded" })).text, "ok");
    await said("Project: foo Bar");
    await flush();
    assert.ok(!channel().includes("to ops only"), "the redirect said nothing in the other channel");
  });

  it("CR, LF and NUL inside fields stay text: never a second IRC command", async () => {
    const sneaky = { text: "first\r\nQUIT :bye\u0000", attachments: [{ title: "t\rPRIVMSG #helga-ops :pwned", fields: [{ title: "k", value: "v\nJOIN #evil" }] }] };
    assert.equal((await post(`/hooks/slack/${SECRET}`, JSON.stringify(sneaky))).text, "ok");
    await said("JOIN #evil");
    for (const line of ["first", "QUIT :bye", "t PRIVMSG #helga-ops :pwned", "k: v"]) assert.ok(channel().includes(line), `"${line}" was said as text`);
    assert.ok(!stack.observer.messages(OTHER).includes("pwned"), "no message reached another channel");
    stack.observer.say(CHANNEL, "!webhooks status");
    await stack.observer.waitForMessage(CHANNEL, /^IRC: connected as helgabot in #helga-test/);
  });

  it("counts requests under the source's name, keeps each line in the delivery trail, lists the routes", async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text();
    assert.match(metrics, /helga_gateway_http_requests_total\{[^}]*status="200"[^}]*webhook="am-slack"[^}]*\} \d+/);
    assert.match(metrics, /helga_gateway_http_requests_total\{[^}]*status="401"[^}]*webhook="am-slack"[^}]*\} \d+/);
    assert.match(metrics, /helga_gateway_http_requests_total\{[^}]*status="200"[^}]*webhook="mattermost"[^}]*\} \d+/);
    const { deliveries } = await readDeliveries(stack.redis.client, redisKeys(), { webhook: "am-slack", limit: 100 });
    assert.ok(deliveries.some((delivery) => plain(delivery.text).startsWith("▌ [RESOLVED] DiskFull") && delivery.target === CHANNEL && delivery.status === "sent"), "the resolution is in the trail, sent");
    stack.observer.say(CHANNEL, "!webhooks routes");
    // The bot paces its answer with flood control behind this file's earlier lines.
    const listed = (path: string) => stack.observer.messages(stack.observerNick).some((text) => text === `[POST] ${path}(?:/[^/]+)?/?$`);
    await waitUntil("the slack routes listed", () => listed("/hooks/slack") && listed("/mm/hooks"), 30_000);
  });

  it("while webhooks are stopped the gateway refuses connections; Alertmanager retries and nothing is lost", async () => {
    stack.observer.say(CHANNEL, "!webhooks stop");
    await stack.observer.waitForMessage(CHANNEL, "Webhooks service stopped");
    await waitUntil("the gateway to refuse connections", () => isRefused(`${gateway.url}/hooks/slack/${SECRET}`));
    await alertmanager.postAlerts([{ ...alert(), labels: { alertname: "WhileStopped", severity: "warning", instance: "db2:9100" } }]);
    await waitUntil("Alertmanager to fail a notification", () => alertmanager.process.output.some((line) => line.includes("WhileStopped") || /connection refused/.test(line)), 20_000);
    stack.observer.say(CHANNEL, "!webhooks start");
    await stack.observer.waitForMessage(CHANNEL, "Webhooks service started");
    await said(`▌ [FIRING:1] WhileStopped (db2:9100 warning) ${alertmanager.url}/#/alerts?receiver=irc`, 30_000);
  });
});
