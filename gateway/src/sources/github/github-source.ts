import { signatureMatches } from "../../signing/hmac-signature.js";
import { HttpError } from "../../api/http-error.js";
import { formatEvent } from "../irc/format-event.js";
import type { SourceType } from "../core/source-type.js";
import { normaliseGithub } from "./normalise-github.js";

const SIGNATURE = { algorithm: "sha256", prefix: "sha256=", encoding: "hex" } as const;

/** GitHub repository and organisation webhooks: X-Hub-Signature-256, X-GitHub-Delivery. */
export const githubSource: SourceType = {
  name: "github",
  verify: (request, secrets) => signatureMatches(request.headers["x-hub-signature-256"], request.rawBody, secrets, SIGNATURE),
  failure: "Invalid or missing X-Hub-Signature-256",
  deliveryHeaders: ["x-github-delivery"],
  normalise(request, payload) {
    const event = request.headers["x-github-event"];
    if (!event) throw new HttpError(400, "Missing X-GitHub-Event header");
    return normaliseGithub(event, payload);
  },
  format: formatEvent,
  defaultEvents: [
    "push",
    "pull_request.opened",
    "pull_request.closed",
    "pull_request.reopened",
    "pull_request.ready_for_review",
    "issues.opened",
    "issues.closed",
    "issues.reopened",
    "issue_comment.created",
    "pull_request_review.submitted",
    "release.published",
    "workflow_run.completed",
    "deployment_status.success",
    "deployment_status.failure",
    "deployment_status.error",
    "discussion.created",
    "discussion.answered",
  ],
};
