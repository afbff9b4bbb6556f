import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRedis, decodeControlEvent, encodeControlEvent, gatewayReportSchema, loadSettings, redisKeys, type BotState, type ControlEvent } from "@helga/shared";
import { setGatewayServices } from "../src/api/runtime-context.js";
import { createGateway, type Gateway } from "../src/create-gateway.js";
import { createWebhookLoader } from "../src/loading/load-webhooks.js";
import { startRedis, type RedisServer } from "../../test/harness/redis-server.js";
import { freePort } from "../../test/harness/free-port.js";
import { waitUntil } from "../../test/harness/wait-until.js";
import { captureLogger } from "./helpers/capture-logger.js";

let server: RedisServer;
const dir = mkdtempSync(join(tmpdir(), "helga-gateway-"));
before(async () => {
  server = await startRedis();
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const notSignedOn: BotState = { connected: true, nickname: "helga", channels: ["#bots"], operators: [], updatedAt: 1 };
const signedOn: BotState = { ...notSignedOn, signedOnAt: 1 };
let runs = 0;

async function startGateway(options: { port?: number; webhooksPath?: string } = {}) {
  const prefix = `gw${++runs}`;
  const keys = redisKeys(prefix);
  const port = options.port ?? (await freePort());
  const webhooksPath = options.webhooksPath ?? dir;
  const settings = loadSettings({ REDIS_URL: server.url, REDIS_PREFIX: prefix, WEBHOOKS_HOST: "127.0.0.1", WEBHOOKS_PORT: String(port), WEBHOOKS_PATH: webhooksPath });
  const { logger, lines } = captureLogger();
  const fatal: Error[] = [];
  const redis = createRedis(server.url, { name: `${prefix}-gw`, logger, failFast: true });
  const gateway: Gateway = createGateway(settings, {
    logger,
    keys,
    redis,
    subscriber: createRedis(server.url, { name: "gw-control", logger }),
    gatewayId: `${prefix}-id`,
    loadWebhooks: createWebhookLoader({ roots: [webhooksPath], nodeModulesDirs: [], enabled: true, disabled: [], settings: settings.raw, logger }),
    onFatal: (error) => fatal.push(error),
    heartbeatMs: 100,
  });
  await gateway.start();
  const publish = (event: ControlEvent) => server.client.publish(keys.control, encodeControlEvent(event));
  const status = () =>
    fetch(`http://127.0.0.1:${port}/ping`).then(
      (response) => response.status,
      () => "refused" as const,
    );
  const report = async () => {
    const json = await server.client.hget(keys.gateways, `${prefix}-id`);
    return json === null ? undefined : gatewayReportSchema.parse(JSON.parse(json));
  };
  return { gateway, keys, redis, port, publish, status, report, lines, fatal };
}

writeFileSync(join(dir, "ping.ts"), `import { route } from "@helga/gateway";\nexport default route("/ping$", () => "pong");`);

test("closed until the bot has signed on, then opened and closed by the webhooks switch", async () => {
  const { gateway, keys, publish, status, lines } = await startGateway();
  await waitUntil("subscribed", async () => (await server.client.pubsub("NUMSUB", keys.control))[1] === 1);
  assert.equal(await status(), "refused");
  await publish({ type: "bot-state", state: notSignedOn });
  await publish({ type: "bot-state", state: signedOn });
  await waitUntil("open", async () => (await status()) === 200);
  await server.client.set(keys.webhooksEnabled, "0");
  await publish({ type: "webhooks", enabled: false });
  await waitUntil("closed", async () => (await status()) === "refused");
  await publish({ type: "webhooks", enabled: true });
  await waitUntil("reopened", async () => (await status()) === 200);
  assert.deepEqual(
    lines.filter((line) => line.msg === "webhooks listening" || line.msg === "webhooks closed").map((line) => line.msg),
    ["webhooks listening", "webhooks closed", "webhooks listening"],
  );
  await gateway.stop();
  assert.equal(await status(), "refused");
});

test("starts open when the persisted state says so, stays closed when switched off", async () => {
  const prefix = `gw${runs + 1}`;
  await server.client.set(redisKeys(prefix).botState, JSON.stringify(signedOn));
  const on = await startGateway();
  await waitUntil("open from persisted state", async () => (await on.status()) === 200);
  await on.gateway.stop();

  const offPrefix = `gw${runs + 1}`;
  await server.client.set(redisKeys(offPrefix).botState, JSON.stringify(signedOn));
  await server.client.set(redisKeys(offPrefix).webhooksEnabled, "0");
  const off = await startGateway();
  await waitUntil("state read", async () => (await off.report())?.listening === false);
  assert.equal(await off.status(), "refused");
  await off.gateway.stop();
});

test("heartbeat reports routes and listening; stop removes the report", async () => {
  const { gateway, keys, publish, report } = await startGateway();
  await waitUntil("subscribed", async () => (await server.client.pubsub("NUMSUB", keys.control))[1] === 1);
  await publish({ type: "bot-state", state: signedOn });
  const seen = await waitUntil("listening report", async () => ((await report())?.listening ? report() : undefined));
  assert.deepEqual(seen?.routes, [{ methods: ["GET"], pattern: "/ping$", webhook: "ping" }]);
  await gateway.stop();
  assert.equal(await report(), undefined);
});

test("reload swaps in fresh routes and announces the result", async () => {
  const path = mkdtempSync(join(dir, "reload-"));
  writeFileSync(join(path, "ping.ts"), `import { route } from "@helga/gateway";\nexport default route("/ping$", () => "pong");`);
  const { gateway, keys, port, publish, report } = await startGateway({ webhooksPath: path });
  await waitUntil("subscribed", async () => (await server.client.pubsub("NUMSUB", keys.control))[1] === 1);
  await publish({ type: "bot-state", state: signedOn });
  await waitUntil("open", async () => (await report())?.listening);

  writeFileSync(join(path, "ping.ts"), `import { route } from "@helga/gateway";\nexport default [route("/ping$", () => "pong 2"), route("/new$", () => "new")];`);
  writeFileSync(join(path, "broken.ts"), `export default {`);
  const listener = createRedis(server.url, { name: "observer", logger: captureLogger().logger });
  const events: ControlEvent[] = [];
  listener.on("message", (_channel: string, payload: string) => events.push(decodeControlEvent(payload)));
  await listener.subscribe(keys.control);
  await publish({ type: "reload", requestId: "reload-1" });
  const reloaded = await waitUntil("reloaded event", () => events.find((event) => event.type === "reloaded"));
  assert.deepEqual(reloaded, { type: "reloaded", requestId: "reload-1", gatewayId: `gw${runs}-id`, routes: 2, failed: ["broken"] });
  assert.equal(await (await fetch(`http://127.0.0.1:${port}/ping`)).text(), "pong 2");
  assert.equal(await (await fetch(`http://127.0.0.1:${port}/new`)).text(), "new");
  assert.equal((await report())?.routes.length, 2);
  listener.disconnect();
  await gateway.stop();
});

test("stop closes the connections webhook packages opened with db", async () => {
  const path = mkdtempSync(join(dir, "db-"));
  writeFileSync(join(path, "counter.ts"), `import { db, route } from "@helga/gateway";\nexport default route("/count$", async () => String(await db.incr("hits")));`);
  const { gateway, keys, redis, port, publish, report } = await startGateway({ webhooksPath: path });
  setGatewayServices({ settings: {}, redis, keys, credentials: [] });
  await waitUntil("subscribed", async () => (await server.client.pubsub("NUMSUB", keys.control))[1] === 1);
  await publish({ type: "bot-state", state: signedOn });
  await waitUntil("open", async () => (await report())?.listening);
  assert.equal(await (await fetch(`http://127.0.0.1:${port}/count`)).text(), "1");
  const connections = async () => ((await server.client.client("LIST")) as string).split("\n").filter((line) => line.includes(` name=gw${runs}-gw `)).length;
  assert.equal(await connections(), 2, "the gateway's own connection and the package's");
  await gateway.stop();
  await waitUntil("every connection closed", async () => (await connections()) === 0);
});

test("a taken port is fatal with a clear message", async () => {
  const blocker = createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
  const prefix = `gw${runs + 1}`;
  await server.client.set(redisKeys(prefix).botState, JSON.stringify(signedOn));
  const { gateway, fatal } = await startGateway({ port });
  const [error] = await waitUntil("fatal error", () => (fatal.length ? fatal : undefined));
  assert.equal(error?.message, `WEBHOOKS_PORT ${port} is already in use`);
  await gateway.stop();
  blocker.close();
});

test("an invalid control event is logged and ignored", async () => {
  const { gateway, keys, lines, status } = await startGateway();
  await waitUntil("subscribed", async () => (await server.client.pubsub("NUMSUB", keys.control))[1] === 1);
  await server.client.publish(keys.control, JSON.stringify({ type: "webhooks", enabled: "yes" }));
  await waitUntil("warning", () => lines.some((line) => line.msg === "ignored an invalid control event"));
  assert.equal(await status(), "refused");
  await gateway.stop();
});
