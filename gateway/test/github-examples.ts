import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";

/** GitHub's own example payloads (the npm package @octokit/webhooks-examples, a JSON file), by event name. */
const definitions: WebhookDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");
export const githubExamples = new Map<string, readonly unknown[]>(definitions.map(({ name, examples }) => [name, examples]));

/** Example `index` of `event`, as GitHub sends it. */
export function githubExample(event: string, index: number): Record<string, unknown> {
  const payload = githubExamples.get(event)?.[index];
  assert.ok(payload, `@octokit/webhooks-examples has ${event} example ${index}`);
  return payload as Record<string, unknown>;
}
