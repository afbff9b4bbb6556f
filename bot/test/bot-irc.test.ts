import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createLogger, encodeOutboxCommand, GATEWAY_STALE_MS, loadSettings, OUTBOX_FIELD, type BotState } from "@helga/shared";
import { IrcObserver, startNgircd, startRedis, waitUntil, type IrcServer, type RedisServer } from "../../test/harness/index.js";
import { createBot, type Bot } from "../src/create-bot.js";

/** The bot in-process against a real ngircd and redis-server; a separate raw IRC client watches #test. */
let redis: RedisServer;
let ircd: IrcServer;
let bot: Bot;
let oper: IrcObserver;
let guest: IrcObserver;
const prefix = "bottest";
const outbox = `${prefix}:outbox`;

before(async () => {
  [redis, ircd] = await Promise.all([startRedis(), startNgircd()]);
  oper = new IrcObserver("oper", ircd.host, ircd.port);
  guest = new IrcObserver("guest", ircd.host, ircd.port);
  await Promise.all([oper.connect(["#test"]), guest.connect(["#test"])]);
  // Queued before the bot ever ran: still delivered.
  const queued = (text: string) => encodeOutboxCommand({ op: "msg", target: "#test", text, requestId: `r-${text.length}`, queuedAt: Date.now() });
  await redis.client.xadd(outbox, "*", OUTBOX_FIELD, queued("☃ ünïcødé ✓"));
  await redis.client.xadd(outbox, "*", OUTBOX_FIELD, queued("first line\r\nQUIT :injected\nPRIVMSG #test :\x00third"));
  const settings = loadSettings({
    NICK: "helgabot",
    CHANNELS: "#test",
    OPERATORS: "Oper",
    SERVER_HOST: ircd.host,
    SERVER_PORT: String(ircd.port),
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    RATE_LIMIT: "0",
  });
  bot = createBot(settings, { logger: createLogger("bot", "silent"), irc: { rejoinDelayMs: 300 } });
  await bot.start();
});

after(async () => {
  await bot?.stop();
  oper?.close();
  guest?.close();
  await Promise.all([redis?.stop(), ircd?.stop()]);
});

test("queued messages reach the channel intact, one IRC message per line, nothing injected", async () => {
  const seen = await oper.waitForMessages("#test", 4, 20_000, "helgabot");
  assert.deepEqual(seen, ["☃ ünïcødé ✓", "first line", "QUIT :injected", "PRIVMSG #test :third"]);
  assert.ok(!oper.lines.some((line) => line.command === "QUIT" && line.from === "helgabot"), "the bot must not have quit");
  await waitUntil("outbox drained", async () => (await redis.client.xlen(outbox)) === 0);
});

test("the bot reports its state to Redis", async () => {
  const state = await waitUntil("bot state", async () => {
    const json = await redis.client.get(`${prefix}:bot:state`);
    const parsed = json ? (JSON.parse(json) as BotState) : undefined;
    return parsed?.connected && parsed.channels.includes("#test") ? parsed : undefined;
  });
  assert.equal(state.nickname, "helgabot");
  assert.deepEqual(state.operators, ["Oper"]);
  assert.equal(typeof state.signedOnAt, "number");
});

test("only operators stop and start webhooks; replies are helga's sentences", async () => {
  guest.say("#test", "!webhooks stop");
  await oper.waitForMessage("#test", "Sorry guest, Only an operator can do that");
  assert.equal(await redis.client.get(`${prefix}:webhooks:enabled`), null);
  oper.say("#test", "helgabot: webhooks stop");
  await guest.waitForMessage("#test", "Webhooks service stopped");
  assert.equal(await redis.client.get(`${prefix}:webhooks:enabled`), "0");
  oper.say("#test", "!webhooks stop");
  await guest.waitForMessage("#test", "Webhooks service not running");
  oper.say("#test", "HelgaBot, webhooks start");
  await guest.waitForMessage("#test", "Webhooks service started");
  oper.say("#test", "!webhooks start");
  await guest.waitForMessage("#test", "Webhooks service already running");
  assert.equal(await redis.client.get(`${prefix}:webhooks:enabled`), "1");
});

