import { Agent, request } from "node:http";

export interface OpenLoopCounts {
  /** Requests written. */
  sent: number;
  /** Answered 2xx. */
  ok: number;
  /** Error answers and connection errors. */
  failures: number;
  /** Due but not sent because `maxInFlight` requests were waiting already (the system fell behind). */
  skipped: number;
}

export interface OpenLoop {
  readonly counts: Readonly<OpenLoopCounts>;
  /** Stops sending and waits for the answers still due. */
  stop(): Promise<void>;
}

/**
 * Open-loop load for as long as it runs: request i leaves at start + i/rate whatever the
 * earlier ones are doing. Nothing is kept per request (a soak sends millions); past
 * `maxInFlight` unanswered requests, due ones are counted as skipped instead of piling up.
 */
export function openLoop({ url, rate, body, maxInFlight = 2_000 }: { url: string; rate: number; body: string; maxInFlight?: number }): OpenLoop {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts: OpenLoopCounts = { sent: 0, ok: 0, failures: 0, skipped: 0 };
  const length = Buffer.byteLength(body);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const settle = () => {
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  const post = () => {
    inFlight++;
    counts.sent++;
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": length } }, (res) => {
      if (res.statusCode === 200) counts.ok++;
      else counts.failures++;
      res.resume().on("end", settle);
    });
    req.on("error", () => {
      counts.failures++;
      settle();
    });
    req.end(body);
  };
  const start = performance.now();
  let due = 0;
  const timer = setInterval(() => {
    const now = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; due < now; due++) {
      if (inFlight >= maxInFlight) counts.skipped++;
      else post();
    }
  }, 1);
  return {
    counts,
    async stop() {
      clearInterval(timer);
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      agent.destroy();
    },
  };
}
