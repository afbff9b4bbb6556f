import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { encodeOutboxCommand, OUTBOX_FIELD } from "@helga/shared";
import { IrcObserver, Service, startNgircd, startRedis, waitUntil, type IrcServer, type RedisServer } from "../../test/harness/index.js";

/** `node bot/dist/main.js` as deployed: configured by env, stopped by a signal. Needs `npx tsc -b shared bot` first. */
let redis: RedisServer;
let ircd: IrcServer;
let watcher: IrcObserver;

before(async () => {
  [redis, ircd] = await Promise.all([startRedis(), startNgircd()]);
  watcher = new IrcObserver("watcher", ircd.host, ircd.port);
  await watcher.connect(["#proc"]);
});

after(async () => {
  watcher?.close();
  await Promise.all([redis?.stop(), ircd?.stop()]);
});

test("a bad setting stops the bot at start with a message naming it (exit 2)", async () => {
  const bot = new Service("bot", { SERVER_PORT: "not-a-port", NICK: "9nick", REDIS_URL: redis.url }).start();
  assert.equal(await bot.process.exitCode(), 2);
  const output = bot.process.output.join("\n");
  assert.match(output, /SERVER_PORT/);
  assert.match(output, /NICK: must be a valid IRC nick/);
});

test("signs on, delivers, and on SIGTERM quits IRC with 'Shutting down' and exits 0", async () => {
  const bot = new Service("bot", {
    NICK: "procbot",
    CHANNELS: "#proc",
    SERVER_HOST: ircd.host,
    SERVER_PORT: String(ircd.port),
    REDIS_URL: redis.url,
    REDIS_PREFIX: "proc",
    BOT_ID: "bot-1",
  }).start();
  try {
    const registered = await bot.waitForLog("irc registered");
    assert.equal(registered.nick, "procbot");
    await redis.client.xadd("proc:outbox", "*", OUTBOX_FIELD, encodeOutboxCommand({ op: "me", target: "#proc", text: "is alive", requestId: "req-42", queuedAt: Date.now() }));
    await watcher.waitForMessage("#proc", "\x01ACTION is alive\x01");
    const sent = await bot.waitForLog("outbox command sent");
    assert.equal(sent.requestId, "req-42");
    await bot.stop("SIGTERM");
    assert.equal(await bot.process.exitCode(), 0);
    await waitUntil("QUIT seen", () => watcher.lines.some((line) => line.command === "QUIT" && line.from === "procbot" && line.params[0]?.includes("Shutting down")));
    const state = JSON.parse((await redis.client.get("proc:bot:state")) ?? "{}") as { connected?: boolean; signedOnAt?: number };
    assert.equal(state.connected, false);
    assert.equal(typeof state.signedOnAt, "number");
  } finally {
    await bot.stop("SIGKILL");
  }
});
