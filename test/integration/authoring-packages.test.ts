import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sleep, Stack, waitUntil, type Gateway } from "../harness/index.js";

/**
 * How webhook code is packaged and what it may use, in a real gateway: folder packages with
 * their own node_modules, lone .ts and .js files, ENABLED_WEBHOOKS / DISABLED_WEBHOOKS,
 * settings from HELGA_SETTINGS, required settings, `db`, and broken packages beside good ones.
 */

const CHANNEL = "#helga-test";

const TOOLS_PACKAGE = JSON.stringify({
  name: "helga-webhook-tools",
  type: "module",
  helga: { webhooks: { shout: "./src/shout.ts", whisper: "./whisper.js" } },
});

/** Imports a dependency only its package has, from the package's own node_modules. */
const SHOUT = String.raw`
import { route } from "@helga/gateway";
import { loud } from "some-dep";

export default route("/shout/(?P<word>\\w+)$", { methods: ["POST"] }, async (_request, client, { word }) => {
  await client.msg("${CHANNEL}", loud(word ?? ""));
  return loud("sent");
});
`;

const WHISPER = `import { route } from "@helga/gateway";
export default route("/whisper$", () => "psst");
`;

const SOME_DEP = {
  "package.json": JSON.stringify({ name: "some-dep", version: "1.0.0", type: "module", main: "index.js" }),
  "index.js": `export const loud = (text) => text.toUpperCase() + "!";\n`,
};

const SINGLE_TS = String.raw`
import { route, type RouteParams } from "@helga/gateway";

const answer = (params: RouteParams): string => "single " + String(params.n);
export default route("/single/(?P<n>\\d+)$", (_request, _client, params) => answer(params));
`;

/** The same key in two packages: each lands under its own prefix. */
const COUNTER_TS = `import { db, route } from "@helga/gateway";
export default route("/count$", { methods: ["POST"] }, async () => ({ hits: await db.incr("hits") }));
`;
const TALLY_JS = `import { db, route } from "@helga/gateway";
export default route("/tally$", { methods: ["POST"] }, async () => ({ hits: await db.incr("hits") }));
`;

const CONFIGURED = `import { route, settings } from "@helga/gateway";
export const requires = ["SHOP_GREETING"];
export default route("/configured$", () => ({
  greeting: settings.string("SHOP_GREETING"),
  items: settings.list("SHOP_ITEMS"),
  loud: settings.bool("SHOP_LOUD", false),
  fromEnv: settings.string("SHOP_OVERRIDDEN"),
}));
`;

const NEEDS_SETTING = `import { route } from "@helga/gateway";
export const requires = ["SHOP_GREETING", "NOT_SET_ANYWHERE"];
export default route("/needs-setting$", () => "must not serve");
`;

/** ngircd paces the bot to about 3 lines/s: one more line would arrive well within this. */
const LATE_LINE_MS = 1_500;

const ENABLED = ["shout", "whisper", "single", "lone", "counter", "tally", "configured", "needs-setting", "broken-syntax", "throws-at-import", "no-routes", "disabled-one"];

