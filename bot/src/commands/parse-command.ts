import { ircLower, type CaseMapping } from "../irc/irc-lower.js";

export const SUBCOMMANDS = ["start", "stop", "routes", "reload", "status", "deadletters"] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** A `webhooks` command addressed to us: a known subcommand, or the unknown word for the usage reply. */
export type ParsedCommand = { readonly sub: Subcommand } | { readonly sub: "unknown"; readonly word: string };

/**
 * Recognizes helga's forms: `!webhooks <sub>`, `<nick>: webhooks <sub>`, `<nick>, webhooks <sub>`,
 * `<nick> webhooks <sub>`, and in private also a bare `webhooks <sub>`. The subcommand
 * defaults to `routes`; words after it are ignored. Returns undefined for anything else.
 */
export function parseCommand(text: string, ourNick: string, isPrivate: boolean, casemapping: CaseMapping = "rfc1459"): ParsedCommand | undefined {
  const words = text.trim().split(/\s+/);
  let rest: string[];
  if (words[0]?.toLowerCase() === "!webhooks") {
    rest = words.slice(1);
  } else if (isPrivate && words[0]?.toLowerCase() === "webhooks") {
    rest = words.slice(1);
  } else {
    const addressee = words[0]?.replace(/[:,]$/, "") ?? "";
    if (addressee === "" || ircLower(addressee, casemapping) !== ircLower(ourNick, casemapping)) return undefined;
    if (words[1]?.toLowerCase() !== "webhooks") return undefined;
    rest = words.slice(2);
  }
  const word = (rest[0] ?? "routes").toLowerCase();
  return isSubcommand(word) ? { sub: word } : { sub: "unknown", word };
}

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}
