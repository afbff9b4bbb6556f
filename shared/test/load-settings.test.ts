import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadSettings, SettingsError } from "../src/index.js";

describe("loadSettings", () => {
  it("gives helga's defaults with an empty environment", () => {
    const settings = loadSettings({});
    assert.equal(settings.nick, "helga");
    assert.deepEqual(settings.channels, ["#bots"]);
    assert.equal(settings.webhooks.port, 8080);
    assert.equal(settings.webhooks.enabled, true);
    assert.deepEqual(settings.webhooks.credentials, []);
    assert.equal(settings.redis.url, "redis://localhost:6379");
  });

  const lists: Array<[string, string, readonly string[]]> = [
    ["comma-separated", "#a, #b,#c", ["#a", "#b", "#c"]],
    ["JSON array", '["#a","#b"]', ["#a", "#b"]],
    ["one item", "#solo", ["#solo"]],
  ];
  for (const [name, value, expected] of lists) {
    it(`reads a list given as ${name}`, () => {
      assert.deepEqual(loadSettings({ CHANNELS: value }).channels, expected);
    });
  }

  const credentials: Array<[string, string, ReadonlyArray<readonly [string, string]>]> = [
    ["user:pass pairs", "alice:s3cret,bob:pa:ss", [["alice", "s3cret"], ["bob", "pa:ss"]]],
    ["helga's JSON pairs", '[["alice","s3cret"]]', [["alice", "s3cret"]]],
    ["a JSON object", '{"alice":"s3cret"}', [["alice", "s3cret"]]],
  ];
  for (const [name, value, expected] of credentials) {
    it(`reads WEBHOOKS_CREDENTIALS as ${name}`, () => {
      assert.deepEqual(loadSettings({ WEBHOOKS_CREDENTIALS: value }).webhooks.credentials, expected);
    });
  }

  const enabled: Array<[string, true | readonly string[]]> = [
    ["true", true],
    ["false", []],
    ["github,announcements", ["github", "announcements"]],
  ];
  for (const [value, expected] of enabled) {
    it(`reads ENABLED_WEBHOOKS=${value}`, () => {
      assert.deepEqual(loadSettings({ ENABLED_WEBHOOKS: value }).webhooks.enabled, expected);
    });
  }

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ WEBHOOKS_PORT: "eighty" }, /WEBHOOKS_PORT/],
    [{ WEBHOOKS_PORT: "70000" }, /WEBHOOKS_PORT/],
    [{ SERVER_SSL: "maybe" }, /SERVER_SSL/],
    [{ NICK: "bad nick" }, /NICK: must be a valid IRC nick/],
    [{ REDIS_URL: "localhost:6379" }, /REDIS_URL: must start with redis:\/\//],
    [{ WEBHOOKS_CREDENTIALS: "nopassword" }, /WEBHOOKS_CREDENTIALS/],
    [{ SASL_USERNAME: "me" }, /SASL_USERNAME and SASL_PASSWORD/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ TRAIL_MAX: "2000000" }, /TRAIL_MAX: must be a whole number from 0 to 1000000/],
    [{ TRAIL_MAX_AGE: "10" }, /TRAIL_MAX_AGE: must be a whole number from 60 to 2592000/],
    [{ CONSOLE_CREDENTIALS: "nopassword" }, /CONSOLE_CREDENTIALS/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} naming the setting`, () => {
      assert.throws(() => loadSettings(env), (error: unknown) => error instanceof SettingsError && message.test(error.message));
    });
  }

  it("bounds the delivery trail by default and keeps the console off", () => {
    const settings = loadSettings({});
    assert.deepEqual(settings.trail, { max: 10_000, maxAgeSeconds: 86_400 });
    assert.deepEqual(settings.console.credentials, []);
    assert.deepEqual(loadSettings({ TRAIL_MAX: "0", CONSOLE_CREDENTIALS: "ops:pw" }).trail.max, 0);
    assert.deepEqual(loadSettings({ CONSOLE_CREDENTIALS: "ops:pw" }).console.credentials, [["ops", "pw"]]);
  });

  it("never echoes a secret in the error", () => {
    assert.throws(() => loadSettings({ WEBHOOKS_CREDENTIALS: "[broken" }), (error: unknown) => error instanceof Error && !error.message.includes("[broken"));
  });

  it("reads HELGA_SETTINGS JSON, and the environment overrides it", () => {
    const dir = mkdtempSync(join(tmpdir(), "helga-settings-"));
    const file = join(dir, "settings.json");
    writeFileSync(file, JSON.stringify({ NICK: "fromfile", CHANNELS: ["#x", "#y"], WEBHOOKS_PORT: 9000, CUSTOM: { deep: 1 } }));
    const settings = loadSettings({ HELGA_SETTINGS: file, NICK: "fromenv" });
    assert.equal(settings.nick, "fromenv");
    assert.deepEqual(settings.channels, ["#x", "#y"]);
    assert.equal(settings.webhooks.port, 9000);
    assert.deepEqual(settings.raw.CUSTOM, { deep: 1 });
  });

  it("names HELGA_SETTINGS when the file is missing or not JSON", () => {
    assert.throws(() => loadSettings({ HELGA_SETTINGS: "/nonexistent/settings.json" }), /HELGA_SETTINGS: cannot read/);
    const dir = mkdtempSync(join(tmpdir(), "helga-settings-"));
    writeFileSync(join(dir, "bad.json"), "{nope");
    assert.throws(() => loadSettings({ HELGA_SETTINGS: join(dir, "bad.json") }), /HELGA_SETTINGS: .* is not valid JSON/);
  });
});
