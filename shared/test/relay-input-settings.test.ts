import assert from "node:assert/strict";
import { test } from "node:test";
import { loadSettings, SettingsError } from "../src/index.js";
import { addressMatcher } from "../src/settings/relay-input-settings.js";

test("the irccat and irker inputs are off by default, allow loopback and private ranges, and map every host to the default network", () => {
  const { relays } = loadSettings({ CHANNELS: "#ops,#dev" });
  assert.equal(relays.irccat.port, undefined);
  assert.equal(relays.irker.port, undefined);
  assert.equal(relays.irccat.defaultChannel, "#ops");
  assert.deepEqual([...relays.irker.networks], [["*", "default"]]);
  const allowed = addressMatcher(relays.irccat.allow);
  for (const address of ["127.0.0.1", "::1", "10.1.2.3", "172.18.0.5", "192.168.1.1", "fd12::1", "::ffff:127.0.0.1"]) assert.ok(allowed(address), address);
  for (const address of ["8.8.8.8", "172.32.0.1", "2001:db8::1", "::ffff:8.8.8.8", "not-an-address"]) assert.ok(!allowed(address), address);
});

test("IRKER_NETWORKS maps hosts (lower case) to networks; IRCCAT_ALLOW takes CIDR lists", () => {
  const { relays } = loadSettings({ IRKER_PORT: "6659", IRKER_NETWORKS: "IRC.Libera.Chat=default, irc.oftc.net=oftc", IRCCAT_ALLOW: "10.0.0.0/8,fd00::/8" });
  assert.equal(relays.irker.port, 6659);
  assert.deepEqual([...relays.irker.networks], [["irc.libera.chat", "default"], ["irc.oftc.net", "oftc"]]);
  assert.ok(!addressMatcher(relays.irccat.allow)("127.0.0.1"));
});

test("bad input settings are refused, each named", () => {
  assert.throws(
    () => loadSettings({ IRCCAT_ALLOW: "10.0.0.0/33,localhost", IRKER_NETWORKS: "irc.oftc.net", IRCCAT_SECRET: "short", RELAY_MAX_CONNECTIONS: "0" }),
    (error) =>
      error instanceof SettingsError &&
      /IRCCAT_ALLOW: "10\.0\.0\.0\/33" is not an address range/.test(error.message) &&
      /IRCCAT_ALLOW: "localhost" is not an address range/.test(error.message) &&
      /IRKER_NETWORKS: "irc\.oftc\.net" must be host=network/.test(error.message) &&
      /IRCCAT_SECRET: must be at least 16 characters/.test(error.message) &&
      /RELAY_MAX_CONNECTIONS: must be a whole number from 1 to 10000/.test(error.message),
  );
});
