import { Agent, request } from "node:http";
import { percentile } from "./percentile.js";
import { PrivmsgClock } from "./privmsg-clock.js";

export interface DeliveryResult {
  readonly rate: number;
  readonly sent: number;
  readonly delivered: number;
  readonly httpFailures: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The HTTP part alone: request written → response read (the route awaits the XADD). */
  readonly httpP50Ms: number;
  readonly httpP99Ms: number;
}

export interface DeliveryOptions {
  /** Where to POST: the bench route for the observed channel. */
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  readonly clock: PrivmsgClock;
  /** How long to wait for the last messages after sending stops. */
  readonly drainMs?: number;
}

/**
 * Open-loop load at a fixed rate: request i leaves at start + i/rate whatever the earlier
 * ones are doing, so a slow system shows as latency, not as a lower rate. Latency runs
 * from writing the request to the PRIVMSG reaching the observer.
 */
export async function measureDelivery({ url, rate, seconds, clock, drainMs = 5_000 }: DeliveryOptions): Promise<DeliveryResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const sentAt = new Map<string, number>();
  let httpFailures = 0;
  const httpLatencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const post = (text: string) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({ text });
      const started = performance.now();
      const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        if (res.statusCode !== 200) httpFailures++;
        res.resume().on("end", () => {
          httpLatencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on("error", () => {
        httpFailures++;
        resolve();
      });
      sentAt.set(text, started);
      req.end(body);
    });

  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (next < due) inFlight.push(post(`bench ${next++}`));
      if (next >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
  const deadline = performance.now() + drainMs;
  while (clock.arrivals.size < sentAt.size - httpFailures && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  agent.destroy();

  const latencies: number[] = [];
  for (const [text, at] of sentAt) {
    const arrived = clock.arrivals.get(text);
    latencies.push(arrived === undefined ? Number.POSITIVE_INFINITY : arrived - at); // a lost message is as late as it gets
  }
  return {
    rate,
    sent: total,
    delivered: latencies.filter(Number.isFinite).length,
    httpFailures,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    httpP50Ms: percentile(httpLatencies, 50),
    httpP99Ms: percentile(httpLatencies, 99),
  };
}
