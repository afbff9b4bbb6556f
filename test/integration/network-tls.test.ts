import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freePort, sleep, TlsNetwork, waitUntil, type LogLine } from "../harness/index.js";

const ERROR = 50;
const WARN = 40;

describe("the bot over TLS to InspIRCd with certificates of a private CA", () => {
  let net: TlsNetwork;
  before(async () => {
    net = await TlsNetwork.start("#tls-test", (certs) => ({ signed: certs.signed, wrongHost: certs.wrongHost, selfSigned: certs.selfSigned }));
  });
  after(() => net?.stop());

  const tls = (port: number | undefined) => ({ SERVER_PORT: String(port), SERVER_SSL: "true" });
  const waitJoined = (nick: string) => waitUntil(`${nick} in the channel`, () => net.hasJoined(nick), 20_000);

  it("trusts the private CA named by SERVER_TLS_CA_FILE, with certificate checks on", async () => {
    const bot = net.startBot("cabot", { ...tls(net.ircd.tlsPorts.signed), SERVER_TLS_CA_FILE: net.certs.ca });
    await bot.waitForLog("irc registered", 20_000);
    await waitJoined("cabot");
    assert.ok(!bot.logs().some((line) => line.msg === "irc TLS certificate refused; not connecting"));
    await bot.stop("SIGKILL");
  });

  it("trusts the CA given by Node's NODE_EXTRA_CA_CERTS as well", async () => {
    const bot = net.startBot("extrabot", { ...tls(net.ircd.tlsPorts.signed), NODE_EXTRA_CA_CERTS: net.certs.ca });
    await bot.waitForLog("irc registered", 20_000);
    await waitJoined("extrabot");
    await bot.stop("SIGKILL");
  });

  for (const [kind, profile, code] of [
    ["certificate signed by the private CA", "signed", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    ["self-signed certificate", "selfSigned", "DEPTH_ZERO_SELF_SIGNED_CERT"],
  ] as const) {
    it(`refuses a ${kind} without SERVER_TLS_CA: an error naming the setting, and no signon`, async () => {
      const nick = `${profile.slice(0, 4)}bot`;
      const bot = net.startBot(nick, tls(net.ircd.tlsPorts[profile]));
      const refused = await bot.waitForLog("irc TLS certificate refused; not connecting", 20_000);
      assert.equal(refused.level, ERROR);
      assert.equal(refused.code, code);
      assert.match(String(refused.fix), /SERVER_TLS_CA_FILE \(or SERVER_TLS_CA\)/);
      await sleep(1_000);
      assert.ok(!bot.logs().some((line) => line.msg === "irc registered"), "never signs on to a server it cannot verify");
      assert.equal(await net.hasJoined(nick), false);
      await bot.stop("SIGKILL");
    });
  }

  it("refuses a certificate for another host name even from the trusted CA", async () => {
    const bot = net.startBot("hostbot", { ...tls(net.ircd.tlsPorts.wrongHost), SERVER_TLS_CA_FILE: net.certs.ca });
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
    const bot = net.startBot("loosebot", {
      SERVER_HOST: `localhost:${closed},localhost:${net.ircd.tlsPorts.selfSigned}`, SERVER_SSL: "true", SERVER_SSL_VERIFY: "false",
    });
    await bot.waitForLog("irc registered", 30_000);
    await waitJoined("loosebot");
    const connects = bot.logs().filter((line) => line.msg === "irc connecting");
    const warnings = bot.logs().filter((line: LogLine) => typeof line.msg === "string" && line.msg.startsWith("irc TLS without certificate checks"));
    assert.equal(connects.length, 2);
    assert.equal(warnings.length, 2);
    assert.ok(warnings.every((line) => line.level === WARN));
    await bot.stop("SIGKILL");
  });
});
