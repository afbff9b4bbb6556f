import autocannon from "autocannon";

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Answers with a 2xx status. */
  readonly ok: number;
  /** Connection errors, timeouts and non-2xx answers together. */
  readonly failures: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  readonly body: string;
}

/** Closed-loop load with autocannon: `connections` keep one request each in flight for `seconds`. */
export async function runLoad({ url, seconds, connections, body }: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    connections,
    duration: seconds,
    pipelining: 1,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    ok: result["2xx"],
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** Several loads at once (one per gateway), summed: throughput adds up, latency is the worst of them. */
export async function runLoads(loads: readonly LoadOptions[]): Promise<LoadResult> {
  const results = await Promise.all(loads.map(runLoad));
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    ok: results.reduce((sum, r) => sum + r.ok, 0),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  };
}
