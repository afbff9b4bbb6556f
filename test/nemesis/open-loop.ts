import { postOnce, type Posted } from "../harness/index.js";

export interface OpenLoop {
  /** Every request sent so far, answered or not. */
  readonly requests: readonly Promise<Posted>[];
  /** Stops sending; resolves with every request once all are answered (or timed out). */
  stop(): Promise<Posted[]>;
}

/**
 * A steady open-loop load: `perSecond` webhooks with unique texts, sent on schedule whether or
 * not earlier ones were answered (a slow or dead gateway does not slow the senders down), taking
 * turns over the gateways. A refused connection (that gateway is down) goes to the next one, as
 * a load balancer would; any other failure is an error, and the request is not retried.
 */
export function startOpenLoop(urls: () => readonly string[], perSecond: number, timeoutMs = 15_000): OpenLoop {
  const requests: Promise<Posted>[] = [];
  let running = true;
  const send = async (index: number): Promise<Posted> => {
    const text = `n${index}`;
    const request = { headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) };
    const targets = urls();
    let posted: Posted | undefined;
    for (let turn = 0; turn < targets.length; turn++) {
      posted = await postOnce(`${targets[(index + turn) % targets.length]}/say/helga-test`, text, request, timeoutMs);
      if (!(posted.status === 0 && posted.body.includes("ECONNREFUSED"))) break;
    }
    return posted!;
  };
  const started = performance.now();
  const loop = (async () => {
    for (let index = 0; running; index++) {
      const due = started + (index * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (running) requests.push(send(index));
    }
  })();
  return {
    requests,
    async stop() {
      running = false;
      await loop;
      return Promise.all(requests);
    },
  };
}
