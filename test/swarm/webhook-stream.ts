import { postOnce, sleep, type Posted } from "../harness/index.js";

/** The quick start's `curl -d 'message=…' <url>`, as fetch; never throws. */
export function postMessage(url: string, text: string, authorization?: string): Promise<Posted> {
  const headers = { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) };
  return postOnce(url, text, { headers, body: new URLSearchParams({ message: text }).toString() }, 20_000);
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
