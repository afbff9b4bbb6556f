import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createRedis, createLogger, encodeOutboxCommand, loadAppendScript, queueAppend, redisKeys, trailFields, type DeliveryRecord } from "@helga/shared";
import { post, Stack, waitUntil, type Gateway } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const USER = "operator";
const PASSWORD = "console-pass-1";
const AUTH = { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}` };
const BANNED = "#banned";
/** Where the test's screenshots go: a temp folder, printed, never committed. */
const SHOTS = mkdtempSync(join(tmpdir(), "helga-console-shots-"));

interface Page$ {
  readonly deliveries: DeliveryRecord[];
  readonly next?: string;
}

describe("delivery trail and console, with the real stack", () => {
  const stack = new Stack({
    webhooks: { "say.ts": SAY_WEBHOOK },
    env: { CONSOLE_CREDENTIALS: `${USER}:${PASSWORD}`, OUTBOX_MAX_ATTEMPTS: "2", TRAIL_MAX: "1000" },
  });
  let gateway: Gateway;
  const ids: Record<"delivered" | "refused" | "queued", string> = { delivered: "trail-delivered-1", refused: "trail-refused-1", queued: "trail-queued-1" };

  const deliveries = async (query = ""): Promise<Page$> => {
    const response = await fetch(`http://127.0.0.1:${gateway.adminPort}/deliveries${query}`, { headers: AUTH });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Page$;
  };
  const delivery = async (requestId: string) => (await deliveries(`?requestId=${requestId}`)).deliveries[0];

  before(async () => {
    await stack.startInfrastructure();
    // The observer opens the channel first, so it is its operator, and bans the bot from it.
    await stack.observer.join(BANNED);
    stack.observer.send(`MODE ${BANNED} +b helgabot!*@*`);
    await waitUntil("the ban", () => stack.observer.lines.some((line) => line.command === "MODE" && line.params.includes("+b")));
    await stack.startBot();
    gateway = await stack.startGateway();
    process.stdout.write(`# console screenshots: ${SHOTS}\n`);
  });
  after(() => stack.stop());

  it("GET /deliveries: a delivered message is sent, with its lines and network", async () => {
    assert.equal((await post(`${gateway.url}/say/helga-test`, { text: "delivered through the trail" }, { "x-request-id": ids.delivered })).status, 200);
    await stack.observer.waitForMessage(stack.channel, "delivered through the trail");
    const sent = await waitUntil("the delivery to read sent", async () => {
      const found = await delivery(ids.delivered);
      return found?.status === "sent" ? found : undefined;
    });
    assert.equal(sent.webhook, "say");
    assert.equal(sent.target, stack.channel);
    assert.equal(sent.text, "delivered through the trail");
    assert.equal(sent.lines, 1);
    assert.equal(sent.network, "default");
    assert.ok(sent.sentAt! >= sent.acceptedAt);
  });

  it("GET /deliveries: one the server refuses (the bot is banned) is dead-lettered with the server's reason", async () => {
    assert.equal((await post(`${gateway.url}/say/banned`, { text: "refused by a ban" }, { "x-request-id": ids.refused })).status, 200);
    const dead = await waitUntil("the delivery to read dead", async () => {
      const found = await delivery(ids.refused);
      return found?.status === "dead" ? found : undefined;
    }, 20_000);
    assert.match(dead.reason ?? "", /474|banned|\+b/i);
    assert.equal(dead.target, BANNED);
  });

  it("the dead letter is listed by `!webhooks deadletters` (operators) and by `npm run deadletters -- list`", async () => {
    stack.observer.say(stack.channel, "!webhooks deadletters");
    await stack.observer.waitForMessage(stack.channel, /^1 dead letter\(s\); it in private\. Replay or discard: /);
    const line = await stack.observer.waitForMessage(stack.observerNick, /refused by a ban/);
    assert.match(line, new RegExp(`^\\d+-\\d+ ${BANNED} \\d+ min ago: .*(474|ban)`, "i"));
    const { stdout } = await promisify(execFile)(process.execPath, ["bot/dist/cli/deadletters.js", "list"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", REDIS_URL: stack.redis.url },
    });
    const [head, row] = stdout.split("\n");
    assert.equal(head, "1 dead letter(s)");
    assert.match(row ?? "", new RegExp(`^\\d+-\\d+  \\S+Z  ${BANNED}  ${ids.refused}  .+  "refused by a ban"$`));
  });

  it("GET /deliveries: one queued while the bot is stopped reads queued; filters and pages work", async () => {
    await stack.bot.stop("SIGTERM");
    assert.equal((await post(`${gateway.url}/say/helga-test`, { text: "waiting for the bot" }, { "x-request-id": ids.queued })).status, 200);
    assert.equal((await delivery(ids.queued))?.status, "queued");
    const all = await deliveries();
    assert.deepEqual(all.deliveries.map((d) => [d.requestId, d.status]), [[ids.queued, "queued"], [ids.refused, "dead"], [ids.delivered, "sent"]]);
    assert.deepEqual((await deliveries("?status=dead")).deliveries.map((d) => d.requestId), [ids.refused]);
    assert.deepEqual((await deliveries(`?target=${encodeURIComponent(BANNED.toUpperCase())}`)).deliveries.map((d) => d.requestId), [ids.refused]);
    assert.deepEqual((await deliveries("?webhook=nope")).deliveries, []);
    const first = await deliveries("?limit=2");
    assert.equal(first.deliveries.length, 2);
    assert.deepEqual((await deliveries(`?limit=2&after=${first.next}`)).deliveries.map((d) => d.requestId), [ids.delivered]);
    const bad = await fetch(`http://127.0.0.1:${gateway.adminPort}/deliveries?status=lost`, { headers: AUTH });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /^status: must be one of queued, sent, failed, dead, replayed, discarded/);
  });

  it("the console: 401 without credentials, 403 for a POST without its CSRF token", async () => {
    const admin = `http://127.0.0.1:${gateway.adminPort}`;
    const anonymous = await fetch(`${admin}/console`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Basic /);
    assert.equal((await fetch(`${admin}/deliveries`, { headers: { authorization: `Basic ${Buffer.from(`${USER}:wrong`).toString("base64")}` } })).status, 401);
    const form = { method: "POST", headers: { ...AUTH, "content-type": "application/x-www-form-urlencoded" } };
    const noToken = await fetch(`${admin}/console/deadletters`, { ...form, body: "action=discard&id=all", redirect: "manual" });
    assert.equal(noToken.status, 403);
    const badToken = await fetch(`${admin}/console/webhooks`, { ...form, body: "enabled=0&csrf=forged", redirect: "manual" });
    assert.equal(badToken.status, 403);
    assert.equal(await stack.redis.client.xlen(redisKeys().deadLetter), 1, "nothing was discarded");
    assert.notEqual(await stack.redis.client.get(redisKeys().webhooksEnabled), "0", "webhooks were not stopped");
  });

  describe("in a real browser (headless chromium)", () => {
    let context: BrowserContext;
    let page: Page;
    const profile = mkdtempSync(join(tmpdir(), "helga-chromium-"));
    before(async () => {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: "/usr/bin/chromium",
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        httpCredentials: { username: USER, password: PASSWORD },
        viewport: { width: 1280, height: 1000 },
      });
      page = context.pages()[0] ?? (await context.newPage());
    });
    after(async () => {
      await context?.close();
      rmSync(profile, { recursive: true, force: true });
    });
    const consoleUrl = () => `http://127.0.0.1:${gateway.adminPort}/console`;
    const statusOf = (requestId: string) => page.locator(`#deliveries tr[data-request-id="${requestId}"]`).first().getAttribute("data-status");

    it("shows the bot's connection state and the three deliveries", async () => {
      await page.goto(consoleUrl());
      assert.equal((await page.locator('.bot[data-network="default"] .bot-connection').innerText()).trim(), "disconnected");
      assert.equal(await statusOf(ids.delivered), "sent");
      assert.equal(await statusOf(ids.refused), "dead");
      assert.equal(await statusOf(ids.queued), "queued");
      assert.match(await page.locator(`#dead-letters`).innerText(), /refused by a ban/);
      await page.screenshot({ path: join(SHOTS, "console-bot-stopped.png"), fullPage: true });

      await stack.startBot();
      await waitUntil("the console to show the bot connected and the queued message sent", async () => {
        await page.goto(consoleUrl());
        return (await page.locator('.bot[data-network="default"] .bot-connection').innerText()).trim() === "connected as helgabot" && (await statusOf(ids.queued)) === "sent";
      }, 20_000, 250);
      await stack.observer.waitForMessage(stack.channel, "waiting for the bot");
    });

    it("replays the dead letter with its button once the ban is lifted, and then shows it delivered", async () => {
      stack.observer.send(`MODE ${BANNED} -b helgabot!*@*`);
      await waitUntil("the unban", () => stack.observer.lines.some((line) => line.command === "MODE" && line.params.includes("-b")));
      await page.goto(consoleUrl());
      await page.screenshot({ path: join(SHOTS, "console-dead-letter.png"), fullPage: true });
      const row = page.locator("#dead-letters tbody tr", { hasText: "refused by a ban" });
      await row.getByRole("button", { name: "Replay" }).click();
      await page.waitForURL(/\/console\?done=replayed$/);
      assert.match(await page.locator("p.notice").innerText(), /^Replayed/);
      await stack.observer.waitForMessage(BANNED, "refused by a ban");
      await waitUntil("the console to show the replay delivered", async () => {
        await page.goto(`${consoleUrl()}?requestId=${ids.refused}`);
        const statuses = await page.locator("#deliveries tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-status")));
        return statuses.join(",") === "sent,replayed";
      }, 20_000, 250);
      assert.equal(await page.locator("#dead-letters tbody tr td.muted").innerText(), "none");
      await page.goto(consoleUrl());
      await page.screenshot({ path: join(SHOTS, "console.png"), fullPage: true });
    });

    it("stops and starts webhooks with the switch", async () => {
      await page.goto(consoleUrl());
      await page.getByRole("button", { name: "Stop webhooks" }).click();
      await page.waitForURL(/done=stopped$/);
      assert.equal((await page.locator("#webhooks-state").innerText()).trim(), "off");
      assert.equal(await stack.redis.client.get(redisKeys().webhooksEnabled), "0");
      await page.getByRole("button", { name: "Start webhooks" }).click();
      await page.waitForURL(/done=started$/);
      assert.equal((await page.locator("#webhooks-state").innerText()).trim(), "on");
    });
  });

  it("the trail stays within TRAIL_MAX under 10,000 deliveries written through the gateway's append script", async () => {
    // Its own key prefix, so no bot sends these 10,000 to IRC; the script and its arguments are the gateway's.
    const keys = redisKeys("cap-test");
    const limits = { max: 1_000, maxAgeSeconds: 3_600 };
    const redis = createRedis(stack.redis.url, { name: "cap-test", logger: createLogger("test", "silent") });
    await redis.connect();
    await loadAppendScript(redis);
    const started = performance.now();
    for (let batch = 0; batch < 10; batch++) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 1_000; i++) {
        const n = batch * 1_000 + i;
        const command = { op: "msg" as const, target: "#load", text: `load ${n}`, requestId: `load-${n}`, queuedAt: Date.now(), webhook: "load" };
        queueAppend(pipeline, keys, limits, { payload: encodeOutboxCommand(command), fields: trailFields(command), now: command.queuedAt, outboxMax: 100_000 });
      }
      const replies = (await pipeline.exec()) ?? [];
      assert.ok(replies.every(([error, id]) => error === null && typeof id === "string"), "every append succeeded");
    }
    const seconds = (performance.now() - started) / 1000;
    assert.equal(await redis.xlen(keys.outbox), 10_000);
    assert.equal(await redis.zcard(keys.trail), 1_000);
    let entries = 0;
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", keys.trailEntry("*"), "COUNT", 1_000);
      cursor = next;
      entries += found.length;
    } while (cursor !== "0");
    assert.equal(entries, 1_000, "no trail hash outlives its place in the index");
    const newest = await redis.zrevrange(keys.trail, 0, 0);
    assert.equal(await redis.hget(keys.trailEntry(newest[0]!), "requestId"), "load-9999");
    process.stdout.write(`# 10,000 appends with trail in ${seconds.toFixed(2)} s (${Math.round(10_000 / seconds)}/s); trail held ${entries} (TRAIL_MAX 1000)\n`);
    redis.disconnect();
  });
});
