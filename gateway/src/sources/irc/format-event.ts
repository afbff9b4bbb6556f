import { clean, colour, Colour } from "./irc-format.js";
import { listItems } from "./list-items.js";
import type { SourceEvent } from "../core/source-event.js";
import { formatAlert } from "../alerts/format-alert.js";

/**
 * Concise coloured lines for a normalised event: one line, or a header and at most a few
 * listed items for a long push or a large alert group. URLs are kept whole.
 */
export function formatEvent(event: SourceEvent): string[] {
  switch (event.kind) {
    case "push":
      return formatPush(event);
    case "alert":
      return formatAlert(event);
    case "ci":
      return [formatCi(event)];
    case "deployment":
      return [join(repo(event), "deployment to", colour(clean(event.title ?? "", 60), Colour.purple), verbWord(event.verb ?? event.action ?? ""), event.actor ? `by ${who(event.actor)}` : undefined, link(event.url))];
    case "ref":
      return [join(repo(event), who(event.actor), verbWord(event.verb ?? event.action ?? ""), clean(event.detail ?? "", 20), colour(clean(event.title ?? "", 60), Colour.purple), link(event.url))];
    default:
      return [formatItem(event)];
  }
}

const NOUNS: Partial<Record<SourceEvent["kind"], string>> = {
  pull_request: "pull request",
  review: "pull request",
  merge_request: "merge request",
  issue: "issue",
  release: "release",
  discussion: "discussion",
};

/** "[repo] actor opened pull request #42: title (detail) url" and its kin. */
function formatItem(event: SourceEvent): string {
  const noun = event.noun ?? NOUNS[event.kind] ?? (event.kind === "comment" ? undefined : event.name.replace(/_/g, " "));
  const subject = clean([noun, event.number].filter(Boolean).join(" "), 60);
  const name = event.kind === "release" ? colour(clean(event.title ?? "", 80), Colour.purple) : clean(event.title ?? "");
  const title = event.title ? [event.number ? `${subject}:` : subject, name].filter(Boolean).join(" ") : subject;
  const detail = event.detail ? `(${clean(event.detail, 100)})` : undefined;
  return join(repo(event), who(event.actor), verbWord(event.verb ?? event.action ?? event.name), title, detail, link(event.url));
}

function formatPush(event: SourceEvent): string[] {
  const items = event.items ?? [];
  const total = event.total ?? items.length;
  const where = colour(clean(event.branch ?? event.title ?? "", 60), Colour.purple);
  const head = join(repo(event), who(event.actor));
  const verb = event.verb === "force-pushed" ? colour("force-pushed", Colour.red) : "pushed";
  if (total === 0) return [join(head, verb, "to", where, link(event.url))];
  const first = items[0];
  if (total === 1 && first) return [join(head, verb, "1 commit to", `${where}:`, first.id ? colour(first.id.slice(0, 7), Colour.grey) : undefined, clean(first.text), link(event.url))];
  const listed = listItems(items.map((item) => ({ ...item, id: item.id?.slice(0, 7) })), total);
  return [join(head, verb, `${total} commits to`, where, link(event.url)), ...listed];
}

function formatCi(event: SourceEvent): string {
  const word = event.fixed ? colour("fixed", Colour.green) : event.state === "success" ? colour("passed", Colour.green) : event.state === "failure" ? colour("failed", Colour.red) : clean((event.verb ?? event.action ?? "").replace(/_/g, " "), 30);
  const branch = event.branch ? `on ${colour(clean(event.branch, 60), Colour.purple)}` : undefined;
  const sha = event.detail ? `(${colour(event.detail.slice(0, 7), Colour.grey)})` : undefined;
  return join(repo(event), clean(event.title ?? "CI", 60), clean(event.number ?? event.workflow ?? "", 60), word, branch, sha, link(event.url));
}

/** The repository's own name, without its owner or group (filters see the full name). */
const repo = (event: SourceEvent) => (event.repository ? `[${colour(clean(event.repository.split("/").pop() ?? "", 100), Colour.pink)}]` : undefined);
const who = (actor: string | undefined) => (actor ? colour(clean(actor, 40), Colour.silver) : undefined);
const link = (url: string | undefined) => (url ? colour(url.replace(/[\s\u0000-\u001f\u007f]/g, ""), Colour.navy) : undefined);

const GREEN = new Set(["opened", "open", "created", "create", "published", "reopened", "reopen", "approved", "answered", "succeeded", "success", "ready for review"]);
const RED = new Set(["closed", "close", "deleted", "delete", "failed", "changes requested", "dismissed"]);
const PURPLE = new Set(["merged", "merge"]);

/** The action as a word, coloured by what it means (green for new, red for closed or failed, purple for merged). */
function verbWord(verb: string): string {
  const words = clean(verb.replace(/_/g, " "), 40);
  if (PURPLE.has(words)) return colour(words, Colour.purple);
  if (GREEN.has(words)) return colour(words, Colour.green);
  if (RED.has(words)) return colour(words, Colour.red);
  return words;
}

function join(...parts: ReadonlyArray<string | undefined>): string {
  return parts.filter((part) => part !== undefined && part !== "").join(" ");
}
