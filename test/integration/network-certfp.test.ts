import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { certificateFingerprint, makeClientCertificate, Stack, whoisAccount, type ServicesNetwork } from "../harness/index.js";
import { startRefusedBot } from "./network-fixtures.js";

const ACCOUNT = "helgabot";

describe("client certificates against Atheme: SASL EXTERNAL, and CertFP without SASL", () => {
  const stack = new Stack({ ircd: "inspircd-atheme" });
  let network: ServicesNetwork;
  let certificate: { cert: string; key: string };
  before(async () => {
    await stack.startInfrastructure();
    network = stack.network!;
    certificate = makeClientCertificate(network.dir, "helgabot");
    await network.registerAccount(ACCOUNT, "unused-pass-1", { fingerprints: [certificateFingerprint(certificate.cert)] });
  });
  after(() => stack.stop());

  /** The bot over TLS with the certificate (the test server's own certificate is self-signed: SERVER_SSL_VERIFY off). */
  const tlsEnv = () => ({
    SERVER_PORT: String(network.tlsPort), SERVER_SSL: "true", SERVER_SSL_VERIFY: "false",
    SERVER_TLS_CERT_FILE: certificate.cert, SERVER_TLS_KEY_FILE: certificate.key,
  });

  it("SASL EXTERNAL: the certificate is the login, WHOIS shows the account (330)", async () => {
    const bot = await stack.startBot({ ...tlsEnv(), SASL_MECHANISM: "EXTERNAL" });
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), ACCOUNT);
    assert.ok(bot.logs().some((line) => line.msg === "irc logged in to services" && line.account === ACCOUNT));
    await bot.stop();
  });

  it("CertFP without SASL: NickServ recognises the certificate on connect (the OFTC way)", async () => {
    const bot = await stack.startBot(tlsEnv());
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), ACCOUNT);
    assert.ok(bot.logs().some((line) => line.msg === "irc logged in to services"));
    await bot.stop();
  });

  it("an unknown certificate with SASL EXTERNAL: SASL failed, never signed on", async () => {
    const stranger = makeClientCertificate(network.dir, "stranger");
    const { bot } = await startRefusedBot(stack, network, ACCOUNT, { ...tlsEnv(), SERVER_TLS_CERT_FILE: stranger.cert, SERVER_TLS_KEY_FILE: stranger.key, SASL_MECHANISM: "EXTERNAL" });
    const failure = await bot.waitForLog(/^SASL failed for the client certificate \(EXTERNAL\)/, 15_000);
    assert.equal(failure.level, 50);
    assert.ok(!bot.logs().some((line) => line.msg === "irc registered"));
    assert.equal(await whoisAccount(stack.observer, ACCOUNT), undefined, "no such user on the network");
  });
});
