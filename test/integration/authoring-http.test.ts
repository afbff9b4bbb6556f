import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Stack, type Gateway } from "../harness/index.js";
import { authoringWebhooks } from "./authoring-http-webhooks.js";

/**
 * The authoring API over real HTTP: patterns, methods and order, exports, non-200 answers,
 * the request object, templates and UTF-8, each served by a real gateway process.
 */

const CHANNEL = "#helga-test";

const HANDLER_TIMEOUT_MS = 400;
const BODY_LIMIT = 1024;

describe("authoring API over real HTTP", () => {
  const stack = new Stack({
    channel: CHANNEL,
    webhooks: authoringWebhooks(CHANNEL),
    env: { HANDLER_TIMEOUT: String(HANDLER_TIMEOUT_MS), BODY_LIMIT: String(BODY_LIMIT), DISABLED_WEBHOOKS: "announcements" },
  });
  let gateway: Gateway;
  const url = (path: string) => `${gateway.url}${path}`;
  const get = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(url(path), init);
    return { status: response.status, text: await response.text(), headers: response.headers };
  };

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0]!;
  });
  after(() => stack.stop());

  it("serves default, named and array exports, string and RegExp patterns", async () => {
    assert.deepEqual(await get("/exports/default").then((r) => [r.status, r.text]), [200, "default"]);
    assert.equal((await get("/exports/named", { method: "DELETE" })).text, "named DELETE");
    assert.equal((await get("/exports/array/1")).text, "array 1");
    assert.equal((await get("/exports/array/2")).text, "array 2");
    assert.equal((await get("/EXPORTS/Regex/42")).text, "regex 42", "a RegExp keeps its flags");
    assert.equal((await get("/exports/regex/x")).status, 404);
    assert.equal((await get("/exports/prefix/and/more")).text, "prefix /exports/prefix/and/more", "anchored at the start only, like re.match");
    assert.equal((await get("/nested/exports/prefix")).status, 404);
  });

  it("picks the first route whose method fits, packages in name order; 405 only when none fits", async () => {
    assert.equal((await get("/shared")).text, "a-first", "a-first sorts before b-second");
    assert.equal((await get("/same", { method: "POST" })).text, "POST by a-first");
    assert.equal((await get("/same", { method: "PUT" })).text, "PUT by b-second", "a later package's route serves the method the first lacks");
    const refused = await get("/same", { method: "DELETE" });
    assert.equal(refused.status, 405);
    assert.equal(refused.text, "405 Method Not Allowed");
    assert.deepEqual(refused.headers.get("allow")?.split(", ").sort(), ["POST", "PUT"]);
    assert.equal((await get("/exports/named", { method: "POST" })).status, 405);
  });

  it("answers with setResponseCode's status and HttpError's status and message", async () => {
    assert.deepEqual(await get("/created", { method: "POST" }).then((r) => [r.status, r.text]), [201, "made"]);
    const teapot = await get("/teapot");
    assert.deepEqual([teapot.status, teapot.text], [418, "I'm a Teapot"], "the standard reason phrase when no message is given");
    assert.match(teapot.headers.get("content-type") ?? "", /^text\/plain; charset=utf-8$/i);
    assert.deepEqual(await get("/gone").then((r) => [r.status, r.text]), [410, "Gone for good ☃"]);
  });

  it("answers a thrown Error with a generic 500 and logs the stack", async () => {
    const since = gateway.logCount;
    const boom = await get("/boom");
    assert.equal(boom.status, 500);
    assert.equal(boom.text, "500 Internal Server Error");
    assert.doesNotMatch(boom.text, /kaboom|responses\.ts|at /);
    const requestId = boom.headers.get("x-request-id");
    const logged = await gateway.waitForLog("webhook handler failed", 5_000, since);
    const err = logged.err as { message?: string; stack?: string } | undefined;
    assert.equal(err?.message, "kaboom: internal detail");
    assert.match(err?.stack ?? "", /responses\.ts/);
    assert.equal(logged.requestId, requestId);
    assert.equal(logged.webhook, "responses");
  });

  it("answers a handler that never settles with 504 after HANDLER_TIMEOUT", async () => {
    const started = Date.now();
    const hang = await get("/hang", { signal: AbortSignal.timeout(10_000) });
    const took = Date.now() - started;
    assert.deepEqual([hang.status, hang.text], [504, "504 Gateway Timeout"]);
    assert.ok(took >= HANDLER_TIMEOUT_MS - 50 && took < HANDLER_TIMEOUT_MS + 3_000, `answered after ${took} ms`);
  });

  it("parses JSON, form and text bodies, keeps the raw bytes, and reads the query", async () => {
    const json = '{"text":"hi ☃","n":1}';
    const asJson = await fetch(url("/echo?a=1&b=%E2%98%83"), { method: "POST", headers: { "content-type": "application/json" }, body: json }).then((r) => r.json());
    assert.deepEqual(asJson, {
      method: "POST",
      path: "/echo",
      query: { a: "1", b: "☃" },
      contentType: "application/json",
      body: { text: "hi ☃", n: 1 },
      bodyIsString: false,
      raw: Buffer.from(json).toString("base64"),
    });
    const form = "message=Deploy+done+%E2%98%83&channel=bots";
    const asForm = (await fetch(url("/echo"), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }).then((r) => r.json())) as Record<string, unknown>;
    assert.deepEqual(asForm.body, { message: "Deploy done ☃", channel: "bots" });
    assert.equal(asForm.raw, Buffer.from(form).toString("base64"));
    const asText = (await fetch(url("/echo"), { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" }, body: "plain ☃" }).then((r) => r.json())) as Record<string, unknown>;
    assert.equal(asText.body, "plain ☃");
    assert.equal(asText.bodyIsString, true);
  });

  it("refuses a body over BODY_LIMIT with 413 and malformed JSON with 400 saying why", async () => {
    const big = await get("/echo", { method: "POST", headers: { "content-type": "text/plain" }, body: "x".repeat(BODY_LIMIT + 1) });
    assert.deepEqual([big.status, big.text], [413, "413 Payload Too Large"]);
    const atLimit = await get("/echo", { method: "POST", headers: { "content-type": "text/plain" }, body: "x".repeat(BODY_LIMIT) });
    assert.equal(atLimit.status, 200);
    const malformed = await get("/echo", { method: "POST", headers: { "content-type": "application/json" }, body: '{"text": ' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.text, /^Malformed JSON body: /);
  });

  it("renders templates and partials beside the webhook as UTF-8 HTML, escaping the view", async () => {
    const page = await get(`/page/${encodeURIComponent("<i>Zoë & co")}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(page.text, "<h1>Pages ☃</h1><p>Hello, &lt;i&gt;Zoë &amp; co</p><ul><li>one</li><li>two ☃</li></ul>");
  });

  it("refuses a template outside the package with 500, logging why", async () => {
    const since = gateway.logCount;
    const escape = await get("/escape");
    assert.deepEqual([escape.status, escape.text], [500, "500 Internal Server Error"]);
    const logged = await gateway.waitForLog("webhook handler failed", 5_000, since);
    assert.match(String((logged.err as { message?: string }).message), /Template "\.\.\/\.\.\/outside" lies outside the webhook package/);
  });

  it("lets nobody through `authenticated` when no credentials are configured", async () => {
    for (const userPass of ["admin:admin", ":", "admin:"]) {
      const refused = await get("/guarded", { headers: { authorization: `Basic ${Buffer.from(userPass).toString("base64")}` } });
      assert.equal(refused.status, 401, userPass);
      assert.equal(refused.headers.get("www-authenticate"), 'Basic realm="helga"');
    }
  });

  it("keeps a snowman intact in the path, the pattern, the body and the IRC message", async () => {
    const response = await fetch(url(`/${encodeURIComponent("☃")}/${encodeURIComponent("schnee☃")}`), {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "Es schneit ☃ — 雪",
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(await response.text(), "Sent ☃ schnee☃");
    await stack.observer.waitForMessage(CHANNEL, "☃ schnee☃: Es schneit ☃ — 雪");
  });
});
