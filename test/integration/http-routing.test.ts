import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Stack } from "../harness/index.js";
import { PATTERNS_WEBHOOK } from "./fixtures.js";

describe("routing over real HTTP", () => {
  const stack = new Stack({ webhooks: { "patterns.ts": PATTERNS_WEBHOOK } });
  let base = "";
  before(async () => {
    await stack.start(1);
    base = stack.gateways[0]!.url;
  });
  after(() => stack.stop());

  it("answers 404 Not Found when no route matches", async () => {
    const response = await fetch(`${base}/nothing/here`);
    assert.equal(response.status, 404);
    assert.equal(await response.text(), "404 Not Found");
  });

  it("answers 405 with an Allow header when the path matches but the method does not", async () => {
    const response = await fetch(`${base}/post-only`);
    assert.equal(response.status, 405);
    assert.equal(await response.text(), "405 Method Not Allowed");
    assert.match(response.headers.get("allow") ?? "", /\bPOST\b/);
    const posted = await fetch(`${base}/post-only`, { method: "POST" });
    assert.equal(posted.status, 200);
    assert.equal(await posted.text(), "posted");
  });

  it("matches helga's Python-style patterns pasted unchanged, optional groups undefined", async () => {
    const plain = await fetch(`${base}/logger/helga-dev/2024-01-02`);
    assert.equal(plain.status, 200);
    assert.deepEqual(await plain.json(), { channel: "helga-dev", date: "2024-01-02" });
    const asText = await fetch(`${base}/logger/helga-dev/2024-01-02.txt`);
    assert.deepEqual(await asText.json(), { channel: "helga-dev", date: "2024-01-02", as_text: ".txt" });
    assert.equal((await fetch(`${base}/logger/helga-dev/2024-01-02/extra`)).status, 404);
  });

  it("translates (?P=name) back-references", async () => {
    const same = await fetch(`${base}/both/echo/echo`);
    assert.equal(await same.text(), "twice echo");
    assert.equal((await fetch(`${base}/both/echo/other`)).status, 404);
  });

  it("matches a unicode pattern against a percent-encoded path and returns UTF-8", async () => {
    const response = await fetch(`${base}/snow/${encodeURIComponent("☃")}/${encodeURIComponent("ünïcødé ✓")}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /charset=utf-8/i);
    assert.equal(await response.text(), "☃ ünïcødé ✓");
  });
});
