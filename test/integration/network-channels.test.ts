import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  IrcObserver, Service, startInspircd, startRedis, TcpRelay, waitUntil,
  type IrcServer, type RedisServer,
} from "../harness/index.js";

describe("channels people really have, on InspIRCd", () => {
  let ircd: IrcServer;
  let redis: RedisServer;
  let relay: TcpRelay;
  let observer: IrcObserver;
  let runs = 0;
  const bots: Service[] = [];

  before(async () => {
    ircd = await startInspircd({ limits: "unlimited" });
    redis = await startRedis();
    relay = await TcpRelay.start(ircd.host, ircd.port); // the bot's path: records what it writes, and can be cut
    observer = new IrcObserver("watcher", ircd.host, ircd.port);
    await observer.connect();
  });
  after(async () => {
    observer?.close();
    await Promise.all(bots.map((bot) => bot.stop("SIGKILL")));
    await relay?.close();
    await ircd?.stop();
    await redis?.stop();
  });

  const startBot = (nick: string, channels: string): Service => {
    runs += 1;
    const bot = new Service("bot", {
      REDIS_URL: redis.url, REDIS_PREFIX: `chan${runs}`, SERVER_HOST: relay.host, SERVER_PORT: String(relay.port),
      NICK: nick, CHANNELS: channels, ADMIN_PORT: "0",
    }, `bot:${nick}`).start();
    bots.push(bot);
    return bot;
  };
  const waitIn = (nick: string, channel: string) =>
    waitUntil(`${nick} in ${channel}`, async () => (await observer.names(channel)).includes(nick), 20_000);
  /** The JOIN lines the bot wrote, connection by connection (the relay sees each one whole). */
  const joinsWritten = () => Buffer.concat(relay.sent).toString("utf8").split("\r\n").filter((line) => line.startsWith("JOIN "));

  it("joins a keyed channel with the key from CHANNELS, and after a +k change rejoins with the new key", async () => {
    await observer.join("#private");
    observer.send("MODE #private +k oldkey");
    await waitUntil("the key set", () => observer.lines.some((line) => line.command === "MODE" && line.params.includes("+k")));
    const bot = startBot("keybot", "#public,#private:oldkey");
    try {
      await waitIn("keybot", "#private");
      await waitIn("keybot", "#public");

      observer.send("MODE #private -k oldkey"); // InspIRCd changes a key in two steps (a +k over a key is 467)
      observer.send("MODE #private +k newkey");
      await bot.waitForLog("irc channel key changed; remembered for rejoining");
      assert.ok(!bot.logs().some((line) => JSON.stringify(line).includes("newkey")), "the key is never logged");
      observer.send("KICK #private keybot :key changed");
      await bot.waitForLog("irc kicked; rejoining soon");
      await waitIn("keybot", "#private"); // rejoined: the old key would get 475
      assert.ok(joinsWritten().includes("JOIN #private newkey"));
      assert.ok(!bot.logs().some((line) => line.msg === "irc server refused a line"), "no 475 bad key");
    } finally {
      await bot.stop("SIGKILL");
    }
  });

  it("joins 30 channels in JOIN lines within the server's limits (MAXTARGETS=20), again after a reconnect", async () => {
    const channels = Array.from({ length: 30 }, (_, i) => `#many-${String(i + 1).padStart(2, "0")}`);
    relay.sent.length = 0;
    const bot = startBot("manybot", channels.join(","));
    try {
      await bot.waitForLog("irc registered", 20_000);
      for (const channel of channels) await waitIn("manybot", channel);
      const first = joinsWritten();

      relay.sent.length = 0;
      relay.cut(); // a reconnect: this time the server's ISUPPORT is known from the first signon
      await bot.waitForLog("irc disconnected");
      await bot.waitForLog("irc registered", 30_000, bot.logs().findIndex((line) => line.msg === "irc disconnected"));
      await waitUntil("JOINs on the new connection", () => joinsWritten().length > 0, 10_000);
      for (const channel of channels) await waitIn("manybot", channel);
      const second = joinsWritten();

      const counts = (lines: string[]) => lines.map((line) => line.split(" ")[1]!.split(",").length);
      assert.deepEqual(counts(first), [10, 10, 10], "before ISUPPORT: 10 a line");
      assert.deepEqual(counts(second), [20, 10], "InspIRCd's MAXTARGETS=20, learnt from ISUPPORT");
      assert.ok([...first, ...second].every((line) => Buffer.byteLength(line) <= 400));
      assert.ok(!bot.logs().some((line) => line.msg === "irc server refused a line"), "no 407 too many targets");
    } finally {
      await bot.stop("SIGKILL");
    }
  });
});
