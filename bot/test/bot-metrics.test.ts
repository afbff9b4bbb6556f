import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBotMetrics } from "../src/metrics/bot-metrics.js";
import type { OutboxBacklog } from "@helga/shared";

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const backlogOf = (value: OutboxBacklog) => async () => value;

describe("bot metrics", () => {
  it("reads the outbox backlog once per scrape and shows it", async () => {
    let reads = 0;
    const metrics = createBotMetrics({
      backlog: async () => {
        reads++;
        return { depth: 7, oldestAgeSeconds: 1.5, deadLetters: 2 };
      },
    });
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, "helga_bot_outbox_depth"), 7);
    assert.equal(sample(text, "helga_bot_outbox_lag_seconds"), 1.5);
    assert.equal(sample(text, "helga_bot_dead_letter_depth"), 2);
    assert.equal(reads, 1);
    await new Promise((resolve) => setImmediate(resolve));
    await metrics.registry.metrics();
    assert.equal(reads, 2, "the next scrape reads afresh");
  });

  it("shows NaN for the backlog when Redis does not answer, and still serves the rest", async () => {
    const metrics = createBotMetrics({ backlog: () => Promise.reject(new Error("Redis down")) });
    metrics.setIrcConnected(true);
    const text = await metrics.registry.metrics();
    assert.ok(Number.isNaN(sample(text, "helga_bot_outbox_depth")));
    assert.equal(sample(text, "helga_bot_irc_connected"), 1);
  });

  it("shows NaN rather than hang the scrape when the backlog read does not answer in time", async () => {
    const metrics = createBotMetrics({ backlog: () => new Promise<OutboxBacklog>(() => undefined), backlogTimeoutMs: 50 });
    const started = Date.now();
    const text = await metrics.registry.metrics();
    assert.ok(Number.isNaN(sample(text, "helga_bot_outbox_lag_seconds")));
    assert.ok(Date.now() - started < 1_000);
  });

  it("counts sends by op and observes the time each spent queued", async () => {
    const metrics = createBotMetrics({ backlog: backlogOf({ depth: 0, oldestAgeSeconds: 0, deadLetters: 0 }) });
    metrics.messageSent("msg", 1_000, 1_003);
    metrics.messageSent("msg", 1_000, 1_200);
    metrics.messageSent("join", 1_000, 1_000);
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, 'helga_bot_messages_sent_total{op="msg"}'), 2);
    assert.equal(sample(text, 'helga_bot_messages_sent_total{op="join"}'), 1);
    assert.equal(sample(text, "helga_bot_delivery_seconds_count"), 3);
    assert.equal(sample(text, 'helga_bot_delivery_seconds_bucket{le="0.005"}'), 2);
  });

  it("counts retries, dead letters, flood waits with their seconds, and reconnects by connection", async () => {
    const metrics = createBotMetrics({ backlog: backlogOf({ depth: 0, oldestAgeSeconds: 0, deadLetters: 0 }) });
    metrics.sendRetried();
    metrics.deadLettered();
    metrics.floodWaited(0.5);
    metrics.floodWaited(1.25);
    metrics.reconnected("irc");
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, "helga_bot_send_retries_total"), 1);
    assert.equal(sample(text, "helga_bot_dead_lettered_total"), 1);
    assert.equal(sample(text, "helga_bot_flood_waits_total"), 2);
    assert.equal(sample(text, "helga_bot_flood_wait_seconds_total"), 1.75);
    assert.equal(sample(text, 'helga_bot_reconnects_total{connection="irc"}'), 1);
    assert.equal(sample(text, 'helga_bot_reconnects_total{connection="redis"}'), 0);
    assert.equal(sample(text, "helga_bot_irc_connected"), 0);
  });
});