test("routes: a whisper in the channel, then the live gateways' routes in private", async () => {
  const now = Date.now();
  const report = (id: string, seenAt: number, patterns: string[]) =>
    JSON.stringify({ id, listening: true, seenAt, routes: patterns.map((pattern) => ({ methods: ["GET", "POST"], pattern, webhook: "w" })) });
  await redis.client.hset(`${prefix}:gateways`, {
    g1: report("g1", now, ["^/hello$", "^/push/(?P<repo>\\w+)$"]),
    g2: report("g2", now, ["^/hello$"]),
    stale: report("stale", now - GATEWAY_STALE_MS - 10_000, ["^/gone$"]),
  });
  guest.say("#test", "!webhooks routes");
  await oper.waitForMessage("#test", "\x01ACTION whispers to guest\x01");
  const lines = await guest.waitForMessages("guest", 3, 20_000, "helgabot");
  assert.deepEqual(lines, ["guest, here are the routes I know about", "[GET,POST] ^/hello$", "[GET,POST] ^/push/(?P<repo>\\w+)$"]);
  guest.say("helgabot", "webhooks status");
  const status = await waitUntil("status", () => guest.messages("guest", "helgabot").find((text) => text.startsWith("IRC:")));
  assert.equal(status, "IRC: connected as helgabot in #test; webhooks: on; gateways: 2 live; outbox: 0 queued; active bot: bot (lease token 1)");
  guest.say("#test", "!webhooks dance");
  await oper.waitForMessage("#test", "Usage: webhooks (start|stop|routes|reload|status|deadletters)");
});

test("after a kick the bot rejoins and keeps delivering", async () => {
  const start = oper.lines.length;
  oper.send("KICK #test helgabot :test kick"); // the first to join a channel on ngircd is its operator
  await waitUntil("kick seen", () => oper.lines.slice(start).some((line) => line.command === "KICK" && line.params[1] === "helgabot"));
  // Queued while the bot is out of the channel: held back until it has rejoined, not lost.
  await redis.client.xadd(outbox, "*", OUTBOX_FIELD, encodeOutboxCommand({ op: "msg", target: "#test", text: "while kicked", requestId: "r-kicked", queuedAt: Date.now() }));
  await waitUntil("rejoined", () => oper.lines.slice(start).some((line) => line.command === "JOIN" && line.from === "helgabot"), 15_000);
  await redis.client.xadd(outbox, "*", OUTBOX_FIELD, encodeOutboxCommand({ op: "msg", target: "#test", text: "back again", requestId: "r-back", queuedAt: Date.now() }));
  await oper.waitForMessage("#test", "back again");
  const texts = oper.messages("#test", "helgabot");
  assert.ok(texts.indexOf("while kicked") >= 0 && texts.indexOf("while kicked") < texts.indexOf("back again"));
});

test("reload: asks every gateway and sums their answers", async () => {
  const { Redis } = await import("ioredis");
  const gatewaySide = new Redis(redis.url);
  await gatewaySide.subscribe(`${prefix}:control`);
  gatewaySide.on("message", (_channel: string, payload: string) => {
    const event = JSON.parse(payload) as { type: string; requestId?: string };
    if (event.type !== "reload" || event.requestId === undefined) return;
    const requestId = event.requestId;
    void redis.client.publish(`${prefix}:control`, JSON.stringify({ type: "reloaded", requestId, gatewayId: "g1", routes: 2, failed: [] }));
    void redis.client.publish(`${prefix}:control`, JSON.stringify({ type: "reloaded", requestId, gatewayId: "g2", routes: 1, failed: ["broken"] }));
  });
  try {
    const refusal = "Sorry guest, Only an operator can do that";
    const refusals = () => oper.messages("#test").filter((text) => text === refusal).length;
    const before = refusals();
    guest.say("#test", "!webhooks reload");
    await waitUntil("a second refusal", () => refusals() === before + 1);
    oper.say("#test", "!webhooks reload");
    await guest.waitForMessage("#test", "Reloaded webhooks on 2 gateway(s): 3 routes; failed: broken");
  } finally {
    gatewaySide.disconnect();
  }
});
