import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares two secrets in constant time, lengths included: both sides are hashed first,
 * so a short guess takes as long as a right one.
 */
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const digest = (value: string | Buffer) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** True when `given` equals any of `expected`; every candidate is compared (no early exit). */
export function equalsAny(given: string | Buffer, expected: readonly (string | Buffer)[]): boolean {
  let found = false;
  for (const candidate of expected) found = constantTimeEqual(given, candidate) || found;
  return found;
}
