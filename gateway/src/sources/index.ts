/**
 * @helga/gateway/sources — what the built-in webhook packages share with sources.yml:
 * GitHub deliveries read and written the way a `type: github` source announces them.
 */
import { createEventFilter } from "./core/event-filter.js";
import { formatEvent } from "./irc/format-event.js";
import { githubSource } from "./github/github-source.js";
import { normaliseGithub } from "./github/normalise-github.js";

export { MalformedPayload } from "./core/payload-fields.js";

/** What to do with one delivery: say lines, answer a ping, or ignore it (and why). */
export type GithubSummary =
  | { readonly kind: "lines"; readonly lines: readonly string[] }
  | { readonly kind: "pong" }
  | { readonly kind: "ignored"; readonly reason: string };

const defaults = createEventFilter({}, githubSource.defaultEvents);

/**
 * One GitHub delivery as a `type: github` source with default events announces it: short
 * coloured lines (a long push: a header and two commits, then "… and N more").
 * @throws MalformedPayload when a field the event needs is missing.
 */
export function summariseGithubEvent(event: string, payload: unknown): GithubSummary {
  const normalised = normaliseGithub(event, payload);
  if (normalised.kind !== "event") return normalised;
  const { action } = normalised.event;
  if (defaults(normalised.event) !== undefined) return { kind: "ignored", reason: `${event}${action === undefined ? "" : ` ${action}`} is not announced` };
  return { kind: "lines", lines: formatEvent(normalised.event) };
}
