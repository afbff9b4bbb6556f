/** IRC's CASEMAPPING values we know; anything else is treated as the RFC 1459 default. */
export type CaseMapping = "ascii" | "rfc1459" | "strict-rfc1459";

/** Lowercases the way the server compares names: under rfc1459, `[]\~` are the capitals of `{}|^`. */
export function ircLower(text: string, casemapping: CaseMapping = "rfc1459"): string {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (casemapping === "ascii") return lower;
  const mapped = lower.replace(/[[\]\\]/g, (c) => ({ "[": "{", "]": "}", "\\": "|" })[c] ?? c);
  return casemapping === "rfc1459" ? mapped.replace(/~/g, "^") : mapped;
}

export function toCaseMapping(value: unknown): CaseMapping {
  return value === "ascii" || value === "strict-rfc1459" ? value : "rfc1459";
}
