import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { redisKeys } from "@helga/shared";
import { TlsNetwork, waitUntil, type Service } from "../harness/index.js";

const IRCV3 = ['<module name="cap">', '<module name="ircv3">', '<module name="ircv3_sts">'];

describe("IRCv3 STS: a plaintext connect told to use TLS", () => {
  const keys = redisKeys("sts");
  let net: TlsNetwork;
  before(async () => {
    net = await TlsNetwork.start("#sts-test", (certs) => ({ signed: certs.signed }), (ports) => [
      ...IRCV3, `<sts host="localhost" port="${ports.signed}" duration="300" preload="no">`,
    ]);
  });
  after(() => net?.stop());

  // Plain text as configured; the same Redis prefix for both bots, so the second finds the policy.
  const startBot = () => net.startBot("stsbot", { REDIS_PREFIX: "sts", SERVER_PORT: String(net.ircd.port), SERVER_SSL: "false", SERVER_TLS_CA_FILE: net.certs.ca });
  const connects = (bot: Service) => bot.logs().filter((line) => line.msg === "irc connecting").map(({ port, tls }) => ({ port, tls }));
  const joined = () => waitUntil("stsbot in the channel", () => net.hasJoined("stsbot"), 20_000);

  it("reconnects by TLS to the advertised port, signs on only there, and keeps the policy in Redis for its duration", async () => {
    const bot = startBot();
    await bot.waitForLog("irc server requires TLS (STS); reconnecting by TLS", 20_000);
    await bot.waitForLog("irc STS policy kept: this server is reached by TLS only", 20_000);
    await bot.waitForLog("irc registered", 20_000);
    await joined();
    assert.deepEqual(connects(bot), [{ port: net.ircd.port, tls: false }, { port: net.ircd.tlsPorts.signed, tls: true }]);
    assert.equal(bot.logs().filter((line) => line.msg === "irc registered").length, 1, "never signed on in plaintext");
    assert.equal(await net.redis.client.get(keys.stsPolicy("localhost")), String(net.ircd.tlsPorts.signed));
    const ttl = await net.redis.client.ttl(keys.stsPolicy("localhost"));
    assert.ok(ttl > 250 && ttl <= 300, `the policy lasts its duration (300 s), TTL ${ttl}`);
    await bot.stop("SIGTERM"); // releases the lease for the next one
  });

  it("a restarted bot goes straight to TLS while the policy lasts", async () => {
    const bot = startBot();
    await bot.waitForLog("irc registered", 20_000);
    await joined();
    assert.deepEqual(connects(bot), [{ port: net.ircd.tlsPorts.signed, tls: true }], "no plaintext connect at all");
    assert.ok(!bot.logs().some((line) => line.msg === "irc server requires TLS (STS); reconnecting by TLS"));
    await bot.stop("SIGTERM");
  });
});