describe("webhook packages in a real gateway", () => {
  const settingsDir = mkdtempSync(join(tmpdir(), "helga-settings-"));
  const settingsFile = join(settingsDir, "settings.json");
  writeFileSync(settingsFile, JSON.stringify({ SHOP_GREETING: "Grüß Gott ☃", SHOP_ITEMS: ["tea", "cake"], SHOP_LOUD: true, SHOP_OVERRIDDEN: "from the file" }));
  const stack = new Stack({
    channel: CHANNEL,
    webhooks: {
      "tools/package.json": TOOLS_PACKAGE,
      "tools/src/shout.ts": SHOUT,
      "tools/whisper.js": WHISPER,
      ...Object.fromEntries(Object.entries(SOME_DEP).map(([file, content]) => [`tools/node_modules/some-dep/${file}`, content])),
      "single.ts": SINGLE_TS,
      "lone.js": `import { route } from "@helga/gateway";\nexport const lone = route("/lone$", () => "lone js");\n`,
      "counter.ts": COUNTER_TS,
      "tally.js": TALLY_JS,
      "configured.ts": CONFIGURED,
      "needs-setting.ts": NEEDS_SETTING,
      "broken-syntax.ts": `import { route } from "@helga/gateway";\nexport default route("/broken", () => {;\n`,
      "throws-at-import.ts": `throw new Error("cannot start: the shop API is down");\n`,
      "no-routes.ts": `export const answer = 42;\n`,
      "disabled-one.ts": `import { route } from "@helga/gateway";\nexport default route("/disabled-one$", () => "must not serve");\n`,
      "not-enabled.ts": `throw new Error("a package left out of ENABLED_WEBHOOKS is never imported");\n`,
    },
    env: {
      HELGA_SETTINGS: settingsFile,
      SHOP_OVERRIDDEN: "from the environment",
      ENABLED_WEBHOOKS: ENABLED.join(","),
      DISABLED_WEBHOOKS: "disabled-one",
    },
  });
  let gateway: Gateway;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${gateway.url}${path}`, init);
    return { status: response.status, text: await response.text() };
  };
  const skipped = () => gateway.logs().filter((line) => typeof line.msg === "string" && line.msg.startsWith("Skipped webhook package"));

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0]!;
  });
  after(async () => {
    await stack.stop();
    rmSync(settingsDir, { recursive: true, force: true });
  });

  it("serves a folder package's webhooks, with its own node_modules, and lone .ts and .js files", async () => {
    assert.deepEqual(await call("/shout/hello", { method: "POST" }), { status: 200, text: "SENT!" });
    await stack.observer.waitForMessage(CHANNEL, "HELLO!");
    assert.deepEqual(await call("/whisper"), { status: 200, text: "psst" });
    assert.deepEqual(await call("/single/7"), { status: 200, text: "single 7" });
    assert.deepEqual(await call("/lone"), { status: 200, text: "lone js" });
  });

  it("skips broken packages with one log line each naming it and why; the good ones serve", async () => {
    const lines = skipped();
    assert.deepEqual(lines.map((line) => line.webhook).sort(), ["broken-syntax", "needs-setting", "no-routes", "throws-at-import"], "one line each");
    const reasons = Object.fromEntries(lines.map((line) => [String(line.webhook), String(line.msg)]));
    assert.match(reasons["broken-syntax"] ?? "", /^Skipped webhook package "broken-syntax": importing .*broken-syntax\.ts failed: TransformError: .*broken-syntax\.ts:3:0: ERROR: Unexpected end of file$/);
    assert.match(reasons["throws-at-import"] ?? "", /^Skipped webhook package "throws-at-import": importing .*throws-at-import\.ts failed: Error: cannot start: the shop API is down$/);
    assert.match(reasons["no-routes"] ?? "", /^Skipped webhook package "no-routes": .*no-routes\.ts exports no route/);
    for (const path of ["/broken", "/needs-setting"]) assert.equal((await call(path)).status, 404);
    assert.equal((await call("/whisper")).status, 200);
  });

  it("skips a package whose required setting is unset, naming the setting, and serves one whose settings are set", async () => {
    const [line] = skipped().filter((entry) => entry.webhook === "needs-setting");
    assert.equal(line?.msg, 'Skipped webhook package "needs-setting": it requires the setting NOT_SET_ANYWHERE, which is not set');
    const configured = await call("/configured");
    assert.equal(configured.status, 200);
    assert.deepEqual(JSON.parse(configured.text), { greeting: "Grüß Gott ☃", items: ["tea", "cake"], loud: true, fromEnv: "from the environment" });
  });

  it("gives each package's db its own key prefix in Redis", async () => {
    const hits = async (path: string) => JSON.parse((await call(path, { method: "POST" })).text) as { hits: number };
    assert.deepEqual(await hits("/count"), { hits: 1 });
    assert.deepEqual(await hits("/count"), { hits: 2 });
    assert.deepEqual(await hits("/tally"), { hits: 1 });
    const redis = stack.redis.client;
    assert.equal(await redis.get("helga:db:counter:hits"), "2");
    assert.equal(await redis.get("helga:db:tally:hits"), "1");
    assert.equal(await redis.exists("hits"), 0);
  });

  it("leaves out packages not in ENABLED_WEBHOOKS or in DISABLED_WEBHOOKS: 404, and not in `!webhooks routes`", async () => {
    for (const path of ["/disabled-one", "/announce/helga-test", "/github"]) {
      assert.equal((await call(path, { method: "POST" })).status, 404, path);
    }
    assert.equal(gateway.logs().some((line) => JSON.stringify(line).includes("never imported")), false, "not-enabled.ts was not imported");
    const nick = stack.observerNick;
    const from = stack.observer.messages(nick).length;
    stack.observer.say(CHANNEL, "!webhooks routes");
    const expected = [
      "[POST] /count$",
      "[GET] /configured$",
      "[POST] /shout/(?P<word>\\w+)$",
      "[GET] /single/(?P<n>\\d+)$",
      "[GET] /lone$",
      "[POST] /tally$",
      "[GET] /whisper$",
    ];
    await waitUntil("the routes listed", () => stack.observer.messages(nick).length >= from + expected.length + 1);
    await sleep(LATE_LINE_MS); // a route that should not be listed would arrive by now
    const listed = stack.observer.messages(nick).slice(from);
    assert.equal(listed[0], `${nick}, here are the routes I know about`);
    assert.deepEqual(listed.slice(1).sort(), [...expected].sort());
  });
});
