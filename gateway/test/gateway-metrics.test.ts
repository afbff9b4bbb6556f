import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createGatewayMetrics, UNMATCHED_ROUTE } from "../src/metrics/gateway-metrics.js";

/** The value of one sample line in Prometheus text, e.g. `name{a="b"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("gateway metrics", () => {
  it("counts requests by route, method, status and webhook, and observes their latency", async () => {
    const metrics = createGatewayMetrics();
    metrics.observeRequest("/say/(?P<channel>\\w+)$", "POST", 200, 0.0004, "say");
    metrics.observeRequest("/say/(?P<channel>\\w+)$", "POST", 200, 0.003, "say");
    metrics.observeRequest(UNMATCHED_ROUTE, "GET", 404, 0.0001);
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, 'helga_gateway_http_requests_total{route="/say/(?P<channel>\\\\w+)$",method="POST",status="200",webhook="say"}'), 2);
    assert.equal(sample(text, 'helga_gateway_http_requests_total{route="unmatched",method="GET",status="404",webhook=""}'), 1);
    assert.equal(sample(text, 'helga_gateway_http_request_duration_seconds_count{route="/say/(?P<channel>\\\\w+)$"}'), 2);
    assert.equal(sample(text, 'helga_gateway_http_request_duration_seconds_bucket{le="0.0005",route="/say/(?P<channel>\\\\w+)$"}'), 1);
  });

  it("counts outbox appends by op and rejections by reason", async () => {
    const metrics = createGatewayMetrics();
    metrics.outboxAppended("msg");
    metrics.outboxAppended("msg");
    metrics.outboxAppended("notice");
    metrics.outboxRejected("full");
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, 'helga_gateway_outbox_appends_total{op="msg"}'), 2);
    assert.equal(sample(text, 'helga_gateway_outbox_appends_total{op="notice"}'), 1);
    assert.equal(sample(text, 'helga_gateway_outbox_rejections_total{reason="full"}'), 1);
  });

  it("shows webhooks on/off, Redis reconnects, default labels and the process metrics", async () => {
    const metrics = createGatewayMetrics({ gateway: "gw-1" });
    metrics.setWebhooksEnabled(false);
    metrics.redisReconnected();
    const text = await metrics.registry.metrics();
    assert.equal(sample(text, 'helga_gateway_webhooks_enabled{gateway="gw-1"}'), 0);
    assert.equal(sample(text, 'helga_gateway_redis_reconnects_total{gateway="gw-1"}'), 1);
    assert.match(text, /^process_resident_memory_bytes\{gateway="gw-1"\} \d+/m);
  });

  it("keeps two instances apart", async () => {
    const one = createGatewayMetrics();
    const two = createGatewayMetrics();
    one.outboxAppended("msg");
    assert.equal(sample(await two.registry.metrics(), 'helga_gateway_outbox_appends_total{op="msg"}'), undefined);
  });
});
