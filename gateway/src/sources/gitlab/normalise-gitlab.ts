import { field, firstLine, list, optionalNumber, optionalText, text } from "../core/payload-fields.js";
import { announce, ignored, type Normalised, type SourceEvent } from "../core/source-event.js";

/**
 * A GitLab delivery → a normalised event: push, tag push, merge request, issue, note,
 * pipeline, release, deployment. The event name is the payload's object_kind.
 * @throws MalformedPayload when a field the event needs is missing.
 */
export function normaliseGitlab(payload: unknown): Normalised {
  const kind = optionalText(payload, "object_kind") ?? optionalText(payload, "event_name");
  const base = { repository: optionalText(payload, "project.path_with_namespace"), actor: optionalText(payload, "user.username") ?? optionalText(payload, "user_username") };
  switch (kind) {
    case "push":
    case "tag_push":
      return announce(push(payload, kind, base));
    case "merge_request": {
      const action = optionalText(payload, "object_attributes.action");
      return announce({ ...base, kind: "merge_request", name: kind, action, verb: VERBS[action ?? ""], number: `!${String(field(payload, "object_attributes.iid"))}`, title: text(payload, "object_attributes.title"), url: text(payload, "object_attributes.url"), branch: optionalText(payload, "object_attributes.target_branch"), labels: titles(payload) });
    }
    case "issue":
    case "work_item": {
      const action = optionalText(payload, "object_attributes.action");
      return announce({ ...base, kind: "issue", name: "issue", action, verb: VERBS[action ?? ""], number: `#${String(field(payload, "object_attributes.iid"))}`, title: text(payload, "object_attributes.title"), url: text(payload, "object_attributes.url"), labels: titles(payload) });
    }
    case "note":
      return announce(note(payload, base));
    case "pipeline": {
      const status = text(payload, "object_attributes.status");
      return announce({
        ...base,
        kind: "ci",
        name: "pipeline",
        action: status,
        title: "pipeline",
        number: `#${String(field(payload, "object_attributes.id"))}`,
        workflow: optionalText(payload, "object_attributes.name") ?? "pipeline",
        state: status === "success" ? "success" : status === "failed" ? "failure" : undefined,
        branch: field(payload, "object_attributes.tag") === true ? undefined : optionalText(payload, "object_attributes.ref"),
        detail: optionalText(payload, "object_attributes.sha"),
        url: optionalText(payload, "object_attributes.url"),
      });
    }
    case "release": {
      const action = optionalText(payload, "action");
      const tag = text(payload, "tag");
      const name = optionalText(payload, "name");
      return announce({ ...base, kind: "release", name: "release", action, verb: VERBS[action ?? ""] ?? action, title: name && name !== tag ? `${tag}: ${name}` : tag, url: optionalText(payload, "url") });
    }
    case "deployment": {
      const status = text(payload, "status");
      return announce({ ...base, kind: "deployment", name: "deployment", action: status, verb: status === "success" ? "succeeded" : status, title: text(payload, "environment"), url: optionalText(payload, "deployable_url") ?? optionalText(payload, "environment_external_url") });
    }
    default:
      return ignored(`event ${String(kind)} is not announced`);
  }
}

/** GitLab's short actions ("open", "merge") as the words a line reads with. */
const VERBS: Readonly<Record<string, string>> = { open: "opened", close: "closed", reopen: "reopened", update: "updated", merge: "merged", approved: "approved", unapproved: "unapproved", approval: "approved", unapproval: "unapproved", create: "published", delete: "deleted" };

type Base = Pick<SourceEvent, "repository" | "actor">;

function push(payload: unknown, kind: "push" | "tag_push", base: Base): SourceEvent {
  const ref = text(payload, "ref");
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  const tag = kind === "tag_push";
  const common = { ...base, name: kind, actor: optionalText(payload, "user_username") ?? optionalText(payload, "user_name") ?? base.actor, branch: tag ? undefined : name };
  const after = optionalText(payload, "after") ?? "";
  const before = optionalText(payload, "before") ?? "";
  const webUrl = optionalText(payload, "project.web_url");
  if (/^0+$/.test(after)) return { ...common, kind: "ref", verb: "deleted", detail: tag ? "tag" : "branch", title: name };
  const commits = list(payload, "commits").map((commit) => ({ id: text(commit, "id"), text: firstLine(optionalText(commit, "title") ?? text(commit, "message")) ?? "" }));
  const total = optionalNumber(payload, "total_commits_count") ?? commits.length;
  const url = webUrl ? (/^0+$/.test(before) ? `${webUrl}/-/tree/${name}` : `${webUrl}/-/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`) : undefined;
  if (/^0+$/.test(before) || tag) return { ...common, kind: "ref", verb: "created", detail: tag ? "tag" : "branch", title: name, url };
  // GitLab lists the newest 20 commits, oldest first: show the newest first, like the log does.
  return { ...common, kind: "push", items: [...commits].reverse(), total, url };
}

function note(payload: unknown, base: Base): SourceEvent {
  const type = optionalText(payload, "object_attributes.noteable_type");
  const target =
    type === "MergeRequest" ? { noun: "merge request", number: `!${String(field(payload, "merge_request.iid"))}`, title: optionalText(payload, "merge_request.title") }
    : type === "Issue" ? { noun: "issue", number: `#${String(field(payload, "issue.iid"))}`, title: optionalText(payload, "issue.title") }
    : type === "Commit" ? { noun: "commit", number: optionalText(payload, "commit.id")?.slice(0, 8), title: firstLine(optionalText(payload, "commit.message")) }
    : { noun: "snippet", number: `$${String(field(payload, "snippet.id"))}`, title: optionalText(payload, "snippet.title") };
  const action = optionalText(payload, "object_attributes.action");
  return {
    ...base,
    kind: "comment",
    name: "note",
    action,
    verb: action === "update" ? "edited a comment on" : "commented on",
    ...target,
    detail: firstLine(optionalText(payload, "object_attributes.note")),
    url: text(payload, "object_attributes.url"),
    branch: type === "MergeRequest" ? optionalText(payload, "merge_request.target_branch") : undefined,
  };
}

function titles(payload: unknown): string[] {
  return list(payload, "labels").flatMap((label) => (typeof field(label, "title") === "string" ? [String(field(label, "title"))] : []));
}
