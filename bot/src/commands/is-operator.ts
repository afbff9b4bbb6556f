import { ircLower, type CaseMapping } from "../irc/irc-lower.js";

/** Who sent a message, as far as the server told us. */
export interface Sender {
  readonly nick: string;
  readonly ident: string;
  readonly hostname: string;
  /** Services account, when the server reports it (account-tag, account-notify, extended-join). */
  readonly account: string | undefined;
}

/**
 * Whether `sender` matches one of the OPERATORS entries:
 * - `account:<name>` matches the services account (the only entry that cannot be spoofed),
 * - an entry with `!` or `@` is a `nick!user@host` mask with `*` and `?` wildcards,
 * - anything else is a nick (wildcards allowed), which anyone may take while it is free.
 * All comparisons ignore case the way the server does.
 */
export function isOperator(entries: readonly string[], sender: Sender, casemapping: CaseMapping = "rfc1459"): boolean {
  const lower = (text: string) => ircLower(text, casemapping);
  return entries.some((entry) => {
    if (/^account:/i.test(entry)) {
      return sender.account !== undefined && lower(entry.slice("account:".length)) === lower(sender.account);
    }
    const subject = /[!@]/.test(entry) ? `${sender.nick}!${sender.ident}@${sender.hostname}` : sender.nick;
    return globToRegExp(lower(entry)).test(lower(subject));
  });
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "su");
}
