import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { redisKeys } from "@helga/shared";
import { startRedis, type RedisServer } from "../../test/harness/index.js";
import { authenticated } from "../src/api/authenticated.js";
import { HttpError } from "../src/api/http-error.js";
import { route } from "../src/api/route.js";
import { verified } from "../src/api/verified.js";
import { signatureMatches } from "../src/signing/hmac-signature.js";
import { createTestKit, type TestKit } from "../src/testing/index.js";

const body = JSON.stringify({ zen: "Keep it logically awesome ☃" });
const sign = (secret: string, payload = body) => `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;
const github = (headers: Record<string, string>) => ({
  method: "POST",
  path: "/github",
  body,
  headers: { "content-type": "application/json", "x-github-delivery": crypto.randomUUID(), ...headers },
});

function counting() {
  const seen: unknown[] = [];
  const handler = async (request: { body: unknown }, client: { msg(t: string, m: string): Promise<void> }) => {
    seen.push(request.body);
    await client.msg("#dev", "announced");
    return "ok";
  };
  return { seen, handler };
}

test("signatureMatches: GitHub's documented example", () => {
  // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
  const signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  const format = { algorithm: "sha256", prefix: "sha256=", encoding: "hex" } as const;
  assert.equal(signatureMatches(signature, Buffer.from("Hello, World!"), ["It's a Secret to Everybody"], format), true);
  assert.equal(signatureMatches(signature.toUpperCase().replace("SHA256=", "sha256="), Buffer.from("Hello, World!"), ["It's a Secret to Everybody"], format), true);
  assert.equal(signatureMatches(signature, Buffer.from("Hello, World?"), ["It's a Secret to Everybody"], format), false);
  assert.equal(signatureMatches(signature.slice(0, -2), Buffer.from("Hello, World!"), ["It's a Secret to Everybody"], format), false);
  assert.equal(signatureMatches(undefined, Buffer.from("Hello, World!"), ["It's a Secret to Everybody"], format), false);
});

test("verified.github: a valid signature runs the handler; the parsed body is there", async () => {
  const { seen, handler } = counting();
  const kit = createTestKit({ settings: { GITHUB_WEBHOOK_SECRET: "s3cret" } });
  const response = await kit.call(route("/github", { methods: ["POST"] }, verified.github({ secret: "GITHUB_WEBHOOK_SECRET" }, handler)), github({ "x-hub-signature-256": sign("s3cret") }));
  assert.equal(response.status, 200);
  assert.equal(response.text, "ok");
  assert.deepEqual(seen, [JSON.parse(body)]);
  assert.deepEqual(response.calls, [{ op: "msg", target: "#dev", text: "announced" }]);
});

test("verified.github: bad, missing or other-algorithm signatures get 401 and nothing runs", async () => {
  const { seen, handler } = counting();
  const kit = createTestKit({ settings: { GITHUB_WEBHOOK_SECRET: "s3cret" } });
  const hook = route("/github", { methods: ["POST"] }, verified.github({ secret: "GITHUB_WEBHOOK_SECRET" }, handler));
  const sha1 = `sha1=${createHmac("sha1", "s3cret").update(body).digest("hex")}`;
  for (const headers of [{}, { "x-hub-signature-256": sign("wrong") }, { "x-hub-signature-256": sign("s3cret", `${body} `) }, { "x-hub-signature-256": "sha256=" }, { "x-hub-signature-256": "garbage" }, { "x-hub-signature": sha1 }]) {
    const response = await kit.call(hook, github(headers));
    assert.equal(response.status, 401, JSON.stringify(headers));
    assert.match(response.text, /X-Hub-Signature-256/);
  }
  assert.deepEqual(seen, []);
  assert.deepEqual(kit.client.calls, []);
});

test("verified.github: several secrets allow rotation, from setting names or a JSON list", async () => {
  const { handler } = counting();
  const byNames = createTestKit({ settings: { GH_NEW: "new", GH_OLD: "old" } });
  const hook = route("/github", { methods: ["POST"] }, verified.github({ secret: ["GH_NEW", "GH_OLD"] }, handler));
  assert.equal((await byNames.call(hook, github({ "x-hub-signature-256": sign("old") }))).status, 200);
  assert.equal((await byNames.call(hook, github({ "x-hub-signature-256": sign("new") }))).status, 200);
  const byList = createTestKit({ settings: { GH: ["new", "old"] } });
  const listHook = route("/github", { methods: ["POST"] }, verified.github({ secret: "GH" }, handler));
  assert.equal((await byList.call(listHook, github({ "x-hub-signature-256": sign("old") }))).status, 200);
  const direct = route("/github", { methods: ["POST"] }, verified.github({ secretValue: ["a", "b"] }, handler));
  assert.equal((await byList.call(direct, github({ "x-hub-signature-256": sign("b") }))).status, 200);
  assert.equal((await byList.call(direct, github({ "x-hub-signature-256": sign("c") }))).status, 401);
});

test("verified.github: an unset secret setting is a 500 the gateway logs, not a pass", async () => {
  const { seen, handler } = counting();
  const kit = createTestKit({ settings: {} });
  const response = await kit.call(route("/github", { methods: ["POST"] }, verified.github({ secret: "GITHUB_WEBHOOK_SECRET" }, handler)), github({ "x-hub-signature-256": sign("") }));
  assert.equal(response.status, 500);
  assert.match(String(response.error), /GITHUB_WEBHOOK_SECRET is not set/);
  assert.deepEqual(seen, []);
});

test("declaration mistakes throw at once", () => {
  const handler = () => "x";
  assert.throws(() => verified.github({}, handler), /exactly one/);
  assert.throws(() => verified.github({ secret: "A", secretValue: "b" }, handler), /exactly one/);
  assert.throws(() => verified.github({ secretValue: "" }, handler), /non-empty/);
  assert.throws(() => verified.hmac({ header: "X-Sig", algorithm: "sha257", secretValue: "k" }, handler), /Unknown HMAC algorithm/);
  assert.throws(() => verified.hmac({ header: "bad header", secretValue: "k" }, handler), /not a header name/);
  assert.throws(() => verified.token({ secretValue: "k" }, handler), /header or the query parameter/);
  assert.throws(() => verified.github({ secretValue: "k", replay: { ttlSeconds: 0 } }, handler), /ttlSeconds/);
});

test("verified.hmac: configurable header, algorithm, prefix and encoding", async () => {
  const { handler } = counting();
  const kit = createTestKit();
  const hook = route("/shop", { methods: ["POST"] }, verified.hmac({ header: "X-Shop-Hmac", algorithm: "sha512", encoding: "base64", secretValue: "k" }, handler));
  const good = createHmac("sha512", "k").update(body).digest("base64");
  assert.equal((await kit.call(hook, { method: "POST", path: "/shop", body, headers: { "x-shop-hmac": good } })).status, 200);
  assert.equal((await kit.call(hook, { method: "POST", path: "/shop", body, headers: { "x-shop-hmac": good.slice(1) } })).status, 401);
  const prefixed = route("/p", { methods: ["POST"] }, verified.hmac({ header: "X-Signature", prefix: "v1=", secretValue: "k" }, handler));
  const hex = createHmac("sha256", "k").update(body).digest("hex");
  assert.equal((await kit.call(prefixed, { method: "POST", path: "/p", body, headers: { "x-signature": `v1=${hex}` } })).status, 200);
  assert.equal((await kit.call(prefixed, { method: "POST", path: "/p", body, headers: { "x-signature": hex } })).status, 401);
});

test("verified.token: header or query token, compared whole", async () => {
  const { handler } = counting();
  const kit = createTestKit({ settings: { GITLAB_TOKEN: "tok-en" } });
  const byHeader = route("/gitlab", { methods: ["POST"] }, verified.token({ header: "X-Gitlab-Token", secret: "GITLAB_TOKEN" }, handler));
  const call = (headers: Record<string, string>, query?: Record<string, string>) =>
    kit.call(byHeader, { method: "POST", path: "/gitlab", body, headers, ...(query ? { query } : {}) });
  assert.equal((await call({ "x-gitlab-token": "tok-en" })).status, 200);
  for (const token of ["tok", "tok-en ", "TOK-EN", ""]) assert.equal((await call({ "x-gitlab-token": token })).status, 401, token);
  const byQuery = route("/q", { methods: ["POST"] }, verified.token({ query: "token", secret: "GITLAB_TOKEN" }, handler));
  assert.equal((await kit.call(byQuery, { method: "POST", path: "/q", query: { token: "tok-en" } })).status, 200);
  assert.equal((await kit.call(byQuery, { method: "POST", path: "/q", query: { token: "nope" } })).status, 401);
  assert.equal((await kit.call(byQuery, { method: "POST", path: "/q" })).status, 401);
});

test("verified composes with authenticated, in either order and with route outside or inside", async () => {
  const { handler } = counting();
  const kit = createTestKit({ settings: { WEBHOOKS_CREDENTIALS: "ci:pw" } });
  const sig = { secretValue: "k" };
  const variants = [
    route("/both", { methods: ["POST"] }, authenticated(verified.github(sig, handler))),
    route("/both", { methods: ["POST"] }, verified.github(sig, authenticated(handler))),
    authenticated(verified.github(sig, route("/both", { methods: ["POST"] }, handler))),
    verified.github(sig, authenticated(route("/both", { methods: ["POST"] }, handler))),
  ];
  // A fresh delivery id each time: a repeated one would be answered "Already delivered".
  const request = (signature: string) => ({ ...github({ "x-hub-signature-256": signature }), path: "/both" });
  for (const hook of variants) {
    assert.equal((await kit.call(hook, { ...request(sign("k")), credentials: ["ci", "pw"] })).status, 200);
    assert.equal((await kit.call(hook, { ...request(sign("k")), credentials: ["ci", "no"] })).status, 401);
    assert.equal((await kit.call(hook, { ...request(sign("x")), credentials: ["ci", "pw"] })).status, 401);
  }
});

test("replay guard (in memory): the same delivery twice is handled once and acknowledged with 200", async () => {
  const { seen, handler } = counting();
  const kit = createTestKit();
  const hook = route("/github", { methods: ["POST"] }, verified.github({ secretValue: "k" }, handler));
  const request = github({ "x-hub-signature-256": sign("k"), "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" });
  const first = await kit.call(hook, request);
  const second = await kit.call(hook, request);
  assert.equal(first.text, "ok");
  assert.equal(second.status, 200);
  assert.equal(second.text, "Already delivered");
  assert.equal(seen.length, 1);
  assert.deepEqual(second.calls, []);
  const other = await kit.call(hook, github({ "x-hub-signature-256": sign("k") }));
  assert.equal(other.text, "ok");
});

test("replay guard: a missing delivery id is a 400; the guard can be turned off", async () => {
  const { handler } = counting();
  const kit = createTestKit();
  const request = { method: "POST", path: "/github", body, headers: { "x-hub-signature-256": sign("k") } };
  const guarded = await kit.call(route("/github", { methods: ["POST"] }, verified.github({ secretValue: "k" }, handler)), request);
  assert.equal(guarded.status, 400);
  assert.match(guarded.text, /X-GitHub-Delivery/i);
  const unguarded = route("/github", { methods: ["POST"] }, verified.github({ secretValue: "k", replay: false }, handler));
  assert.equal((await kit.call(unguarded, request)).text, "ok");
  assert.equal((await kit.call(unguarded, request)).text, "ok");
});

test("replay guard: a delivery whose handler failed can be retried", async () => {
  let attempts = 0;
  const kit = createTestKit();
  const hook = route("/github", { methods: ["POST"] }, verified.github({ secretValue: "k" }, () => {
    attempts++;
    if (attempts === 1) throw new HttpError(503, "try later");
    return "done";
  }));
  const request = github({ "x-hub-signature-256": sign("k") });
  assert.equal((await kit.call(hook, request)).status, 503);
  assert.equal((await kit.call(hook, request)).text, "done");
  assert.equal((await kit.call(hook, request)).text, "Already delivered");
});

test("replay guard: generic HMAC with a delivery header of its own", async () => {
  const { seen, handler } = counting();
  const kit = createTestKit();
  const hex = createHmac("sha256", "k").update(body).digest("hex");
  const hook = route("/p", { methods: ["POST"] }, verified.hmac({ header: "X-Signature", secretValue: "k", replay: { header: "X-Event-Id", ttlSeconds: 60 } }, handler));
  const request = { method: "POST", path: "/p", body, headers: { "x-signature": hex, "x-event-id": "evt-1" } };
  await kit.call(hook, request);
  assert.equal((await kit.call(hook, request)).text, "Already delivered");
  assert.equal(seen.length, 1);
});

let redis: RedisServer;
let kit: TestKit;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await kit?.close();
  await redis?.stop();
});

test("replay guard in Redis: SET NX with the TTL under keys.delivery(id), shared by every gateway", async () => {
  const { seen, handler } = counting();
  const prefix = `replay-${process.pid}`;
  kit = createTestKit({ redis: redis.client, redisPrefix: prefix });
  const otherGateway = createTestKit({ redis: redis.client, redisPrefix: prefix });
  const hook = route("/github", { methods: ["POST"] }, verified.github({ secretValue: "k", replay: { ttlSeconds: 120 } }, handler));
  const request = github({ "x-hub-signature-256": sign("k"), "x-github-delivery": "d-1" });
  assert.equal((await kit.call(hook, request)).text, "ok");
  assert.equal((await otherGateway.call(hook, request)).text, "Already delivered");
  assert.equal(seen.length, 1);
  const key = redisKeys(prefix).delivery("d-1");
  const ttl = await redis.client.ttl(key);
  assert.ok(ttl > 100 && ttl <= 120, `TTL ${ttl}`);
  await redis.client.del(key);
  assert.equal((await kit.call(hook, request)).text, "ok", "after the TTL the id counts as new");
});
