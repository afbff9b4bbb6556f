import { normaliseGithub } from "../github/normalise-github.js";
import { field, optionalText } from "../core/payload-fields.js";
import { ignored, type Normalised } from "../core/source-event.js";

const GITEA_EVENTS = new Set(["push", "pull_request", "issues", "issue_comment", "pull_request_comment", "release", "create", "delete"]);

/**
 * A Gitea or Forgejo delivery → a normalised event. Their payloads follow GitHub's shape,
 * so GitHub's normaliser reads them, with Gitea's own names for the few fields that differ
 * (compare_url, is_pull, pusher.login); the event name stays Gitea's.
 * @throws MalformedPayload when a field the event needs is missing.
 */
export function normaliseGitea(event: string, payload: unknown): Normalised {
  if (!GITEA_EVENTS.has(event)) return ignored(`event ${event} is not announced`);
  const isPull = event === "pull_request_comment" || field(payload, "is_pull") === true;
  const asGithub = {
    ...(payload as object),
    compare: optionalText(payload, "compare_url"),
    pusher: { name: optionalText(payload, "pusher.login") ?? optionalText(payload, "pusher.username") },
    issue: isPull ? { ...(field(payload, "issue") as object), pull_request: {} } : field(payload, "issue"),
  };
  const normalised = normaliseGithub(event === "pull_request_comment" ? "issue_comment" : event, asGithub);
  return normalised.kind === "event" ? { kind: "event", event: { ...normalised.event, name: event } } : normalised;
}
