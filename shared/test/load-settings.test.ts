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
    assert.equal(settings.webhooks.sourcesFile, join("./webhooks", "sources.yml"));
  });

  it("reads sources.yml from WEBHOOKS_PATH unless SOURCES_FILE names another file", () => {
    assert.equal(loadSettings({ WEBHOOKS_PATH: "/hooks" }).webhooks.sourcesFile, "/hooks/sources.yml");
    assert.equal(loadSettings({ WEBHOOKS_PATH: "/hooks", SOURCES_FILE: "/etc/helga/sources.yml" }).webhooks.sourcesFile, "/etc/helga/sources.yml");
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
    [{ REDIS_SENTINELS: "10.0.0.1" }, /REDIS_SENTINELS.0: "10.0.0.1" is not host:port: the port is missing/],
    [{ REDIS_SENTINELS: "a:26379,b:0" }, /REDIS_SENTINELS.1: "b:0" is not host:port: the port must be/],
    [{ REDIS_SENTINELS: "::1:26379" }, /REDIS_SENTINELS.0: "::1:26379" is not host:port: .*IPv6 in brackets/],
    [{ REDIS_SENTINELS: "[]" }, /REDIS_SENTINELS: name at least one/],
    [{ REDIS_PASSWORD: "x", REDIS_URL: "redis://:y@localhost:6379" }, /REDIS_PASSWORD and a password in REDIS_URL/],
    [{ REDIS_MIN_REPLICAS: "-1" }, /REDIS_MIN_REPLICAS/],
    [{ REDIS_REPLICA_TIMEOUT: "0" }, /REDIS_REPLICA_TIMEOUT/],
    [{ BOT_LEASE_MS: "500" }, /BOT_LEASE_MS: must be a whole number from 1000/],
    [{ NETWORK: "Libera Chat" }, /NETWORK: must be 1 to 32 lower-case letters/],
    [{ SERVER_HOST: "a.example:6697,,b.example" }, /SERVER_HOST: empty server/],
    [{ SERVER_HOST: "a.example:99999" }, /SERVER_HOST: "a.example:99999" is not a host or host:port: the port must be a whole number from 1 to 65535/],
    [{ SERVER_HOST: "a.example:tls" }, /SERVER_HOST: "a.example:tls" is not a host or host:port: the port/],
    [{ SERVER_HOST: "user@a.example" }, /SERVER_HOST: "user@a.example" is not a host/],
    [{ NICKSERV_PASSWORD: "two words" }, /NICKSERV_PASSWORD: must be one word/],
    [{ NICK_RECOVERY_INTERVAL: "-1" }, /NICK_RECOVERY_INTERVAL/],
    [{ NICKSERV_PASSWORD: "pw", SASL_USERNAME: "me", SASL_PASSWORD: "pw" }, /NICKSERV_PASSWORD: not with SASL_USERNAME/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} naming the setting`, () => {
      assert.throws(() => loadSettings(env), (error: unknown) => error instanceof SettingsError && message.test(error.message));
    });
  }

  it("reads Sentinel settings: host:port list (IPv6 in brackets), master name, passwords", () => {
    const { redis } = loadSettings({
      REDIS_SENTINELS: "s1:26379, [::1]:26380,10.0.0.3:5000",
      REDIS_SENTINEL_NAME: "main",
      REDIS_SENTINEL_PASSWORD: "sp",
      REDIS_PASSWORD: "dp",
      REDIS_MIN_REPLICAS: "1",
    });
    assert.deepEqual(redis.sentinel, {
      sentinels: [{ host: "s1", port: 26379 }, { host: "::1", port: 26380 }, { host: "10.0.0.3", port: 5000 }],
      name: "main",
      password: "sp",
    });
    assert.equal(redis.password, "dp");
    assert.equal(redis.minReplicas, 1);
    assert.equal(redis.replicaTimeoutMs, 1_000);
    const plain = loadSettings({}).redis;
    assert.equal(plain.sentinel, undefined);
    assert.equal(plain.minReplicas, 0);
  });

  const servers: Array<[string, ReadonlyArray<{ host: string; port: number }>]> = [
    ["irc.example", [{ host: "irc.example", port: 6697 }]],
    ["a.example:6697, b.example", [{ host: "a.example", port: 6697 }, { host: "b.example", port: 6697 }]],
    ["a.example:7000,b.example:7001", [{ host: "a.example", port: 7000 }, { host: "b.example", port: 7001 }]],
    ["[::1]:7000,::1", [{ host: "::1", port: 7000 }, { host: "::1", port: 6697 }]],
  ];
  for (const [value, expected] of servers) {
    it(`reads SERVER_HOST=${value} as a server list (a bare host takes SERVER_PORT)`, () => {
      const settings = loadSettings({ SERVER_HOST: value, SERVER_PORT: "6697" });
      assert.deepEqual(settings.server.servers, expected);
      assert.deepEqual({ host: settings.server.host, port: settings.server.port }, expected[0]);
    });
  }

  it("serves the default network unless NETWORK names another", () => {
    assert.equal(loadSettings({}).network, "default");
    assert.equal(loadSettings({ NETWORK: "oftc" }).network, "oftc");
  });

  it("never echoes NICKSERV_PASSWORD in the error", () => {
    assert.throws(() => loadSettings({ NICKSERV_PASSWORD: "hunter2 x" }), (error: unknown) => error instanceof Error && !error.message.includes("hunter2"));
  });

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

  it("reads NAME_FILE into NAME (Swarm and Kubernetes secrets), dropping one trailing newline", () => {
    const dir = mkdtempSync(join(tmpdir(), "helga-settings-"));
    writeFileSync(join(dir, "credentials"), "alice:s3cret\n");
    writeFileSync(join(dir, "sasl"), "pass word\r\n");
    const settings = loadSettings({
      WEBHOOKS_CREDENTIALS_FILE: join(dir, "credentials"),
      SASL_USERNAME: "bot",
      SASL_PASSWORD_FILE: join(dir, "sasl"),
      WEBHOOK_TOKEN_FILE: join(dir, "credentials"),
    });
    assert.deepEqual(settings.webhooks.credentials, [["alice", "s3cret"]]);
    assert.deepEqual(settings.server.sasl, { username: "bot", password: "pass word" });
    assert.equal(settings.raw.WEBHOOK_TOKEN, "alice:s3cret", "webhook code sees its own settings from files too");
  });

  it("names NAME_FILE when the file cannot be read, and refuses NAME given both ways", () => {
    const dir = mkdtempSync(join(tmpdir(), "helga-settings-"));
    writeFileSync(join(dir, "password"), "s3cret");
    assert.throws(() => loadSettings({ SASL_PASSWORD_FILE: join(dir, "missing") }), /SASL_PASSWORD_FILE: cannot read .*missing/);
    // Another tool's variable (not a helga setting) with a file that is not there stops nothing.
    assert.equal(loadSettings({ COMPOSE_FILE: "no-such-compose.yml" }).raw.COMPOSE, undefined);
    assert.throws(
      () => loadSettings({ SERVER_PASSWORD: "inline", SERVER_PASSWORD_FILE: join(dir, "password") }),
      (error: unknown) => error instanceof SettingsError && /SERVER_PASSWORD and SERVER_PASSWORD_FILE: set one or the other/.test(error.message) && !error.message.includes("s3cret"),
    );
  });

  it("names HELGA_SETTINGS when the file is missing or not JSON", () => {
    assert.throws(() => loadSettings({ HELGA_SETTINGS: "/nonexistent/settings.json" }), /HELGA_SETTINGS: cannot read/);
    const dir = mkdtempSync(join(tmpdir(), "helga-settings-"));
    writeFileSync(join(dir, "bad.json"), "{nope");
    assert.throws(() => loadSettings({ HELGA_SETTINGS: join(dir, "bad.json") }), /HELGA_SETTINGS: .* is not valid JSON/);
  });
});
