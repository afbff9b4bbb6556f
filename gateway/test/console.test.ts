import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { appendCommand, createAdminServer, createRedis, encodeOutboxCommand, redisKeys, trailFields, type AdminServer, type OutboxCommand, type Redis } from "@helga/shared";
import { Registry } from "prom-client";
import { startRedis, type RedisServer } from "../../test/harness/index.js";
import { createConsoleRoutes } from "../src/console/create-console-routes.js";
import { createCsrfTokens } from "../src/console/csrf-tokens.js";
import { parseDeliveriesQuery } from "../src/console/deliveries-query.js";
import { deliveryChart } from "../src/console/delivery-chart.js";
import { captureLogger } from "./helpers/capture-logger.js";

describe("console pieces", () => {
  it("parses /deliveries' query, naming the bad value", () => {
    assert.deepEqual(parseDeliveriesQuery(new URLSearchParams("")), { limit: 50 });
    assert.deepEqual(parseDeliveriesQuery(new URLSearchParams("webhook=gh&target=%23a&status=dead&requestId=r1&limit=5&after=17-2&extra=x")), {
      limit: 5, webhook: "gh", target: "#a", status: "dead", requestId: "r1", after: "17-2",
    });
    assert.deepEqual(parseDeliveriesQuery(new URLSearchParams("webhook=&target=++&status=")), { limit: 50 }, "blank form fields are no filter");
    const cases: Array<[string, RegExp]> = [
      ["status=lost", /^status: must be one of queued, sent, failed, dead, replayed, discarded \(got "lost"\)$/],
      ["limit=0", /^limit: must be a whole number from 1 to 500 \(got "0"\)$/],
      ["limit=1.5", /^limit: /],
      ["after=abc", /^after: must be a delivery id from "next" \(got "abc"\)$/],
    ];
    for (const [query, message] of cases) assert.throws(() => parseDeliveriesQuery(new URLSearchParams(query)), { name: "QueryError", message });
  });

  it("CSRF tokens: the user's own passes; another user's, a forged or an empty one does not", () => {
    const tokens = createCsrfTokens();
    const token = tokens.issue("alice");
    assert.equal(tokens.verify("alice", token), true);
    assert.equal(tokens.verify("bob", token), false);
    assert.equal(tokens.verify("alice", `${token}x`), false);
    assert.equal(tokens.verify("alice", ""), false);
    assert.equal(tokens.verify("alice", undefined), false);
    assert.equal(createCsrfTokens().verify("alice", token), false, "another gateway's (or an earlier start's) key");
  });

  it("charts each minute's sent and failures, scaled to the busiest minute", () => {
    const chart = deliveryChart([
      { at: 0, sent: 0, failed: 0, dead: 0 },
      { at: 60_000, sent: 6, failed: 1, dead: 1 },
      { at: 120_000, sent: 4, failed: 0, dead: 0 },
    ]);
    assert.equal(chart.peak, 8);
    assert.deepEqual([chart.sent, chart.failed], [10, 2]);
    assert.deepEqual(chart.bars.map((bar) => [bar.sentHeight, bar.failedHeight]), [[0, 0], [60, 20], [40, 0]]);
    assert.equal(chart.bars[1]!.failedY + chart.bars[1]!.failedHeight, chart.bars[1]!.sentY, "failures stack on top of sent");
    assert.equal(chart.bars[1]!.title, "00:01 UTC: 6 sent, 1 failed, 1 dead-lettered");
  });
});

