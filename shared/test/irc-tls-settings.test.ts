import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSettings, SettingsError } from "../src/index.js";
import { makeTestCertificates, type TestCertificates } from "../../test/harness/test-certificates.js";

describe("SERVER_TLS_CA", () => {
  let certs: TestCertificates;
  before(() => (certs = makeTestCertificates()));
  after(() => rmSync(certs.dir, { recursive: true, force: true }));

  it("is unset by default: only the system's CAs are trusted", () => {
    assert.equal(loadSettings({}).server.tls.ca, undefined);
  });

  it("reads a CA bundle from SERVER_TLS_CA_FILE", () => {
    assert.equal(loadSettings({ SERVER_TLS_CA_FILE: certs.ca }).server.tls.ca, readFileSync(certs.ca, "utf8").replace(/\n$/, ""));
  });

  const refusals: [string, () => NodeJS.ProcessEnv, RegExp][] = [
    ["a path given as SERVER_TLS_CA", () => ({ SERVER_TLS_CA: certs.ca }), /SERVER_TLS_CA: must hold PEM certificates .*set SERVER_TLS_CA_FILE to its path/],
    ["a damaged certificate", () => ({ SERVER_TLS_CA: "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----" }), /SERVER_TLS_CA: not a usable CA bundle/],
    ["a missing file", () => ({ SERVER_TLS_CA_FILE: join(certs.dir, "missing.pem") }), /SERVER_TLS_CA_FILE: cannot read/],
  ];
  for (const [what, env, message] of refusals) {
    it(`refuses ${what}, naming the setting`, () => {
      assert.throws(() => loadSettings(env()), (error: unknown) => error instanceof SettingsError && message.test(error.message));
    });
  }

  it("reads a bundle of several certificates", () => {
    const bundle = join(certs.dir, "bundle.pem");
    writeFileSync(bundle, readFileSync(certs.ca, "utf8") + readFileSync(certs.selfSigned.cert, "utf8"));
    assert.equal(loadSettings({ SERVER_TLS_CA_FILE: bundle }).server.tls.ca?.match(/BEGIN CERTIFICATE/g)?.length, 2);
  });
});
