import { createHmac, randomBytes } from "node:crypto";
import { constantTimeEqual } from "../signing/constant-time-equal.js";

export interface CsrfTokens {
  /** The token the console's forms carry for `user`. */
  issue(user: string): string;
  /** True when `given` is `user`'s token. */
  verify(user: string, given: string | undefined): boolean;
}

/**
 * Tokens bound to the signed-in user, signed with a key made at start: nothing to store, and
 * a page from another site cannot know it. A restart makes open pages' forms stale (reload).
 */
export function createCsrfTokens(key: Buffer = randomBytes(32)): CsrfTokens {
  const issue = (user: string) => createHmac("sha256", key).update(`console:${user}`).digest("base64url");
  return {
    issue,
    verify: (user, given) => given !== undefined && given !== "" && constantTimeEqual(given, issue(user)),
  };
}
