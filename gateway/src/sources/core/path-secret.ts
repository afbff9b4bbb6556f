import type { WebhookRequest } from "../../api/types.js";
import { equalsAny } from "../../signing/constant-time-equal.js";

/**
 * Slack's and Discord's way: the secret is the URL's last segment after the entry's path
 * (`/hooks/slack/<secret>`), compared in constant time. False when there is no such segment.
 */
export function pathSecretMatches(request: WebhookRequest, entryPath: string, secrets: readonly string[]): boolean {
  const base = entryPath.replace(/\/+$/, "");
  if (!request.path.startsWith(`${base}/`)) return false;
  const segment = request.path.slice(base.length + 1).replace(/\/$/, "");
  return segment !== "" && !segment.includes("/") && equalsAny(segment, secrets);
}

export const CHAT_SECRET_FAILURE = "Invalid or missing secret: the last URL segment, or a Bearer token or basic auth";
