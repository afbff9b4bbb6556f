import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { html } from "../src/api/html.js";
import { HttpError } from "../src/api/http-error.js";
import { route } from "../src/api/route.js";
import { currentWebhook } from "../src/api/runtime-context.js";
import type { WebhookClient } from "../src/api/types.js";
import { createExpressApp } from "../src/http/express-adapter.js";
import { createRequestHandler } from "../src/http/handle-request.js";
import { createListener, type Listener } from "../src/http/listener.js";
import { createRouteTable } from "../src/routing/route-table.js";
import { captureLogger } from "./helpers/capture-logger.js";

const { logger, lines: logLines } = captureLogger("info");

const sent: string[] = [];
const fakeClient = (meta: { requestId: string; webhook: string }): WebhookClient => ({
  network: () => {
    throw new Error("these tests use one network");
  },
  async msg(target, text) {
    if (target === "#full") throw new HttpError(503, "IRC outbox is full; retry later", { "retry-after": "5" });
    sent.push(`${meta.webhook} ${meta.requestId} ${target} ${text}`);
  },
  me: async () => undefined,
  notice: async () => undefined,
  join: async () => undefined,
  leave: async () => undefined,
  nickname: "helga",
  channels: [],
  operators: [],
  connected: true,
});

const routes = [
  route("/text$", () => "héllo ☃"),
  route("/echo$", { methods: ["POST"] }, (request) => ({ body: Buffer.isBuffer(request.body) ? `buffer:${request.body.length}` : request.body, raw: request.rawBody.toString("utf8"), query: request.query, headers: request.headers["x-custom"] })),
  route("/bytes$", () => Buffer.from([0, 1, 2])),
  route("/number$", () => 42),
  route("/nothing$", () => undefined),
  route("/page$", () => html("<p>☃</p>")),
  route("/created$", { methods: ["POST"] }, (request) => {
    request.setResponseCode(201);
    request.setHeader("Location", "/there");
    return "made";
  }),
  route("/teapot$", () => {
    throw new HttpError(403, "Go away", { "x-why": "because" });
  }),
  route("/boom$", () => {
    throw new Error("secret internals");
  }),
  route("/slow$", () => new Promise(() => undefined)),
  route("/send/(?P<channel>\\w+)$", { methods: ["POST"] }, async (request, client, { channel }) => {
    await client.msg(`#${channel}`, String(request.body));
    return "Message Sent";
  }),
  route("/context$", () => currentWebhook().name),
  route("/snow/(?P<what>.+)", (_request, _client, { what }) => `${what}`),
  route("/tpl/(?P<name>[^/]+)$", (request, _client, { name }) => `${name} ${request.path}`),
  route("/both$", { methods: ["GET", "POST"] }, (request) => request.method),
  route("/both$", { methods: ["PUT"] }, () => "put"),
];
const table = createRouteTable([{ webhook: { name: "tester", packageDir: "/w", moduleDir: "/w" }, routes }]);
const handle = createRequestHandler({ routes: () => table, clientFor: fakeClient, handlerTimeoutMs: 300, logger });
const listener: Listener = createListener(createExpressApp(handle, { bodyLimit: 1024, logger }), { host: "127.0.0.1", port: 0, logger });
let base = "";

