import { sleep, type Posted } from "../harness/index.js";
import { postMessage } from "../compose/post-message.js";

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
