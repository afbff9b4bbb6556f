import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { redisKeys } from "@helga/shared";
import { isRefused, post, Stack, waitUntil, type Gateway, type LogLine } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const SAY_ROUTE = String.raw`/say/(?P<channel>[\w\-_]+)$`;

/** Values of the samples of `name` whose labels include all of `labels` (Prometheus text format). */
function samples(text: string, name: string, labels: Readonly<Record<string, string>>): number[] {
  const values: number[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value!.replace(/\\(.)/g, "$1")]));
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) values.push(Number(match[3]));
  }
  return values;
}

/** The summed value of a metric that must be there. */
function metric(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  const values = samples(text, name, labels);
  if (values.length === 0) throw new Error(`no sample of ${name} ${JSON.stringify(labels)}`);
  return values.reduce((sum, value) => sum + value, 0);
}

/** A labelled counter's value; a label set not seen yet counts 0. */
function count(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  return samples(text, name, labels).reduce((sum, value) => sum + value, 0);
}

async function get(port: number, path: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, text: await response.text(), type: response.headers.get("content-type") };
}

describe("admin ports: health, readiness and metrics of both services", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK } });
  let gateway: Gateway;
  let botAdmin: number;

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0]!;
    botAdmin = Number(stack.bot.env.ADMIN_PORT);
  });
  after(() => stack.stop());

  it("gateway: /healthz is ok and /readyz names Redis and webhooks as ready", async () => {
    assert.deepEqual(await get(gateway.adminPort, "/healthz"), { status: 200, text: "ok\n", type: "text/plain; charset=utf-8" });
    const ready = await waitUntil("gateway ready", async () => {
      const answer = await get(gateway.adminPort, "/readyz");
      return answer.status === 200 ? answer : undefined;
    });
    assert.deepEqual(JSON.parse(ready.text), { ready: true, checks: { redis: true, webhooks: true } });
  });

  it("bot: /healthz is ok and /readyz names IRC and channels as ready", async () => {
    assert.equal((await get(botAdmin, "/healthz")).status, 200);
    const ready = await waitUntil("bot ready", async () => {
      const answer = await get(botAdmin, "/readyz");
      return answer.status === 200 ? answer : undefined;
    });
    assert.deepEqual(JSON.parse(ready.text), { ready: true, checks: { irc: true, channels: true } });
  });

  it("metrics move with traffic: requests by route and status, outbox appends, messages sent", async () => {
    const gatewayBefore = (await get(gateway.adminPort, "/metrics")).text;
    const botBefore = (await get(botAdmin, "/metrics")).text;
    const sentBefore = stack.observer.messages(stack.channel).length;
    for (let i = 0; i < 3; i++) assert.equal((await post(`${gateway.url}/say/helga-test`, { text: `counted ${i}` })).status, 200);
    assert.equal((await post(`${gateway.url}/no/such/route`, {})).status, 404);
    await stack.observer.waitForMessages(stack.channel, sentBefore + 3);

    const after = await get(gateway.adminPort, "/metrics");
    assert.match(after.type ?? "", /^text\/plain/);
    const requests = (text: string, labels: Record<string, string>) => count(text, "helga_gateway_http_requests_total", labels);
    const ok = { route: SAY_ROUTE, method: "POST", status: "200" };
    assert.equal(requests(after.text, ok) - requests(gatewayBefore, ok), 3);
    const unmatched = { route: "unmatched", method: "POST", status: "404" };
    assert.equal(requests(after.text, unmatched) - requests(gatewayBefore, unmatched), 1);
    const appends = (text: string) => count(text, "helga_gateway_outbox_appends_total", { op: "msg" });
    assert.equal(appends(after.text) - appends(gatewayBefore), 3);
    assert.ok(metric(after.text, "helga_gateway_http_request_duration_seconds_count", { route: SAY_ROUTE }) >= 3);
    assert.ok(metric(after.text, "process_resident_memory_bytes") > 0);

    // The bot counts after its write returns, which can trail the observer by a moment.
    const sent = (text: string) => count(text, "helga_bot_messages_sent_total", { op: "msg" });
    await waitUntil("the bot to count 3 more messages", async () => sent((await get(botAdmin, "/metrics")).text) - sent(botBefore) === 3);
    const bot = (await get(botAdmin, "/metrics")).text;
    assert.equal(metric(bot, "helga_bot_outbox_depth"), 0);
    assert.equal(metric(bot, "helga_bot_outbox_lag_seconds"), 0);
    assert.equal(metric(bot, "helga_bot_irc_connected"), 1);
    assert.ok(metric(bot, "helga_bot_delivery_seconds_count") >= 3);
  });

  it("the request id follows a webhook from the gateway's access log to the bot's send", async () => {
    const requestId = "admin-test-request-1";
    const since = { gateway: gateway.logCount, bot: stack.bot.logCount };
    const response = await post(`${gateway.url}/say/helga-test`, { text: "traced" }, { "x-request-id": requestId });
    assert.equal(response.headers.get("x-request-id"), requestId);
    const withId = (line: LogLine) => line.requestId === requestId;
    const access = await waitUntil("the access log line", () => gateway.logs().slice(since.gateway).find((line) => withId(line) && line.msg === "request"));
    assert.equal(access.level, 30, "info");
    assert.equal(access.method, "POST");
    assert.equal(access.route, SAY_ROUTE);
    assert.equal(access.status, 200);
    assert.equal(typeof access.ms, "number");
    assert.ok(!JSON.stringify(access).includes("/say/helga-test"), "the access log names the route pattern, not the path");
    const sent = await waitUntil("the bot's send log line", () => stack.bot.logs().slice(since.bot).find((line) => withId(line) && line.msg === "outbox command sent"));
    assert.equal(sent.op, "msg");
    assert.equal(sent.level, 20, "debug: a line per command only when asked for");
    const summary = await waitUntil("the bot's summary of what it sent", () =>
      stack.bot.logs().slice(since.bot).find((line) => typeof line.msg === "string" && line.msg.startsWith("outbox commands sent") && (line.requestIds as unknown[] | undefined)?.includes(requestId)),
    );
    assert.equal(summary.level, 30, "info, so the trail is there at the default LOG_LEVEL");
  });

  it("answers `!webhooks status` in the channel", async () => {
    // "queued" counts every entry the IRC server has not confirmed yet, so the messages of the
    // test before count until their PING fence is answered (paced by flood control): ask once drained.
    const { outbox } = redisKeys();
    await waitUntil("the outbox drained", async () => (await stack.redis.client.xlen(outbox)) === 0);
    stack.observer.say(stack.channel, "!webhooks status");
    await stack.observer.waitForMessage(stack.channel, /^IRC: connected as helgabot in #helga-test; webhooks: on; gateways: 1 live; outbox: 0 queued; active bot: [\w.@:-]+ \(lease token \d+\)$/);
  });

  it("after `!webhooks stop`: gateway not ready, still healthy, admin port and metrics still answer", async () => {
    stack.observer.say(stack.channel, "!webhooks stop");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service stopped");
    await waitUntil("the webhook listener to close", () => isRefused(`${gateway.url}/say/x`));
    const ready = await waitUntil("gateway /readyz to say 503", async () => {
      const answer = await get(gateway.adminPort, "/readyz");
      return answer.status === 503 ? answer : undefined;
    });
    assert.deepEqual(JSON.parse(ready.text), { ready: false, checks: { redis: true, webhooks: false } });
    assert.equal((await get(gateway.adminPort, "/healthz")).status, 200);
    assert.equal(metric((await get(gateway.adminPort, "/metrics")).text, "helga_gateway_webhooks_enabled"), 0);
    assert.equal((await get(botAdmin, "/readyz")).status, 200, "the bot stays ready: IRC is fine");

    stack.observer.say(stack.channel, "!webhooks status");
    await stack.observer.waitForMessage(stack.channel, /; webhooks: off; /);
  });

  it("is ready again after `!webhooks start`", async () => {
    stack.observer.say(stack.channel, "!webhooks start");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service started");
    await waitUntil("gateway /readyz to say 200", async () => (await get(gateway.adminPort, "/readyz")).status === 200);
    assert.equal(metric((await get(gateway.adminPort, "/metrics")).text, "helga_gateway_webhooks_enabled"), 1);
  });

  it("gateway: not ready while Redis is down, ready again after it returns, the reconnect counted", async () => {
    stack.redis.client.on("error", () => undefined); // the harness's own client sees the outage too
    await stack.redis.process.stop("SIGKILL");
    const down = await waitUntil("gateway /readyz to name Redis", async () => {
      const answer = await get(gateway.adminPort, "/readyz");
      return answer.status === 503 ? answer : undefined;
    });
    assert.equal(JSON.parse(down.text).checks.redis, false);
    assert.equal((await get(gateway.adminPort, "/healthz")).status, 200);
    const bot = (await get(botAdmin, "/metrics")).text;
    assert.ok(Number.isNaN(metric(bot, "helga_bot_outbox_depth")), "an unknown depth reads NaN, not 0");

    await stack.redis.restart();
    await waitUntil("gateway /readyz to say 200", async () => (await get(gateway.adminPort, "/readyz")).status === 200, 20_000);
    assert.ok(metric((await get(gateway.adminPort, "/metrics")).text, "helga_gateway_redis_reconnects_total") >= 1);
    await waitUntil("the bot to count its Redis reconnect", async () =>
      metric((await get(botAdmin, "/metrics")).text, "helga_bot_reconnects_total", { connection: "redis" }) >= 1, 20_000);
  });

  it("bot: not ready while the IRC server is down, ready again after it returns, the reconnect counted", async () => {
    await stack.ircd.process.stop("SIGKILL");
    const down = await waitUntil("bot /readyz to name IRC", async () => {
      const answer = await get(botAdmin, "/readyz");
      return answer.status === 503 ? answer : undefined;
    });
    assert.deepEqual(JSON.parse(down.text), { ready: false, checks: { irc: false, channels: false } });
    assert.equal((await get(botAdmin, "/healthz")).status, 200);
    assert.equal(metric((await get(botAdmin, "/metrics")).text, "helga_bot_irc_connected"), 0);

    await stack.ircd.restart();
    await waitUntil("bot /readyz to say 200", async () => (await get(botAdmin, "/readyz")).status === 200, 30_000);
    const text = (await get(botAdmin, "/metrics")).text;
    assert.equal(metric(text, "helga_bot_reconnects_total", { connection: "irc" }), 1);
    assert.equal(metric(text, "helga_bot_irc_connected"), 1);
  });
});
