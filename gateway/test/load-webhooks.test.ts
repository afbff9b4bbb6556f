import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createWebhookLoader, type LoaderOptions } from "../src/loading/load-webhooks.js";
import { createRouteTable } from "../src/routing/route-table.js";
import { captureLogger } from "./helpers/capture-logger.js";

const base = mkdtempSync(join(tmpdir(), "helga-loader-"));
after(() => rmSync(base, { recursive: true, force: true }));

/** Writes files under a fresh folder: { "relative/path": "content" }. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(base, "root-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function loader(options: Partial<LoaderOptions> & Pick<LoaderOptions, "roots">) {
  const { logger, lines } = captureLogger();
  const load = createWebhookLoader({ nodeModulesDirs: [], enabled: true, disabled: [], settings: {}, logger, ...options });
  const warnings = () => lines.filter((line) => line.level === 40).map((line) => String(line.msg));
  const infos = () => lines.filter((line) => line.level === 30).map((line) => String(line.msg));
  return { load, warnings, infos };
}

const GOOD_TS = `
import { route, type WebhookRequest } from "@helga/gateway";
const greet = (request: WebhookRequest): string => "hello " + request.path;
export default route("/good", greet);
export const second = route("/good/two", { methods: ["post"] }, () => "two");
`;

test("good packages load; broken, throwing and routeless ones are skipped with one warning each", async () => {
  const root = tree({
    "good.ts": GOOD_TS,
    "broken.ts": `import { route } from "@helga/gateway";\nexport default route("/broken", () => {;`,
    "throws.mjs": `throw new Error("needs SETTING_X");`,
    "routeless.js": `export const answer = 42;`,
    "types.d.ts": `export declare const x: number;`,
    "good.test.ts": `throw new Error("tests are not webhooks");`,
    "notes.txt": "not code",
    "plain-folder/index.ts": `throw new Error("folders without package.json are ignored");`,
  });
  const { load, warnings, infos } = loader({ roots: [root] });
  const { webhooks, failed } = await load();
  assert.deepEqual(webhooks.map(({ webhook, routes }) => [webhook.name, routes.map((r) => `${r.methods.join(",")} ${r.source}`)]), [["good", ["GET /good", "POST /good/two"]]]);
  assert.deepEqual(webhooks[0]?.webhook, { name: "good", packageDir: root, moduleDir: root });
  assert.deepEqual([...failed].sort(), ["broken", "routeless", "throws"]);
  const warned = warnings();
  assert.equal(warned.length, 3, warned.join("\n"));
  assert.ok(warned.some((line) => line.startsWith('Skipped webhook package "broken": importing') && line.includes("broken.ts")), warned.join("\n"));
  assert.ok(warned.some((line) => line.startsWith('Skipped webhook package "throws"') && line.includes("needs SETTING_X")));
  assert.ok(warned.some((line) => line.startsWith('Skipped webhook package "routeless"') && line.includes("exports no route")));
  assert.deepEqual(infos(), ['Loaded webhook package "good" with 2 routes']);
  const table = createRouteTable(webhooks);
  assert.equal(table.match("GET", "/good").kind, "found");
});

test("folder packages declare webhooks in package.json, and their own node_modules resolve", async () => {
  const root = tree({
    "pkg/package.json": JSON.stringify({ name: "pkg", type: "module", helga: { webhooks: { alpha: "./src/alpha.ts", beta: "./beta.mjs", escape: "../outside.ts", gone: "./missing.ts" } } }),
    "pkg/src/alpha.ts": `import { route } from "@helga/gateway";\nimport { shout } from "shouty";\nimport { suffix } from "./helper.ts";\nexport default [route("/alpha", () => shout("a") + suffix), route("/alpha/2", () => "2")];`,
    "pkg/src/helper.ts": `export const suffix: string = "!";`,
    "pkg/node_modules/shouty/package.json": JSON.stringify({ name: "shouty", type: "module", main: "index.js" }),
    "pkg/node_modules/shouty/index.js": `export const shout = (s) => s.toUpperCase();`,
    "pkg/beta.mjs": `import { route } from "@helga/gateway";\nexport const beta = route(/\\/beta$/, () => "b");`,
  });
  const { load, warnings } = loader({ roots: [root] });
  const { webhooks, failed } = await load();
  assert.deepEqual(webhooks.map(({ webhook }) => webhook.name), ["alpha", "beta"]);
  assert.deepEqual(webhooks[0]?.webhook, { name: "alpha", packageDir: join(root, "pkg"), moduleDir: join(root, "pkg", "src") });
  const alpha = webhooks[0]?.routes[0];
  assert.equal(await alpha?.handler({} as never, {} as never, {}), "A!");
  assert.deepEqual([...failed].sort(), ["escape", "gone"]);
  assert.equal(warnings().length, 2);
});

test("installed npm packages with a helga.webhooks field are discovered", async () => {
  const modules = tree({
    "helga-webhook-npm/package.json": JSON.stringify({ name: "helga-webhook-npm", type: "module", helga: { webhooks: { npmhook: "./index.js" } } }),
    "helga-webhook-npm/index.js": `import { route } from "@helga/gateway";\nexport default route("/npm", () => "npm");`,
    "@scope/hook/package.json": JSON.stringify({ name: "@scope/hook", type: "module", helga: { webhooks: { scoped: "./index.js" } } }),
    "@scope/hook/index.js": `import { route } from "@helga/gateway";\nexport default route("/scoped", () => "scoped");`,
    "unrelated/package.json": JSON.stringify({ name: "unrelated" }),
  });
  const { load } = loader({ roots: [join(base, "does-not-exist")], nodeModulesDirs: [modules] });
  const { webhooks } = await load();
  assert.deepEqual(webhooks.map(({ webhook }) => webhook.name).sort(), ["npmhook", "scoped"]);
});

test("ENABLED_WEBHOOKS and DISABLED_WEBHOOKS filter by name", async () => {
  const hook = (path: string) => `import { route } from "@helga/gateway";\nexport default route("${path}", () => "x");`;
  const root = tree({ "one.ts": hook("/one"), "two.ts": hook("/two"), "three.ts": hook("/three") });
  const names = async (options: Partial<LoaderOptions>) => (await loader({ roots: [root], ...options }).load()).webhooks.map(({ webhook }) => webhook.name);
  assert.deepEqual(await names({}), ["one", "three", "two"]);
  assert.deepEqual(await names({ enabled: ["one", "two"] }), ["one", "two"]);
  assert.deepEqual(await names({ enabled: ["one", "two"], disabled: ["two"] }), ["one"]);
  assert.deepEqual(await names({ enabled: [] }), []);
});

test("a reload imports fresh modules, helpers included", async () => {
  const root = tree({
    "live.ts": `import { route } from "@helga/gateway";\nimport { word } from "./lib/word.ts";\nexport default route("/live", () => word);`,
    "lib/word.ts": `export const word = "first";`,
  });
  const { load } = loader({ roots: [root] });
  const answer = async () => (await load()).webhooks[0]?.routes[0]?.handler({} as never, {} as never, {});
  assert.equal(await answer(), "first");
  writeFileSync(join(root, "lib/word.ts"), `export const word = "second";`);
  assert.equal(await answer(), "second");
});

test("a name found twice keeps the first root's package", async () => {
  const first = tree({ "same.ts": `import { route } from "@helga/gateway";\nexport default route("/first", () => "1");` });
  const second = tree({ "same.ts": `import { route } from "@helga/gateway";\nexport default route("/second", () => "2");` });
  const { load, warnings } = loader({ roots: [first, second] });
  const { webhooks } = await load();
  assert.deepEqual(webhooks.map(({ routes }) => routes[0]?.source), ["/first"]);
  assert.match(warnings()[0] ?? "", /already loaded from/);
});

test("a package requiring an unset setting is skipped with one warning naming it; the others load", async () => {
  const hook = (path: string, requires: string) => `import { route } from "@helga/gateway";\nexport const requires = ${requires};\nexport default route("${path}", () => "x");`;
  const root = tree({
    "shop.ts": hook("/shop", `["SHOP_URL", "SHOP_TOKEN", "SHOP_CHANNEL"]`),
    "blank.ts": hook("/blank", `["BLANK_SETTING"]`),
    "ready.ts": hook("/ready", `["READY_URL"]`),
    "plain.ts": hook("/plain", "undefined"),
    "odd.ts": hook("/odd", `"SHOP_URL"`),
  });
  const { load, warnings, infos } = loader({ roots: [root], settings: { SHOP_URL: "https://shop.example", READY_URL: "https://ready.example", BLANK_SETTING: "" } });
  const { webhooks, failed } = await load();
  assert.deepEqual(webhooks.map(({ webhook }) => webhook.name), ["plain", "ready"]);
  assert.deepEqual(failed, ["odd"], "a malformed `requires` is a broken package; an unset setting is configuration");
  assert.deepEqual(warnings().sort(), [
    'Skipped webhook package "blank": it requires the setting BLANK_SETTING, which is not set',
    `Skipped webhook package "odd": ${join(root, "odd.ts")}: TypeError: \`export const requires\` must be a list of setting names`,
    'Skipped webhook package "shop": it requires the settings SHOP_TOKEN, SHOP_CHANNEL, which are not set',
  ]);
  assert.deepEqual(infos().sort(), ['Loaded webhook package "plain" with 1 route', 'Loaded webhook package "ready" with 1 route']);
});

test("the built-in github package loads only when GITHUB_WEBHOOK_SECRET is set", async () => {
  const builtIn = fileURLToPath(new URL("../webhooks", import.meta.url));
  const without = loader({ roots: [builtIn], enabled: ["github"] });
  assert.deepEqual((await without.load()).webhooks, []);
  assert.deepEqual(without.warnings(), ['Skipped webhook package "github": it requires the setting GITHUB_WEBHOOK_SECRET, which is not set']);
  const withSecret = loader({ roots: [builtIn], enabled: ["github"], settings: { GITHUB_WEBHOOK_SECRET: "s3cret" } });
  assert.deepEqual((await withSecret.load()).webhooks.map(({ webhook }) => webhook.name), ["github"]);
  assert.deepEqual(withSecret.warnings(), []);
});
