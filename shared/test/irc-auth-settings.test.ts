import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadSettings, SettingsError } from "../src/index.js";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

describe("IRC login settings (SASL_MECHANISM, SASL_REQUIRED, SERVER_TLS_CERT, SERVER_TLS_KEY)", () => {
  it("has no SASL and nothing required by default", () => {
    assert.deepEqual(loadSettings({}).server.auth, { saslMechanism: undefined, saslRequired: false, clientCertificate: undefined });
  });

  it("uses PLAIN when SASL_USERNAME is set, required unless SASL_REQUIRED=false", () => {
    assert.deepEqual(loadSettings({ SASL_USERNAME: "bot", SASL_PASSWORD: "pw" }).server.auth, { saslMechanism: "PLAIN", saslRequired: true, clientCertificate: undefined });
    assert.equal(loadSettings({ SASL_USERNAME: "bot", SASL_PASSWORD: "pw", SASL_REQUIRED: "false" }).server.auth.saslRequired, false);
  });

  it("reads EXTERNAL with a certificate and key from files (the _FILE forms)", () => {
    const dir = mkdtempSync(join(tmpdir(), "helga-auth-"));
    writeFileSync(join(dir, "bot.pem"), CERT);
    writeFileSync(join(dir, "bot.key"), KEY);
    const { auth } = loadSettings({ SERVER_SSL: "true", SASL_MECHANISM: "external", SERVER_TLS_CERT_FILE: join(dir, "bot.pem"), SERVER_TLS_KEY_FILE: join(dir, "bot.key") }).server;
    assert.equal(auth.saslMechanism, "EXTERNAL");
    assert.equal(auth.saslRequired, true);
    assert.deepEqual(auth.clientCertificate, { cert: CERT.trimEnd(), key: KEY.trimEnd() });
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ SASL_MECHANISM: "SCRAM" }, /SASL_MECHANISM: must be PLAIN or EXTERNAL/],
    [{ SERVER_SSL: "true", SERVER_TLS_CERT: "/etc/helga/bot.pem", SERVER_TLS_KEY: KEY }, /SERVER_TLS_CERT: must be a PEM certificate; to name a file use SERVER_TLS_CERT_FILE/],
    [{ SERVER_SSL: "true", SERVER_TLS_CERT: CERT }, /SERVER_TLS_CERT and SERVER_TLS_KEY: set both or neither/],
    [{ SERVER_TLS_CERT: CERT, SERVER_TLS_KEY: KEY }, /SERVER_TLS_CERT: a client certificate needs SERVER_SSL=true/],
    [{ SERVER_SSL: "true", SASL_MECHANISM: "EXTERNAL" }, /SASL_MECHANISM=EXTERNAL: needs SERVER_TLS_CERT and SERVER_TLS_KEY/],
    [{ SASL_MECHANISM: "PLAIN" }, /SASL_MECHANISM=PLAIN: needs SASL_USERNAME and SASL_PASSWORD/],
    [{ SASL_REQUIRED: "true" }, /SASL_REQUIRED: set SASL_USERNAME and SASL_PASSWORD, or SASL_MECHANISM=EXTERNAL/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(Object.keys(env))} naming the setting`, () => {
      assert.throws(() => loadSettings(env), (error: unknown) => error instanceof SettingsError && message.test(error.message));
    });
  }

  it("never repeats a private key in the error", () => {
    // Pasted without its header line: still secret material.
    assert.throws(() => loadSettings({ SERVER_SSL: "true", SERVER_TLS_CERT: CERT, SERVER_TLS_KEY: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" }), (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.match(error.message, /SERVER_TLS_KEY: must be a PEM private key/);
      assert.ok(!error.message.includes("MIIEvQ"), error.message);
      return true;
    });
  });
});
