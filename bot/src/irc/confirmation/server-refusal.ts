/** The server refused a line of ours: an error numeric naming the channel or nick it was for. */
export interface ServerRefusal {
  readonly code: string;
  /** A short name for metrics and `!webhooks status`, e.g. "banned". */
  readonly name: string;
  readonly target: string;
  /** The server's own words, e.g. "Cannot join channel (+b)". */
  readonly reason: string;
  /** True when a retry cannot help as things stand; false while it may pass (not yet joined, full, busy). */
  readonly permanent: boolean;
}

/** Numerics that refuse a PRIVMSG, NOTICE, JOIN or PART, as `:server CODE ournick target :reason`. */
const REFUSALS: Readonly<Record<string, { readonly name: string; readonly permanent: boolean }>> = {
  "401": { name: "no such nick", permanent: true },
  "403": { name: "no such channel", permanent: true },
  "404": { name: "cannot send", permanent: false }, // +m, +b, or +n before our JOIN went through
  "437": { name: "unavailable", permanent: false },
  "442": { name: "not on channel", permanent: true },
  "471": { name: "channel full", permanent: false },
  "473": { name: "invite only", permanent: true },
  "474": { name: "banned", permanent: true },
  "475": { name: "bad key", permanent: true },
  "477": { name: "needs registration", permanent: true },
  "482": { name: "not channel operator", permanent: true },
  "489": { name: "secure only", permanent: true },
};

/** The refusal a raw server line (CR LF included, as irc-framework passes it) carries, or undefined for any other line. */
export function parseServerRefusal(line: string): ServerRefusal | undefined {
  const match = /^(?:@\S+ )?:\S+ (\d{3}) \S+ (\S+)(?: :(.*?))?\r?\n?$/.exec(line);
  if (!match) return undefined;
  const [, code = "", target = "", reason = ""] = match;
  const known = REFUSALS[code];
  return known ? { code, name: known.name, target, reason: reason || known.name, permanent: known.permanent } : undefined;
}
