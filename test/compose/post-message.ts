import { postOnce, type Posted } from "../harness/index.js";

/** The quick start's `curl -d 'message=…' <url>`, as fetch; never throws (status 0: no answer). */
export function postMessage(url: string, text: string, authorization?: string): Promise<Posted> {
  const headers = { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) };
  return postOnce(url, text, { headers, body: new URLSearchParams({ message: text }).toString() }, 20_000);
}