describe("console routes on a real admin server and Redis", () => {
  let server: RedisServer;
  let redis: Redis;
  let admin: AdminServer;
  let off: AdminServer;
  const offLog = captureLogger();
  const keys = redisKeys("console-unit");
  const auth = { authorization: `Basic ${Buffer.from("ops:pw").toString("base64")}` };

  before(async () => {
    server = await startRedis();
    redis = createRedis(server.url, { name: "console-unit", logger: offLog.logger });
    await redis.connect();
    const base = { port: 0, host: "127.0.0.1", checks: {}, metrics: new Registry() };
    const routes = (credentials: ReadonlyArray<readonly [string, string]>, logger = captureLogger().logger) =>
      createConsoleRoutes({ redis, keys, trail: { max: 100, maxAgeSeconds: 3600 }, credentials, gatewayId: "gw-test", logger });
    admin = await createAdminServer({ ...base, logger: captureLogger().logger, routes: routes([["ops", "pw"]]) });
    off = await createAdminServer({ ...base, logger: offLog.logger, routes: routes([], offLog.logger) });
  });
  after(async () => {
    await admin.close();
    await off.close();
    redis.disconnect();
    await server.stop();
  });
  const url = (path: string, port = admin.port) => `http://127.0.0.1:${port}${path}`;

  it("is off without CONSOLE_CREDENTIALS: 404 saying so, one log line, the rest of the admin port unchanged", async () => {
    const response = await fetch(url("/console", off.port), { headers: auth });
    assert.equal(response.status, 404);
    assert.equal(await response.text(), "console off: set CONSOLE_CREDENTIALS\n");
    assert.equal((await fetch(url("/deliveries", off.port))).status, 404);
    assert.equal((await fetch(url("/healthz", off.port))).status, 200);
    assert.equal(offLog.lines.filter((line) => String(line.msg).startsWith("console off")).length, 1);
  });

  it("escapes what webhooks sent: a message's text cannot put markup on the page", async () => {
    const command: OutboxCommand = { op: "msg", target: "#a", text: '<script>alert("x")</script><img src=x onerror=1>', requestId: "r-xss", queuedAt: Date.now(), webhook: "evil" };
    await appendCommand(redis, keys, { max: 100, maxAgeSeconds: 3600 }, { payload: encodeOutboxCommand(command), fields: trailFields(command), now: Date.now(), outboxMax: 100 });
    const response = await fetch(url("/console"), { headers: auth });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(!html.includes("<script>") && !html.includes("<img"), "no markup from the message");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt;"));
    assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    assert.equal(response.headers.get("x-frame-options"), "DENY");
    assert.equal(response.headers.get("cache-control"), "no-store");
  });

  it("reads the trail of the network asked for (`network`, default the default one) and names a bad one", async () => {
    const oftc = keys.forNetwork("oftc");
    const command: OutboxCommand = { op: "msg", target: "#oftc", text: "on oftc", requestId: "r-oftc", queuedAt: Date.now() };
    await appendCommand(redis, oftc, { max: 100, maxAgeSeconds: 3600 }, { payload: encodeOutboxCommand(command), fields: trailFields(command), now: Date.now(), outboxMax: 100 });
    const read = async (query: string) => (await (await fetch(url(`/deliveries${query}`), { headers: auth })).json()) as { deliveries: Array<{ requestId: string }> };
    assert.deepEqual((await read("?network=oftc")).deliveries.map((d) => d.requestId), ["r-oftc"]);
    assert.ok(!(await read("")).deliveries.some((d) => d.requestId === "r-oftc"));
    const bad = await fetch(url("/deliveries?network=Libera%20Chat"), { headers: auth });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /^network: must be 1 to 32 lower-case letters, .* \(got "Libera Chat"\)$/m);
  });

  it("answers 405 to other methods, 400 to a bad filter or form, 404 to unknown console paths", async () => {
    assert.equal((await fetch(url("/console"), { method: "PUT", headers: auth })).status, 405);
    assert.equal((await fetch(url("/console/deadletters"), { headers: auth })).status, 405);
    assert.equal((await fetch(url("/console?status=nope"), { headers: auth })).status, 400);
    assert.equal((await fetch(url("/console/elsewhere"), { headers: auth })).status, 404);
    const page = await (await fetch(url("/console"), { headers: auth })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const form = (body: string) => fetch(url("/console/webhooks"), { method: "POST", redirect: "manual", headers: { ...auth, "content-type": "application/x-www-form-urlencoded" }, body });
    const bad = await form(`csrf=${encodeURIComponent(csrf)}&enabled=maybe`);
    assert.equal(bad.status, 400);
    assert.equal(await bad.text(), 'enabled: must be "1" or "0"\n');
    const json = await fetch(url("/console/webhooks"), { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{}" });
    assert.equal(json.status, 400);
    const ok = await form(`csrf=${encodeURIComponent(csrf)}&enabled=0`);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), "/console?done=stopped");
    assert.equal(await redis.get(keys.webhooksEnabled), "0");
  });
});
