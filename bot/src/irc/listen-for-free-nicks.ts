import { str, type Payload } from "./irc-payload.js";

/**
 * What nick recovery watches for: another user quitting or changing nick (their old nick
 * may be free now) and the answers to our ISON checks.
 */
export function listenForFreeNicks(
  on: (event: string, listener: (payload: Payload) => void) => void,
  isOther: (nick: string) => boolean,
  report: { readonly freed: (nick: string) => void; readonly online: (nicks: string[]) => void },
): void {
  on("nick", (p) => {
    const from = str(p.nick);
    if (from !== undefined && str(p.new_nick) !== undefined && isOther(from)) report.freed(from);
  });

  on("quit", (p) => {
    const nick = str(p.nick);
    if (nick !== undefined && isOther(nick)) report.freed(nick);
  });

  on("users online", (p) => {
    if (Array.isArray(p.nicks)) report.online(p.nicks.filter((nick): nick is string => typeof nick === "string" && nick !== ""));
  });
}
