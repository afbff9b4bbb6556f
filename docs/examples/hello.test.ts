import { test } from "node:test";
import assert from "node:assert/strict";
import { callRoute, createTestKit } from "@helga/gateway/testing";
import hello from "./hello.ts";
import * as announcements from "./authenticated-routes.ts";

test("GET /hello says hello", async () => {
  const response = await callRoute(hello, { path: "/hello" });
  assert.equal(response.status, 200);
  assert.equal(response.text, "Hello, world");
});

test("an announcement needs credentials and reaches the channel", async () => {
  const kit = createTestKit({ settings: { WEBHOOKS_CREDENTIALS: "ci:s3cret" } });
  const denied = await kit.call(announcements, { method: "POST", path: "/announce/bots", body: { message: "hi" } });
  assert.equal(denied.status, 401);
  const sent = await kit.call(announcements, {
    method: "POST",
    path: "/announce/bots",
    body: { message: "Build passed ☃" },
    credentials: ["ci", "s3cret"],
  });
  assert.equal(sent.text, "Sent for ci");
  assert.deepEqual(sent.calls, [{ op: "msg", target: "#bots", text: "Build passed ☃" }]);
});
