import { isChannel } from "@helga/shared";
import type { AccountTracker } from "./account-tracker.js";
import type { IncomingMessage } from "./irc-events.js";
import { str, type Payload } from "./irc-payload.js";

/**
 * Turns irc-framework's PRIVMSG events into IncomingMessages carrying the sender's services
 * account, learnt from message tags, extended-join and account-notify.
 */
export function listenForMessages(
  on: (event: string, listener: (payload: Payload) => void) => void,
  accounts: AccountTracker,
  deliver: (message: IncomingMessage) => void,
): void {
  on("join", (p) => {
    const nick = str(p.nick);
    if (nick === undefined) return;
    if (typeof p.account === "string") accounts.set(nick, p.account);
    if (p.account === false) accounts.delete(nick);
  });

  on("nick", (p) => {
    const from = str(p.nick);
    const to = str(p.new_nick);
    if (from !== undefined && to !== undefined) accounts.rename(from, to);
  });

  on("quit", (p) => {
    const nick = str(p.nick);
    if (nick !== undefined) accounts.delete(nick);
  });

  on("account", (p) => {
    const nick = str(p.nick);
    if (nick === undefined) return;
    if (typeof p.account === "string") accounts.set(nick, p.account);
    else accounts.delete(nick);
  });

  on("privmsg", (p) => {
    const nick = str(p.nick);
    const target = str(p.target);
    const text = str(p.message);
    if (p.from_server === true || nick === undefined || target === undefined || text === undefined) return;
    const tagged = str(p.account);
    if (tagged !== undefined) accounts.set(nick, tagged);
    deliver({
      nick,
      ident: str(p.ident) ?? "",
      hostname: str(p.hostname) ?? "",
      account: tagged ?? accounts.get(nick),
      target,
      text,
      isPrivate: !isChannel(target),
    });
  });
}