before(async () => {
  base = `http://127.0.0.1:${await listener.open()}`;
});
after(async () => {
  await listener.close(1_000);
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(base + path, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

test("a string is UTF-8 text, with a request id", async () => {
  const { status, headers, text } = await call("/text");
  assert.equal(status, 200);
  assert.equal(headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(text, "héllo ☃");
  assert.match(headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  assert.equal(headers.get("x-powered-by"), null);
  assert.equal(headers.get("etag"), null);
});

test("a sane X-Request-Id is kept, an odd one replaced", async () => {
  assert.equal((await call("/text", { headers: { "x-request-id": "abc-123" } })).headers.get("x-request-id"), "abc-123");
  assert.notEqual((await call("/text", { headers: { "x-request-id": "bad id\u00e9" } })).headers.get("x-request-id"), "bad id\u00e9");
});

test("bodies are parsed by content type, raw bytes kept", async () => {
  const post = (body: string | Uint8Array, type: string) => call("/echo?a=1&b=2&a=3", { method: "POST", body, headers: { "content-type": type, "x-custom": "yes" } });
  const cases: Array<[string | Uint8Array, string, unknown]> = [
    ['{"message":"☃"}', "application/json", { message: "☃" }],
    ['{"x":1}', "application/vnd.github+json; charset=utf-8", { x: 1 }],
    ["message=hi+there&to=%E2%98%83", "application/x-www-form-urlencoded", { message: "hi there", to: "☃" }],
    ["plain ☃", "text/plain; charset=utf-8", "plain ☃"],
    [new Uint8Array([0xe9]), "text/plain; charset=latin1", "é"],
    [new Uint8Array([1, 2, 3]), "application/octet-stream", "buffer:3"],
  ];
  for (const [body, type, expected] of cases) {
    const { status, headers, text } = await post(body, type);
    assert.equal(status, 200, type);
    assert.equal(headers.get("content-type"), "application/json; charset=utf-8");
    const echoed = JSON.parse(text) as { body: unknown; raw: string; query: unknown; headers: unknown };
    assert.deepEqual(echoed.body, expected, type);
    assert.deepEqual(echoed.query, { a: "3", b: "2" });
    assert.equal(echoed.headers, "yes");
    if (typeof body === "string") assert.equal(echoed.raw, body);
  }
});

test("malformed JSON is a 400 that says why", async () => {
  const { status, text } = await call("/echo", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
  assert.equal(status, 400);
  assert.match(text, /^Malformed JSON body: .+/);
});

test("bytes, numbers, html and nothing are shaped by type", async () => {
  const bytes = await fetch(`${base}/bytes`);
  assert.equal(bytes.headers.get("content-type"), "application/octet-stream");
  assert.deepEqual([...new Uint8Array(await bytes.arrayBuffer())], [0, 1, 2]);
  const number = await call("/number");
  assert.equal(number.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(number.text, "42");
  const page = await call("/page");
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(page.text, "<p>☃</p>");
  const nothing = await call("/nothing");
  assert.equal(nothing.status, 200);
  assert.equal(nothing.text, "");
});

test("setResponseCode and setHeader shape the response", async () => {
  const { status, headers, text } = await call("/created", { method: "POST" });
  assert.equal(status, 201);
  assert.equal(headers.get("location"), "/there");
  assert.equal(text, "made");
});

test("HttpError answers with its status, message and headers", async () => {
  const { status, headers, text } = await call("/teapot");
  assert.equal(status, 403);
  assert.equal(text, "Go away");
  assert.equal(headers.get("x-why"), "because");
});

test("any other exception is a generic 500, logged once with stack, request id and webhook", async () => {
  logLines.length = 0;
  const { status, text } = await call("/boom", { headers: { "x-request-id": "boom-1" } });
  assert.equal(status, 500);
  assert.equal(text, "500 Internal Server Error");
  const errors = logLines.filter((line) => line.level === 50);
  assert.equal(errors.length, 1);
  const [line] = errors as [{ requestId: string; webhook: string; err: { stack: string } }];
  assert.equal(line.requestId, "boom-1");
  assert.equal(line.webhook, "tester");
  assert.match(line.err.stack, /secret internals\n\s+at /);
});

test("a handler that never settles gets 504", async () => {
  const { status, text } = await call("/slow");
  assert.equal(status, 504);
  assert.equal(text, "504 Gateway Timeout");
});

test("the client's requests carry request id and webhook; a full outbox is 503 with Retry-After", async () => {
  const ok = await call("/send/bots", { method: "POST", body: "hi ☃", headers: { "content-type": "text/plain", "x-request-id": "r-7" } });
  assert.equal(ok.text, "Message Sent");
  assert.equal(sent.at(-1), "tester r-7 #bots hi ☃");
  const full = await call("/send/full", { method: "POST", body: "x", headers: { "content-type": "text/plain" } });
  assert.equal(full.status, 503);
  assert.equal(full.headers.get("retry-after"), "5");
  assert.equal(full.text, "IRC outbox is full; retry later");
});

test("handlers run inside their webhook's context", async () => {
  assert.equal((await call("/context")).text, "tester");
});

test("404, 405 with Allow, HEAD and OPTIONS", async () => {
  const missing = await call("/nope");
  assert.equal(missing.status, 404);
  assert.equal(missing.text, "404 Not Found");
  const wrong = await call("/text", { method: "DELETE" });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.text, "405 Method Not Allowed");
  assert.equal(wrong.headers.get("allow"), "GET, HEAD");
  assert.equal((await call("/both", { method: "PUT" })).text, "put");
  assert.equal((await call("/both", { method: "POST" })).text, "POST");
  const head = await call("/text", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.text, "");
  assert.equal(head.headers.get("content-length"), String(Buffer.byteLength("héllo ☃")));
  const options = await call("/both", { method: "OPTIONS" });
  assert.equal(options.status, 204);
  assert.equal(options.headers.get("allow"), "GET, HEAD, POST, PUT");
});

test("paths are percent-decoded UTF-8; bad encoding is a 400", async () => {
  assert.equal((await call("/snow/%E2%98%83%20ok")).text, "☃ ok");
  assert.equal((await call("/snow/%E2%98")).status, 400);
});

test("bodies over the limit get 413, declared or streamed", async () => {
  const declared = await call("/echo", { method: "POST", body: "x".repeat(2048), headers: { "content-type": "text/plain" } });
  assert.equal(declared.status, 413);
  assert.equal(declared.text, "413 Payload Too Large");
  const streamed = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${base}/echo`, { method: "POST", headers: { "content-type": "text/plain", "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    for (let i = 0; i < 5; i++) req.write("y".repeat(512));
    req.end();
  });
  assert.equal(streamed, 413);
});

test("an encoded slash in the URL stays inside one segment: GET /tpl/feature%2Fx answers with name feature/x", async () => {
  assert.deepEqual(await call("/tpl/feature%2Fx").then(({ status, text }) => [status, text]), [200, "feature/x /tpl/feature/x"]);
  assert.equal((await call("/tpl/feature/x")).status, 404);
});
