import { equalsAny } from "../../signing/constant-time-equal.js";
import { formatEvent } from "../irc/format-event.js";
import type { SourceType } from "../core/source-type.js";
import { normaliseGitlab } from "./normalise-gitlab.js";

/** GitLab project and group webhooks: X-Gitlab-Token (the secret itself), X-Gitlab-Event-UUID. */
export const gitlabSource: SourceType = {
  name: "gitlab",
  verify: (request, secrets) => {
    const token = request.headers["x-gitlab-token"];
    return token !== undefined && equalsAny(token, secrets);
  },
  failure: "Invalid or missing X-Gitlab-Token",
  deliveryHeaders: ["x-gitlab-event-uuid"],
  normalise: (_request, payload) => normaliseGitlab(payload),
  format: formatEvent,
  defaultEvents: [
    "push",
    "tag_push",
    "merge_request.open",
    "merge_request.close",
    "merge_request.reopen",
    "merge_request.merge",
    "issue.open",
    "issue.close",
    "issue.reopen",
    "note.create",
    "pipeline.success",
    "pipeline.failed",
    "release.create",
    "deployment.success",
    "deployment.failed",
  ],
};
