import { test } from "node:test";
import assert from "node:assert/strict";
import { normaliseAlertGroup } from "../../src/sources/alerts/alert-group.js";
import { alertmanagerSource } from "../../src/sources/alertmanager/alertmanager-source.js";
import { bearerOrBasic } from "../../src/sources/core/bearer-or-basic.js";
import { formatEvent } from "../../src/sources/irc/format-event.js";
import type { SourceEvent } from "../../src/sources/core/source-event.js";
import { fixture } from "./fixture.js";
import { plain } from "./plain.js";

const lines = (payload: unknown) => {
  const normalised = normaliseAlertGroup(payload, "alert");
  assert.equal(normalised.kind, "event");
  return formatEvent((normalised as { event: SourceEvent }).event);
};

test("Alertmanager (v4): one line per group, then its alerts", () => {
  const output = lines(fixture("alertmanager/firing").payload);
  assert.deepEqual(output.map(plain), [
    "[FIRING:2] HighLatency (critical) API latency above 2s for 5 minutes http://prometheus.example.com:9090/graph?g0.expr=latency_seconds+%3E+2&g0.tab=1",
    "  instance=api-1:8080: API latency above 2s for 5 minutes",
    "  instance=api-2:8080: API latency above 2s for 5 minutes",
  ]);
  assert.ok(output[0]?.startsWith("[\x0304FIRING:2\x03] HighLatency (\x0304critical\x03)"), JSON.stringify(output[0]));
});

test("a group of 30 alerts is summarised in three lines, truncated alerts counted", () => {
  const { payload } = fixture("alertmanager/firing");
  const [alert] = payload.alerts as Array<{ labels: Record<string, string> }>;
  const alerts = Array.from({ length: 30 }, (_, i) => ({ ...alert, labels: { ...alert?.labels, instance: `api-${i}:8080` } }));
  const output = lines({ ...payload, alerts, truncatedAlerts: 7 }).map(plain);
  assert.equal(output.length, 3);
  assert.match(output[0] ?? "", /^\[FIRING:37\] HighLatency/);
  assert.equal(output[2], "  instance=api-1:8080: API latency above 2s for 5 minutes … and 35 more");
});

test("resolved groups are green; a single alert shows its own summary", () => {
  const { payload } = fixture("alertmanager/firing");
  const [alert] = payload.alerts as object[];
  const output = lines({ ...payload, status: "resolved", alerts: [{ ...alert, status: "resolved" }] });
  assert.equal(output.length, 1);
  assert.ok(output[0]?.startsWith("[\x0303RESOLVED:1\x03] HighLatency"), JSON.stringify(output[0]));
  assert.deepEqual(alertmanagerSource.normalise({} as never, { ...payload, version: "3" }), { kind: "ignored", reason: "payload version 3 is not Alertmanager's version 4" });
});

test("Grafana: alerts of several rules name them all and link the Grafana instance", () => {
  assert.deepEqual(lines(fixture("grafana/firing").payload).map(plain), [
    "[FIRING:2] High memory usage, High CPU usage https://play.grafana.org/",
    "  High memory usage zone=us-1: This alert was triggered for zone us-1",
    "  High CPU usage zone=eu-1: This alert was triggered for zone eu-1",
  ]);
});

test("bearer token or basic auth, as Alertmanager's http_config sends them", () => {
  const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as never;
  const basic = (pair: string) => `Basic ${Buffer.from(pair).toString("base64")}`;
  assert.equal(bearerOrBasic(request("Bearer t0ken"), ["t0ken"]), true);
  assert.equal(bearerOrBasic(request("Bearer t0ke"), ["t0ken"]), false);
  assert.equal(bearerOrBasic(request(basic("am:pa:ss")), ["am:pa:ss"]), true);
  assert.equal(bearerOrBasic(request(basic("am:wrong")), ["am:pa:ss"]), false);
  assert.equal(bearerOrBasic(request(), ["t0ken"]), false);
});
