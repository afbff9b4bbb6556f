import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { post, rawHttp, sleep, Stack, trickle, type Gateway, type RawPart } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const HANG_WEBHOOK = String.raw`
import { route } from "@helga/gateway";

/** A handler that never settles. */
export const hang = route("/hang$", { methods: ["GET", "POST"] }, () => new Promise(() => undefined));
`;

const SECRET_WEBHOOK = String.raw`
import { authenticated, route } from "@helga/gateway";

export const secret = route("/secret$", { methods: ["GET", "POST"] }, authenticated(() => "the secret"));
`;

const HANDLER_TIMEOUT_MS = 1_000;
const BODY_LIMIT = 1024 * 1024;
const HUGE = 5 * 1024 * 1024;
/** The gateway cuts slow headers after 10 s and slow requests after 30 s; node checks every 30 s. */
const SLOW_HEADERS_CUT_WITHIN_MS = 45_000;
const SLOW_BODY_CUT_WITHIN_MS = 65_000;

const basic = (userPass: string) => `Basic ${Buffer.from(userPass, "utf8").toString("base64")}`;

describe("malformed and hostile requests", () => {
  const stack = new Stack({
    webhooks: { "say.ts": SAY_WEBHOOK, "hang.ts": HANG_WEBHOOK, "secret.ts": SECRET_WEBHOOK },
    env: { HANDLER_TIMEOUT: String(HANDLER_TIMEOUT_MS), BODY_LIMIT: String(BODY_LIMIT), WEBHOOKS_CREDENTIALS: "alice:s3cret" },
  });
  let gateway: Gateway;
  let base = "";
  /** Every answer body, checked at the end for leaked internals. */
  const bodies: string[] = [];
  const fetchText = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, text, headers: response.headers };
  };
  const raw = async (parts: readonly RawPart[], timeoutMs = 15_000) => {
    const exchange = await rawHttp(gateway.port, parts, timeoutMs);
    bodies.push(exchange.response);
    return exchange;
  };

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0]!;
    base = gateway.url;
  });
  after(() => stack.stop());

  it("answers bad JSON with 400 and a message that says so", async () => {
    for (const body of ['{"text":', "not json", '{"text": "x"}}', "\u0000\u0001", '{"text": "\\uZZZZ"}']) {
      const response = await fetchText("/say/helga-test", { method: "POST", headers: { "content-type": "application/json" }, body });
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
      assert.match(response.text, /JSON/i, `the 400 for ${JSON.stringify(body)} names the problem`);
    }
  });

  it("answers bodies over BODY_LIMIT with 413, declared or chunked, streamed or after 100-continue", async () => {
    const waiting = await raw([`POST /say/helga-test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${HUGE}\r\nExpect: 100-continue\r\n\r\n`]);
    assert.equal(waiting.status, 413, `a sender waiting for 100-continue: ${waiting.response.slice(0, 200)}`);
    // Most senders (fetch, curl without Expect) stream the body without waiting: they must still read the 413.
    const declared = await raw([
      `POST /say/helga-test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${HUGE}\r\n\r\n`,
      ...Array.from({ length: HUGE / 65_536 }, () => Buffer.alloc(65_536, 0x61)),
    ]);
    assert.equal(declared.status, 413, `declared length, body streamed (${declared.partsSent} parts sent): ${JSON.stringify(declared.response.slice(0, 200))}`);
    const chunk = `${(65_536).toString(16)}\r\n${"a".repeat(65_536)}\r\n`;
    const chunked = await raw([
      "POST /say/helga-test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
      ...Array.from({ length: HUGE / 65_536 }, () => chunk),
      "0\r\n\r\n",
    ]);
    assert.equal(chunked.status, 413, `chunked, body streamed (${chunked.partsSent} parts sent): ${JSON.stringify(chunked.response.slice(0, 200))}`);
  });

  it("answers odd methods with a clear 4xx", async () => {
    const propfind = await fetchText("/say/helga-test", { method: "PROPFIND" });
    assert.equal(propfind.status, 405, `PROPFIND: ${propfind.text}`);
    assert.match(propfind.headers.get("allow") ?? "", /POST/);
    const trace = await raw(["TRACE /say/helga-test HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
    assert.ok(trace.status !== undefined && trace.status >= 400 && trace.status < 500, `TRACE: ${trace.response.slice(0, 200)}`);
    assert.doesNotMatch(trace.response, /\r\n\r\nTRACE /, "TRACE is not echoed back");
    const lowercase = await raw(['post /say/helga-test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{"text":"x"}']);
    assert.ok(lowercase.status !== undefined && lowercase.status >= 400 && lowercase.status < 500, `lowercase post: ${lowercase.response.slice(0, 200)}`);
    const invented = await raw(["BREW /say/helga-test HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
    assert.ok(invented.status !== undefined && invented.status >= 400 && invented.status < 600, `BREW: ${invented.response.slice(0, 200)}`);
    assert.deepEqual(stack.observer.messages(stack.channel), [], "none of them sent anything");
  });

  it("answers broken Authorization headers with 401 and a challenge", async () => {
    const good = await fetchText("/secret", { headers: { authorization: basic("alice:s3cret") } });
    assert.equal(good.status, 200, `the right credentials work: ${good.text}`);
    const broken = ["", "Basic", "Basic ", "Basic !!!not-base64!!!", basic("no-colon"), basic("alice:wrong"), basic(":"), basic("alice:s3cret\0"), "Bearer abc", `Basic ${"A".repeat(6000)}`, "basic " + basic("alice:wrong").slice(6)];
    for (const authorization of broken) {
      const response = await fetchText("/secret", { headers: authorization ? { authorization } : {} });
      assert.equal(response.status, 401, `Authorization ${JSON.stringify(authorization.slice(0, 40))}: ${response.status} ${response.text}`);
      assert.match(response.headers.get("www-authenticate") ?? "", /^Basic /i, "a 401 carries a challenge");
    }
    const garbage = await raw([`GET /secret HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \x01\x02\xff\r\nConnection: close\r\n\r\n`]);
    assert.ok(garbage.status === 400 || garbage.status === 401, `control bytes in Authorization: ${garbage.response.slice(0, 200)}`);
  });

  it("answers 504 when a handler never settles, after HANDLER_TIMEOUT", async () => {
    const started = Date.now();
    const response = await fetchText("/hang");
    const ms = Date.now() - started;
    assert.equal(response.status, 504, response.text);
    assert.ok(ms >= HANDLER_TIMEOUT_MS - 50 && ms < HANDLER_TIMEOUT_MS + 3_000, `answered after ${ms} ms`);
  });

  it("keeps its memory near the baseline over 200 bad requests", { timeout: 120_000 }, async (t) => {
    const pid = gateway.process.pid;
    assert.ok(pid !== undefined);
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
    const round = async (i: number) => {
      switch (i % 5) {
        case 0: return fetchText("/say/helga-test", { method: "POST", headers: { "content-type": "application/json" }, body: `{"text": ${"[".repeat(1000)}` });
        case 1: return raw([`POST /say/helga-test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * BODY_LIMIT}\r\n\r\n`, Buffer.alloc(BODY_LIMIT + 1, 0x61)]);
        case 2: return fetchText("/say/helga-test", { method: "PROPFIND" });
        case 3: return fetchText("/secret", { headers: { authorization: basic(`alice:${"x".repeat(i)}`) } });
        default: return fetchText("/hang", { method: "POST", headers: { "content-type": "text/plain" }, body: "x".repeat(10_000) });
      }
    };
    for (let i = 0; i < 20; i++) await round(i); // warm up
    await sleep(1_000);
    const baseline = rss();
    for (let start = 0; start < 200; start += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => round(start + k)));
    await sleep(3_000);
    const settled = rss();
    t.diagnostic(`gateway RSS: ${baseline.toFixed(1)} MB before, ${settled.toFixed(1)} MB after 200 bad requests`);
    assert.ok(settled - baseline < 50, `RSS grew by ${(settled - baseline).toFixed(1)} MB`);
  });

  it("cuts slow senders (408 or close) and keeps serving others meanwhile", { timeout: 120_000 }, async () => {
    const slowHeaders = Array.from({ length: 10 }, () => raw(trickle("GET /say/helga-test HTTP/1.1\r\nHost: x\r\nX-Slow: " + "s".repeat(200), 500), 100_000));
    const stalledBody = Array.from({ length: 10 }, () => raw([
      "POST /say/helga-test HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":",
      { pauseMs: 100_000 },
    ], 100_000));
    await sleep(2_000);
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const response = await post(`${base}/say/helga-test`, { text: `served while slow senders wait ${i}` });
      assert.equal(response.status, 200, response.text);
      assert.ok(Date.now() - started < 2_000, "answered promptly");
      await sleep(1_000);
    }
    for (const exchange of await Promise.all(slowHeaders)) {
      assert.ok(exchange.closedByServer, "a sender trickling its headers is cut off");
      assert.ok(exchange.ms < SLOW_HEADERS_CUT_WITHIN_MS, `headers trickled for ${exchange.ms} ms before the cut`);
      assert.ok(exchange.status === undefined || exchange.status === 408, `slow headers: ${exchange.response.slice(0, 200)}`);
    }
    for (const exchange of await Promise.all(stalledBody)) {
      assert.ok(exchange.closedByServer, "a sender stalled mid-body is cut off");
      assert.ok(exchange.ms < SLOW_BODY_CUT_WITHIN_MS, `stalled for ${exchange.ms} ms before the cut`);
      assert.ok(exchange.status === undefined || exchange.status === 408 || exchange.status === 400, `stalled body: ${exchange.response.slice(0, 200)}`);
    }
  });

  it("is still running and serving, and never showed internals to a caller", async () => {
    assert.ok(gateway.process.running, `the gateway exited:\n${gateway.process.tail()}`);
    const response = await post(`${base}/say/helga-test`, { text: "still here" });
    assert.equal(response.status, 200);
    await stack.observer.waitForMessage(stack.channel, "still here");
    const leaks = bodies.filter((body) => /\n\s+at |node_modules|\/dist\/|Error: /.test(body));
    assert.deepEqual(leaks.map((body) => body.slice(0, 300)), [], "no stack traces or paths in answers");
  });
});
