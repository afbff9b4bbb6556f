import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import {
  freePort, IrcObserver, makeTestCertificates, Service, sleep, startRedis, startTlsInspircd,
  type LogLine, type RedisServer, type TestCertificates, type TlsInspircd,
} from "../harness/index.js";

const ERROR = 50;
const WARN = 40;

describe("the bot over TLS to InspIRCd with certificates of a private CA", () => {
  const channel = "#tls-test";
  let certs: TestCertificates;
  let ircd: TlsInspircd;
  let redis: RedisServer;
  let observer: IrcObserver;
  let runs = 0;
  const bots: Service[] = [];

  before(async () => {
    certs = makeTestCertificates();
    ircd = await startTlsInspircd({ signed: certs.signed, wrongHost: certs.wrongHost, selfSigned: certs.selfSigned });
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

  /** A bot of its own (own Redis prefix, so no lease is shared) connecting by TLS to `localhost`. */
  const startBot = (nick: string, env: Record<string, string>): Service => {
    runs += 1;
    const bot = new Service("bot", {
      REDIS_URL: redis.url, REDIS_PREFIX: `tls${runs}`, SERVER_HOST: "localhost", SERVER_SSL: "true",
      NICK: nick, CHANNELS: channel, ADMIN_PORT: "0", ...env,
    }, `bot:${nick}`).start();
    bots.push(bot);
    return bot;
  };
  const hasJoined = async (nick: string) => (await observer.names(channel)).some((name) => name.replace(/^[@+]/, "") === nick);

  it("trusts the private CA named by SERVER_TLS_CA_FILE, with certificate checks on", async () => {
    const bot = startBot("cabot", { SERVER_PORT: String(ircd.tlsPorts.signed), SERVER_TLS_CA_FILE: certs.ca });
    await bot.waitForLog("irc registered", 20_000);
    await waitJoined(() => hasJoined("cabot"));
    assert.ok(!bot.logs().some((line) => line.msg === "irc TLS certificate refused; not connecting"));
    await bot.stop("SIGKILL");
  });

  it("trusts the CA given by Node's NODE_EXTRA_CA_CERTS as well", async () => {
    const bot = startBot("extrabot", { SERVER_PORT: String(ircd.tlsPorts.signed), NODE_EXTRA_CA_CERTS: certs.ca });
    await bot.waitForLog("irc registered", 20_000);
    await waitJoined(() => hasJoined("extrabot"));
    await bot.stop("SIGKILL");
  });

  for (const [kind, profile, code] of [
    ["certificate signed by the private CA", "signed", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    ["self-signed certificate", "selfSigned", "DEPTH_ZERO_SELF_SIGNED_CERT"],
  ] as const) {
    it(`refuses a ${kind} without SERVER_TLS_CA: an error naming the setting, and no signon`, async () => {
      const nick = `${profile.slice(0, 4)}bot`;
      const bot = startBot(nick, { SERVER_PORT: String(ircd.tlsPorts[profile]) });
      const refused = await bot.waitForLog("irc TLS certificate refused; not connecting", 20_000);
      assert.equal(refused.level, ERROR);
      assert.equal(refused.code, code);
      assert.match(String(refused.fix), /SERVER_TLS_CA_FILE \(or SERVER_TLS_CA\)/);
      await sleep(1_000);
      assert.ok(!bot.logs().some((line) => line.msg === "irc registered"), "never signs on to a server it cannot verify");
      assert.equal(await hasJoined(nick), false);
      await bot.stop("SIGKILL");
    });
  }

  it("refuses a certificate for another host name even from the trusted CA", async () => {
    const bot = startBot("hostbot", { SERVER_PORT: String(ircd.tlsPorts.wrongHost), SERVER_TLS_CA_FILE: certs.ca });
    const refused = await bot.waitForLog("irc TLS certificate refused; not connecting", 20_000);
    assert.equal(refused.level, ERROR);
    assert.equal(refused.code, "ERR_TLS_CERT_ALTNAME_INVALID");
    assert.match(String(refused.err), /wrong\.example/, "the log names the host the certificate is for");
    assert.match(String(refused.fix), /SERVER_HOST/);
    await sleep(1_000);
    assert.ok(!bot.logs().some((line) => line.msg === "irc registered"));
    await bot.stop("SIGKILL");
  });

  it("signs on to the self-signed server with SERVER_SSL_VERIFY=false, warning at every connect", async () => {
    // A closed port first: two connects, each warned about.
    const closed = await freePort();
    const bot = startBot("loosebot", { SERVER_HOST: `localhost:${closed},localhost:${ircd.tlsPorts.selfSigned}`, SERVER_SSL_VERIFY: "false" });
    await bot.waitForLog("irc registered", 30_000);
    await waitJoined(() => hasJoined("loosebot"));
    const connects = bot.logs().filter((line) => line.msg === "irc connecting");
    const warnings = bot.logs().filter((line: LogLine) => typeof line.msg === "string" && line.msg.startsWith("irc TLS without certificate checks"));
    assert.equal(connects.length, 2);
    assert.equal(warnings.length, 2);
    assert.ok(warnings.every((line) => line.level === WARN));
    await bot.stop("SIGKILL");
  });
});

async function waitJoined(joined: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await joined()) return;
    await sleep(200);
  }
  assert.fail("the bot never showed up in the channel");
}
