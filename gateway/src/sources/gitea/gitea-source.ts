import { HttpError } from "../../api/http-error.js";
import { signatureMatches } from "../../signing/hmac-signature.js";
import { formatEvent } from "../irc/format-event.js";
import type { SourceType } from "../core/source-type.js";
import { normaliseGitea } from "./normalise-gitea.js";

const SIGNATURE = { algorithm: "sha256", prefix: "", encoding: "hex" } as const;

/** Gitea and Forgejo webhooks: X-Gitea-Signature or X-Forgejo-Signature (HMAC-SHA256 hex of the body), delivery ids. */
export const giteaSource: SourceType = {
  name: "gitea",
  verify: (request, secrets) => signatureMatches(request.headers["x-forgejo-signature"] ?? request.headers["x-gitea-signature"], request.rawBody, secrets, SIGNATURE),
  failure: "Invalid or missing X-Gitea-Signature / X-Forgejo-Signature",
  deliveryHeaders: ["x-forgejo-delivery", "x-gitea-delivery"],
  normalise(request, payload) {
    const event = request.headers["x-forgejo-event"] ?? request.headers["x-gitea-event"];
    if (!event) throw new HttpError(400, "Missing X-Gitea-Event (or X-Forgejo-Event) header");
    return normaliseGitea(event, payload);
  },
  format: formatEvent,
  defaultEvents: ["push", "pull_request.opened", "pull_request.closed", "pull_request.reopened", "issues.opened", "issues.closed", "issues.reopened", "issue_comment.created", "pull_request_comment.created", "release.published", "create", "delete"],
};
