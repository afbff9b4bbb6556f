import { sleep } from "../harness/index.js";

/** One webhook request as its sender saw it; status 0 when it got no answer at all. */
export interface Posted {
  readonly text: string;
  readonly sentAt: number;
  readonly doneAt: number;
  readonly status: number;
  readonly body: string;
}

/** The quick start's `curl -d 'message=…' <url>`, as fetch; never throws. */
export async function postMessage(url: string, text: string, authorization?: string): Promise<Posted> {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
      body: new URLSearchParams({ message: text }).toString(),
      signal: AbortSignal.timeout(20_000),
    });
    return { text, sentAt, doneAt: Date.now(), status: response.status, body: await response.text() };
  } catch (error) {
    return { text, sentAt, doneAt: Date.now(), status: 0, body: String((error as { cause?: unknown }).cause ?? error) };
  }
}

/**
 * A steady stream: a webhook `<label> <n> <suffix>` every 1/perSecond s, each without waiting
 * for the one before (many senders, as in production), until `running()` turns false (at most
 * ten minutes' worth); then every answer.
 */
export async function steadyStream(url: string, label: string, suffix: string, perSecond: number, running: () => boolean): Promise<Posted[]> {
  const pending: Array<Promise<Posted>> = [];
  for (let i = 0; running() && i < 10 * 60 * perSecond; i++) {
    pending.push(postMessage(url, `${label} ${i} ${suffix}`));
    await sleep(1000 / perSecond);
  }
  return Promise.all(pending);
}
