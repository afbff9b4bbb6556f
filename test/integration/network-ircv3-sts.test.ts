import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { redisKeys } from "@helga/shared";
import {
  IrcObserver, makeTestCertificates, Service, startRedis, startTlsInspircd, waitUntil,
  type RedisServer, type TestCertificates, type TlsInspircd,
} from "../harness/index.js";

const IRCV3 = ['<module name="cap">', '<module name="ircv3">', '<module name="ircv3_sts">'];

describe("IRCv3 STS: a plaintext connect told to use TLS", () => {
  const channel = "#sts-test";
  const keys = redisKeys("sts");
  let certs: TestCertificates;
  let ircd: TlsInspircd;
  let redis: RedisServer;
  let observer: IrcObserver;
  const bots: Service[] = [];

  before(async () => {
    certs = makeTestCertificates();
    ircd = await startTlsInspircd({ signed: certs.signed }, (ports) => [...IRCV3, `<sts host="localhost" port="${ports.signed}" duration="300" preload="no">`]);
    redis = await startRedis();
    observer = new IrcObserver("watcher", ircd.host, ircd.port);
    await observer.connect([channel]);
  });
  after(async () => {
    observer?.close();
    await Promise.all(bots.map((bot) => bot.stop("SIGKILL")));
    await ircd?.stop();
    await redis?.stop();
    if (certs) rmSync(certs.dir, { recursive: true, force: true });
  });

  const startBot = (): Service => {
    const bot = new Service("bot", {
      REDIS_URL: redis.url, REDIS_PREFIX: "sts", SERVER_HOST: "localhost", SERVER_PORT: String(ircd.port), SERVER_SSL: "false",
      SERVER_TLS_CA_FILE: certs.ca, NICK: "stsbot", CHANNELS: channel, ADMIN_PORT: "0",
    }, "bot:sts").start();
    bots.push(bot);
    return bot;
  };
  const connects = (bot: Service) => bot.logs().filter((line) => line.msg === "irc connecting").map(({ port, tls }) => ({ port, tls }));
  const joined = () => waitUntil("stsbot in the channel", async () => (await observer.names(channel)).includes("stsbot"), 20_000);

  it("reconnects by TLS to the advertised port, signs on only there, and keeps the policy in Redis for its duration", async () => {
    const bot = startBot();
    await bot.waitForLog("irc server requires TLS (STS); reconnecting by TLS", 20_000);
    await bot.waitForLog("irc STS policy kept: this server is reached by TLS only", 20_000);
    await bot.waitForLog("irc registered", 20_000);
    await joined();
    assert.deepEqual(connects(bot), [{ port: ircd.port, tls: false }, { port: ircd.tlsPorts.signed, tls: true }]);
    assert.equal(bot.logs().filter((line) => line.msg === "irc registered").length, 1, "never signed on in plaintext");
    assert.equal(await redis.client.get(keys.stsPolicy("localhost")), String(ircd.tlsPorts.signed));
    const ttl = await redis.client.ttl(keys.stsPolicy("localhost"));
    assert.ok(ttl > 250 && ttl <= 300, `the policy lasts its duration (300 s), TTL ${ttl}`);
    await bot.stop("SIGTERM"); // releases the lease for the next one
  });

  it("a restarted bot goes straight to TLS while the policy lasts", async () => {
    const bot = startBot();
    await bot.waitForLog("irc registered", 20_000);
    await joined();
    assert.deepEqual(connects(bot), [{ port: ircd.tlsPorts.signed, tls: true }], "no plaintext connect at all");
    assert.ok(!bot.logs().some((line) => line.msg === "irc server requires TLS (STS); reconnecting by TLS"));
    await bot.stop("SIGTERM");
  });
});
