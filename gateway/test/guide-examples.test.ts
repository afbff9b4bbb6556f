/**
 * Runs every example of docs/writing-webhooks.md and checks what the guide says it does,
 * and that the guide shows each example file exactly as it is.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { startRedis, type RedisServer } from "../../test/harness/index.js";
import { discoverWebhooks } from "../src/loading/discover-webhooks.js";
import { callRoute, createTestClient, createTestKit } from "../src/testing/index.js";
import * as authenticatedRoutes from "../../docs/examples/authenticated-routes.js";
import * as database from "../../docs/examples/database.js";
import * as deploySettings from "../../docs/examples/deploy-settings.js";
import * as greeting from "../../docs/examples/greeting/greeting.js";
import * as hello from "../../docs/examples/hello.js";
import * as networks from "../../docs/examples/networks.js";
import * as responses from "../../docs/examples/responses.js";
import * as signed from "../../docs/examples/signed.js";
import * as unicode from "../../docs/examples/unicode.js";
import * as urlParameters from "../../docs/examples/url-parameters.js";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../", import.meta.url));
const examples = join(repo, "docs/examples");
const guide = readFileSync(join(repo, "docs/writing-webhooks.md"), "utf8");

test("the guide shows every example file exactly as it is", () => {
  const shown = new Map<string, string>();
  const marker = /^( *)<!-- example: (\S+) -->\n\1```\w*\n([\s\S]*?)^\1```$/gm;
  for (const [, indent = "", name = "", body = ""] of guide.matchAll(marker)) {
    shown.set(name, body.split("\n").map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join("\n"));
  }
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  })(examples)
    .map((file) => relative(examples, file))
    .filter((file) => file !== "tsconfig.json");
  assert.deepEqual([...shown.keys()].sort(), files.sort());
  for (const [name, body] of shown) assert.equal(body, readFileSync(join(examples, name), "utf8"), `docs block for ${name} differs from the file`);
});

test("the examples type-check", { timeout: 120_000 }, async () => {
  await run(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", examples], { cwd: repo });
});

test("the route: GET /hello, anchored at both ends", async () => {
  const response = await callRoute(hello, { path: "/hello" });
  assert.equal(response.text, "Hello, world");
  assert.equal((await callRoute(hello, { path: "/hello/there" })).status, 404);
});

test("URL parameters: helga's logger pattern pasted unchanged", async () => {
  assert.equal((await callRoute(urlParameters, { path: "/logger/bots/2024-05-01.txt" })).text, "Logs of #bots on 2024-05-01 as text");
  assert.equal((await callRoute(urlParameters, { path: "/logger/bots/2024-05-01" })).text, "Logs of #bots on 2024-05-01 as html");
});

test("authenticated routes: both orders, 401 with a challenge, request.user", async () => {
  const kit = createTestKit({ settings: { WEBHOOKS_CREDENTIALS: "ci:s3cret" } });
  const denied = await kit.call(authenticatedRoutes, { method: "POST", path: "/announce/bots", body: { message: "hi" } });
  assert.equal(denied.status, 401);
  assert.equal(denied.headers["www-authenticate"], 'Basic realm="helga"');
  const sent = await kit.call(authenticatedRoutes, { method: "POST", path: "/announce/bots", body: { message: "hi" }, credentials: ["ci", "s3cret"] });
  assert.equal(sent.text, "Sent for ci");
  assert.deepEqual(sent.calls, [{ op: "msg", target: "#bots", text: "hi" }]);
  const empty = await kit.call(authenticatedRoutes, { method: "POST", path: "/announce/bots", body: {}, credentials: ["ci", "s3cret"] });
  assert.equal(empty.status, 400);
  assert.equal(empty.text, "Param message is required");
  assert.equal((await kit.call(authenticatedRoutes, { path: "/whoami" })).status, 401);
  assert.deepEqual((await kit.call(authenticatedRoutes, { path: "/whoami", credentials: ["ci", "s3cret"] })).json, { user: "ci" });
});

test("non-200 responses: setResponseCode, HttpError with and without a message", async () => {
  const kit = createTestKit();
  const queued = await kit.call(responses, { method: "POST", path: "/jobs", body: "build" });
  assert.equal(queued.status, 202);
  assert.equal(queued.text, "Queued");
  assert.deepEqual((await kit.call(responses, { path: "/jobs/0" })).json, { id: 0, job: "build" });
  const missing = await kit.call(responses, { path: "/jobs/7" });
  assert.equal(missing.status, 404);
  assert.equal(missing.text, "No job 7");
  const teapot = await kit.call(responses, { path: "/coffee" });
  assert.equal(teapot.status, 418);
  assert.equal(teapot.text, "I'm a Teapot");
});

test("templates: render beside the module, partials beside the template, text/html", async () => {
  const dir = join(examples, "greeting");
  const kit = createTestKit({ webhook: { name: "greeting", packageDir: dir, moduleDir: dir } });
  kit.client.channels = ["#bots", "#☃"];
  const response = await kit.call(greeting, { path: "/greet/<world>" });
  assert.equal(response.status, 200);
  assert.equal(response.headers["content-type"], "text/html; charset=utf-8");
  assert.equal(response.text, "<h1>Hello, &lt;world&gt;!</h1>\n<ul><li>#bots</li><li>#☃</li></ul>\n<footer>helga webhooks</footer>\n");
});

test("unicode: a snowman in the pattern, the path, the body and the message", async () => {
  const response = await callRoute(unicode, { method: "POST", path: "/☃/snow", body: "let it snow" });
  assert.equal(response.text, "Sent ☃ snow");
  assert.deepEqual(response.calls, [{ op: "msg", target: "#bots", text: "☃ snow: let it snow" }]);
});

test("networks: client.network(name) reaches another network's bot; an unknown one is a 500", async () => {
  const sent = await callRoute(networks, { method: "POST", path: "/released/1.2", client: createTestClient({ networks: ["oftc"] }) });
  assert.equal(sent.text, "OK");
  assert.deepEqual(sent.calls, [
    { op: "msg", target: "#dev", text: "Released 1.2" },
    { op: "msg", target: "#project", text: "Released 1.2", network: "oftc" },
  ]);
  const unknown = await callRoute(networks, { method: "POST", path: "/released/1.2", client: createTestClient({ networks: [] }) });
  assert.equal(unknown.status, 500);
  assert.match(String(unknown.error), /Unknown IRC network "oftc": no bot with NETWORK=oftc has started \(known: default\)/);
});

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

test("database: a counter in the package's own namespace", async () => {
  const prefix = `guide-${process.pid}`;
  const kit = createTestKit({ redis: redis.client, redisPrefix: prefix, webhook: { name: "database" } });
  try {
    assert.deepEqual((await kit.call(database, { method: "POST", path: "/hits" })).json, { hits: 1 });
    assert.deepEqual((await kit.call(database, { method: "POST", path: "/hits" })).json, { hits: 2 });
    assert.equal(await redis.client.get(`${prefix}:db:database:hits`), "2");
    assert.equal((await kit.call(database, { method: "DELETE", path: "/hits" })).text, "Reset");
    assert.equal(await redis.client.exists(`${prefix}:db:database:hits`), 0);
  } finally {
    await kit.close();
  }
});

test("settings: a required setting, a list with a fallback, a boolean", async () => {
  await assert.rejects(callRoute(deploySettings, { method: "POST", path: "/deployed/api" }), /requires the setting\(s\) DEPLOY_CHANNEL/);
  const quiet = await callRoute(deploySettings, { method: "POST", path: "/deployed/api", settings: { DEPLOY_CHANNEL: "#ops" } });
  assert.deepEqual(quiet.calls, [{ op: "notice", target: "#ops", text: "api deployed to production" }]);
  const loud = await callRoute(deploySettings, {
    method: "POST",
    path: "/deployed/api",
    settings: { DEPLOY_CHANNEL: "#ops", DEPLOY_ENVIRONMENTS: "eu,us", DEPLOY_LOUD: "yes" },
  });
  assert.deepEqual(loud.calls, [{ op: "msg", target: "#ops", text: "API DEPLOYED TO EU, US" }]);
});

test("packaging: single files, a folder with a package.json map, an npm package", async () => {
  const found = discoverWebhooks([examples], []);
  assert.deepEqual(found.problems, []);
  assert.deepEqual(
    found.sources.map(({ name }) => name).sort(),
    ["authenticated-routes", "database", "deploy-settings", "greeting", "hello", "networks", "responses", "signed", "status", "unicode", "url-parameters"],
  );
  const nodeModules = mkdtempSync(join(tmpdir(), "helga-guide-"));
  try {
    cpSync(join(examples, "npm-package"), join(nodeModules, "helga-webhook-status"), { recursive: true });
    const installed = discoverWebhooks([], [nodeModules]);
    assert.deepEqual(installed.sources.map(({ name }) => name), ["status"]);
  } finally {
    rmSync(nodeModules, { recursive: true, force: true });
  }
  const status: Readonly<Record<string, unknown>> = await import(pathToFileURL(join(examples, "npm-package/index.js")).href);
  const kit = createTestKit();
  kit.client.nickname = "helga";
  assert.deepEqual((await kit.call(status, { path: "/status" })).json, { nickname: "helga", connected: true });
});

test("signed webhooks: GitHub, a generic HMAC and a shared token", async () => {
  const kit = createTestKit({ settings: { GITHUB_WEBHOOK_SECRET: "gh", SHOP_SECRET: "shop", GITLAB_TOKEN: "tok" } });
  const body = JSON.stringify({ repository: { full_name: "octocat/Hello-World" } });
  const githubRequest = (signature: string) => ({
    method: "POST",
    path: "/hooks/github",
    body,
    headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": crypto.randomUUID(), "x-hub-signature-256": signature },
  });
  const good = await kit.call(signed, githubRequest(`sha256=${createHmac("sha256", "gh").update(body).digest("hex")}`));
  assert.deepEqual(good.calls, [{ op: "msg", target: "#dev", text: "push on octocat/Hello-World" }]);
  const bad = await kit.call(signed, githubRequest(`sha256=${createHmac("sha256", "nope").update(body).digest("hex")}`));
  assert.equal(bad.status, 401);
  assert.deepEqual(bad.calls, []);
  const replayed = { ...githubRequest(`sha256=${createHmac("sha256", "gh").update(body).digest("hex")}`) };
  await kit.call(signed, replayed);
  assert.equal((await kit.call(signed, replayed)).text, "Already delivered");
  const shopSignature = createHmac("sha256", "shop").update(body).digest("base64");
  assert.equal((await kit.call(signed, { method: "POST", path: "/hooks/shop", body, headers: { "x-shop-signature": shopSignature } })).text, "OK");
  assert.equal((await kit.call(signed, { method: "POST", path: "/hooks/shop", body, headers: { "x-shop-signature": "AAAA" } })).status, 401);
  assert.equal((await kit.call(signed, { method: "POST", path: "/hooks/gitlab", headers: { "x-gitlab-token": "tok" } })).text, "OK");
  assert.equal((await kit.call(signed, { method: "POST", path: "/hooks/gitlab", headers: { "x-gitlab-token": "tok2" } })).status, 401);
});

test("testing: the guide's own test file passes", { timeout: 120_000 }, async () => {
  // Without NODE_TEST_CONTEXT the child reports like a test run of its own, not to this runner.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", join(examples, "hello.test.ts")], { cwd: repo, env });
  assert.match(stdout, /# pass 2/);
  assert.match(stdout, /# fail 0/);
});
