import { field, firstLine, list, optionalText, text } from "../core/payload-fields.js";
import { announce, ignored, type Normalised, type SourceEvent } from "../core/source-event.js";

/** The events this normaliser understands; any other is "not announced". */
export const GITHUB_EVENTS = [
  "ping",
  "push",
  "pull_request",
  "issues",
  "issue_comment",
  "pull_request_review",
  "release",
  "workflow_run",
  "check_suite",
  "check_run",
  "deployment_status",
  "create",
  "delete",
  "discussion",
] as const;

/**
 * A GitHub delivery (X-GitHub-Event + payload) → a normalised event. Repository and
 * organisation hooks send the same payloads, so both work.
 * @throws MalformedPayload when a field the event needs is missing.
 */
export function normaliseGithub(event: string, payload: unknown): Normalised {
  if (event === "ping") return { kind: "pong" };
  const base = {
    name: event,
    action: optionalText(payload, "action"),
    repository: optionalText(payload, "repository.full_name"),
    actor: optionalText(payload, "sender.login"),
  };
  switch (event) {
    case "push":
      return announce(push(payload, base));
    case "pull_request": {
      const merged = base.action === "closed" && field(payload, "pull_request.merged") === true;
      return announce({
        ...base,
        kind: "pull_request",
        verb: merged ? "merged" : PULL_REQUEST_VERBS[base.action ?? ""],
        actor: merged ? (optionalText(payload, "pull_request.merged_by.login") ?? base.actor) : base.actor,
        number: `#${String(field(payload, "pull_request.number") ?? field(payload, "number"))}`,
        title: text(payload, "pull_request.title"),
        url: text(payload, "pull_request.html_url"),
        branch: optionalText(payload, "pull_request.base.ref"),
        labels: names(payload, "pull_request.labels"),
      });
    }
    case "issues":
      return announce({ ...base, kind: "issue", number: `#${String(field(payload, "issue.number"))}`, title: text(payload, "issue.title"), url: text(payload, "issue.html_url"), labels: names(payload, "issue.labels") });
    case "issue_comment":
      return announce({
        ...base,
        kind: "comment",
        verb: base.action === "created" ? "commented on" : `${base.action ?? "changed"} a comment on`,
        noun: field(payload, "issue.pull_request") ? "pull request" : "issue",
        number: `#${String(field(payload, "issue.number"))}`,
        title: text(payload, "issue.title"),
        detail: firstLine(optionalText(payload, "comment.body")),
        url: text(payload, "comment.html_url"),
        labels: names(payload, "issue.labels"),
      });
    case "pull_request_review":
      return announce({
        ...base,
        kind: "review",
        verb: reviewVerb(base.action, optionalText(payload, "review.state")),
        number: `#${String(field(payload, "pull_request.number"))}`,
        title: text(payload, "pull_request.title"),
        url: optionalText(payload, "review.html_url") ?? text(payload, "pull_request.html_url"),
        branch: optionalText(payload, "pull_request.base.ref"),
        labels: names(payload, "pull_request.labels"),
      });
    case "release": {
      const tag = text(payload, "release.tag_name");
      const name = optionalText(payload, "release.name");
      return announce({ ...base, kind: "release", title: name && name !== tag ? `${tag}: ${name}` : tag, url: text(payload, "release.html_url") });
    }
    case "workflow_run":
      return announce(ci(base, { title: "workflow", workflow: text(payload, "workflow_run.name"), conclusion: optionalText(payload, "workflow_run.conclusion"), branch: optionalText(payload, "workflow_run.head_branch"), sha: optionalText(payload, "workflow_run.head_sha"), url: optionalText(payload, "workflow_run.html_url") }));
    case "check_suite": {
      const sha = optionalText(payload, "check_suite.head_sha");
      const repoUrl = optionalText(payload, "repository.html_url");
      return announce(ci(base, { title: "check suite", workflow: optionalText(payload, "check_suite.app.name") ?? "checks", conclusion: optionalText(payload, "check_suite.conclusion"), branch: optionalText(payload, "check_suite.head_branch"), sha, url: repoUrl && sha ? `${repoUrl}/commit/${sha}` : undefined }));
    }
    case "check_run":
      return announce(ci(base, { title: "check", workflow: text(payload, "check_run.name"), conclusion: optionalText(payload, "check_run.conclusion"), branch: optionalText(payload, "check_run.check_suite.head_branch"), sha: optionalText(payload, "check_run.head_sha"), url: optionalText(payload, "check_run.html_url") }));
    case "deployment_status": {
      const state = text(payload, "deployment_status.state");
      return announce({
        ...base,
        kind: "deployment",
        action: state,
        verb: state === "success" ? "succeeded" : state === "failure" ? "failed" : state.replace(/_/g, " "),
        title: optionalText(payload, "deployment_status.environment") ?? text(payload, "deployment.environment"),
        actor: optionalText(payload, "deployment_status.creator.login") ?? base.actor,
        branch: optionalText(payload, "deployment.ref"),
        url: optionalText(payload, "deployment_status.target_url") ?? optionalText(payload, "deployment_status.log_url") ?? optionalText(payload, "deployment_status.environment_url"),
      });
    }
    case "create":
    case "delete": {
      const refType = text(payload, "ref_type");
      const ref = text(payload, "ref").replace(/^refs\/(heads|tags)\//, "");
      return announce({ ...base, kind: "ref", verb: event === "create" ? "created" : "deleted", detail: refType, title: ref, branch: refType === "branch" ? ref : undefined });
    }
    case "discussion":
      return announce({ ...base, kind: "discussion", number: `#${String(field(payload, "discussion.number"))}`, title: text(payload, "discussion.title"), url: text(payload, "discussion.html_url"), labels: names(payload, "discussion.labels") });
    default:
      return ignored(`event ${event} is not announced`);
  }
}

/** Actions that do not read as a verb before "pull request #2". */
const PULL_REQUEST_VERBS: Readonly<Record<string, string>> = {
  ready_for_review: "marked ready for review",
  review_requested: "requested a review on",
  review_request_removed: "withdrew a review request on",
  synchronize: "pushed to",
  converted_to_draft: "turned into a draft",
  auto_merge_enabled: "enabled auto-merge on",
  auto_merge_disabled: "disabled auto-merge on",
};

type Base = Pick<SourceEvent, "name" | "action" | "repository" | "actor">;

function push(payload: unknown, base: Base): SourceEvent {
  const ref = text(payload, "ref");
  const tag = ref.startsWith("refs/tags/");
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  const actor = optionalText(payload, "pusher.name") ?? base.actor;
  const common = { ...base, actor, branch: tag ? undefined : name, url: optionalText(payload, "compare") };
  const what = tag ? "tag" : "branch";
  if (field(payload, "deleted") === true) return { ...common, kind: "ref", verb: "deleted", detail: what, title: name, url: undefined };
  const commits = list(payload, "commits").map((commit) => ({ id: text(commit, "id"), text: firstLine(text(commit, "message")) ?? "" }));
  if (commits.length === 0 && field(payload, "created") === true) return { ...common, kind: "ref", verb: "created", detail: what, title: name };
  return { ...common, kind: "push", title: tag ? `tag ${name}` : undefined, verb: field(payload, "forced") === true ? "force-pushed" : undefined, items: commits };
}

interface CiRun {
  readonly title: string;
  readonly workflow: string;
  readonly conclusion: string | undefined;
  readonly branch: string | undefined;
  readonly sha: string | undefined;
  readonly url: string | undefined;
}

function ci(base: Base, run: CiRun): SourceEvent {
  const state = run.conclusion === "success" ? "success" : run.conclusion === "failure" || run.conclusion === "timed_out" ? "failure" : undefined;
  return { ...base, kind: "ci", title: run.title, workflow: run.workflow, state, verb: run.conclusion ?? base.action, branch: run.branch, detail: run.sha, url: run.url };
}

function reviewVerb(action: string | undefined, state: string | undefined): string {
  if (action !== "submitted") return `${action ?? "changed"} a review on`;
  if (state === "approved") return "approved";
  if (state === "changes_requested") return "requested changes on";
  return "reviewed";
}

function names(payload: unknown, path: string): string[] {
  const value = field(payload, path);
  return Array.isArray(value) ? value.flatMap((label) => (typeof field(label, "name") === "string" ? [String(field(label, "name"))] : [])) : [];
}
