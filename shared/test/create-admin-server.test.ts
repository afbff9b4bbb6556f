import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAdminServer, createLogger, type AdminServer } from "../src/index.js";

const logger = createLogger("admin-test", "silent");
const metrics = { contentType: "text/plain; version=0.0.4", metrics: async () => "# HELP up\nup 1\n" };

describe("admin server", () => {
  const state = { redis: true, webhooks: true };
  let admin: AdminServer;
  let base: string;

  before(async () => {
    admin = await createAdminServer({
      port: 0,
      host: "127.0.0.1",
      logger,
      metrics,
      checkTimeoutMs: 200,
      checks: {
        redis: async () => state.redis,
        webhooks: () => state.webhooks,
      },
    });
    base = `http://127.0.0.1:${admin.port}`;
  });
  after(() => admin.close());

  it("answers /healthz with 200 ok", async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok\n");
  });

  it("answers /readyz 200 with every check named when all pass", async () => {
    const response = await fetch(`${base}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ready: true, checks: { redis: true, webhooks: true } });
  });

  it("answers /readyz 503 naming the failing check, while /healthz stays 200", async () => {
    state.webhooks = false;
    try {
      const response = await fetch(`${base}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { ready: false, checks: { redis: true, webhooks: false } });
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
    } finally {
      state.webhooks = true;
    }
  });

  it("serves the metrics source with its content type", async () => {
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), metrics.contentType);
    assert.equal(await response.text(), "# HELP up\nup 1\n");
  });

  it("answers 404 for other paths and 405 for other methods", async () => {
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    const response = await fetch(`${base}/healthz`, { method: "POST" });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
  });

  it("ignores the query string", async () => {
    assert.equal((await fetch(`${base}/healthz?x=1`)).status, 200);
  });
});

describe("admin server readiness checks that misbehave", () => {
  it("counts a throwing check and a check slower than the timeout as not ready", async () => {
    const admin = await createAdminServer({
      port: 0,
      host: "127.0.0.1",
      logger,
      metrics,
      checkTimeoutMs: 100,
      checks: {
        throws: () => {
          throw new Error("boom");
        },
        rejects: async () => Promise.reject(new Error("nope")),
        hangs: () => new Promise<boolean>(() => undefined),
        fine: () => true,
      },
    });
    try {
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${admin.port}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { ready: false, checks: { throws: false, rejects: false, hangs: false, fine: true } });
      assert.ok(Date.now() - started < 2_000, "a hanging check is bounded by checkTimeoutMs");
    } finally {
      await admin.close();
    }
  });

  it("answers 500 when the metrics source fails, and keeps serving", async () => {
    const admin = await createAdminServer({
      port: 0,
      host: "127.0.0.1",
      logger,
      metrics: { contentType: "text/plain", metrics: () => Promise.reject(new Error("registry broke")) },
      checks: {},
    });
    try {
      assert.equal((await fetch(`http://127.0.0.1:${admin.port}/metrics`)).status, 500);
      assert.equal((await fetch(`http://127.0.0.1:${admin.port}/healthz`)).status, 200);
    } finally {
      await admin.close();
    }
  });
});

describe("admin server lifecycle", () => {
  it("closes, refuses connections afterwards, and close() is safe twice", async () => {
    const admin = await createAdminServer({ port: 0, host: "127.0.0.1", logger, metrics, checks: {} });
    const url = `http://127.0.0.1:${admin.port}/healthz`;
    assert.equal((await fetch(url)).status, 200);
    await admin.close();
    await admin.close();
    await assert.rejects(fetch(url));
  });

  it("says which port is taken when the port is in use", async () => {
    const first = await createAdminServer({ port: 0, host: "127.0.0.1", logger, metrics, checks: {} });
    try {
      await assert.rejects(
        createAdminServer({ port: first.port, host: "127.0.0.1", logger, metrics, checks: {} }),
        new RegExp(`Admin port ${first.port} is already in use`),
      );
    } finally {
      await first.close();
    }
  });
});
