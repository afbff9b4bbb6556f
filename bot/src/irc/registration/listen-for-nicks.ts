import { str, type Payload } from "../irc-payload.js";

/**
 * Nick changes: ours (the server agreed to a NICK of ours), and what nick recovery watches
 * for, another user quitting or changing nick (their old nick may be free now), and the
 * answers to our ISON checks.
 */
export function listenForNicks(
  on: (event: string, listener: (payload: Payload) => void) => void,
  isUs: (nick: string) => boolean,
  report: { readonly ours: (nick: string) => void; readonly freed: (nick: string) => void; readonly online: (nicks: string[]) => void },
): void {
  on("nick", (p) => {
    const from = str(p.nick);
    const to = str(p.new_nick);
    if (from === undefined || to === undefined) return;
    if (isUs(from)) report.ours(to);
    else report.freed(from);
  });

  on("quit", (p) => {
    const nick = str(p.nick);
    if (nick !== undefined && !isUs(nick)) report.freed(nick);
  });

  on("users online", (p) => {
    if (Array.isArray(p.nicks)) report.online(p.nicks.filter((nick): nick is string => typeof nick === "string" && nick !== ""));
  });
}
