/**
 * What every source's payload becomes before filters, only_changes and formatting see it
 * (Notifico's "simplify_payload" idea: normalise once, then everything works on that).
 */
export interface SourceEvent {
  /** What the formatter draws: push, pull_request, merge_request, issue, comment, review, release, ci, deployment, ref, discussion, alert, other. */
  readonly kind: EventKind;
  /** The sender's own event name, as `events:` filters name it: "push", "pull_request", "pipeline", "alert". */
  readonly name: string;
  /** The sender's action or status, as `events:` filters name it after a dot: "opened", "merge", "failed". */
  readonly action?: string | undefined;
  /** Full repository name ("octo-org/hello"), matched by `repositories:`. */
  readonly repository?: string | undefined;
  /** Branch the event is about, matched by `branches:`. */
  readonly branch?: string | undefined;
  readonly actor?: string | undefined;
  /** The sender's link for the event, shown whole. */
  readonly url?: string | undefined;
  /** Labels of the issue, pull request or alert ("key=value" for alerts), matched by `labels:`. */
  readonly labels?: readonly string[] | undefined;
  /** CI outcome, for only_changes; other outcomes (cancelled, skipped) are left undefined. */
  readonly state?: "success" | "failure" | undefined;
  /** The CI workflow or pipeline name: only_changes keeps one state per repository + branch + workflow. */
  readonly workflow?: string | undefined;
  /** Set by only_changes on the first success after a failure. */
  readonly fixed?: boolean | undefined;
  /** Word for what happened ("opened", "merged", "created"); default: the action. */
  readonly verb?: string | undefined;
  /** Issue, pull request, release or alert title. */
  readonly title?: string | undefined;
  /** What the number refers to, when the kind does not say: "pull request" for a comment on one. */
  readonly noun?: string | undefined;
  /** "#42" or "!7". */
  readonly number?: string | undefined;
  /** Extra words after the title: a comment's first line, a review state, an environment. */
  readonly detail?: string | undefined;
  /** An alert's severity label: colours the line. */
  readonly severity?: string | undefined;
  /** Commits of a push, alerts of a group: listed a few at a time. */
  readonly items?: readonly EventItem[] | undefined;
  /** How many items there were when the sender sent only some (GitLab's total_commits_count). */
  readonly total?: number | undefined;
  /** A chat message already in IRC formatting, one IRC line per line (Slack, Discord). */
  readonly text?: string | undefined;
  /** The channel the payload asks for (Slack's `channel`); said there only when the entry lists it. */
  readonly channel?: string | undefined;
}

export type EventKind =
  | "push"
  | "pull_request"
  | "merge_request"
  | "issue"
  | "comment"
  | "review"
  | "release"
  | "ci"
  | "deployment"
  | "ref"
  | "discussion"
  | "alert"
  | "other";

export interface EventItem {
  /** A commit id (shown short) or an alert's name. */
  readonly id?: string | undefined;
  readonly text: string;
}

/** What one delivery comes to: an event to announce, a ping to answer, or nothing (and why). */
export type Normalised =
  | { readonly kind: "event"; readonly event: SourceEvent }
  | { readonly kind: "pong" }
  | { readonly kind: "ignored"; readonly reason: string };

export const ignored = (reason: string): Normalised => ({ kind: "ignored", reason });
export const announce = (event: SourceEvent): Normalised => ({ kind: "event", event });
