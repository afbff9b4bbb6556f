import type { Logger, Settings } from "@helga/shared";
import type { IrcConnection } from "../irc-connection.js";
import { ircLower } from "../irc-lower.js";
import { NickRecovery } from "./nick-recovery.js";

/**
 * Who the bot is on IRC, kept up: takes the configured nick back once it frees, unless
 * services reserve it for an account the bot is not logged in to (signon logs in: Signon).
 * Returns the function that stops the nick checks.
 */
export function keepIdentity(irc: IrcConnection, settings: Pick<Settings, "nick" | "server">, logger: Logger): () => void {
  const { nick, server } = settings;
  const recovery = new NickRecovery({
    wanted: nick,
    current: () => irc.nick,
    same: (a, b) => ircLower(a, irc.casemapping) === ircLower(b, irc.casemapping),
    requestNick: (wanted) => irc.requestNick(wanted),
    askOnline: (wanted) => irc.sendUnpaced(`ISON ${wanted}`),
    intervalMs: server.nickRecoverySeconds * 1000,
    logger,
  });
  irc.on("registered", () => recovery.check());
  irc.on("nickReserved", (_nick, reason) => recovery.reserved(reason));
  irc.on("loggedIn", () => recovery.loggedIn());
  irc.on("nick", () => recovery.check());
  irc.on("nickFreed", (freed) => recovery.freed(freed));
  irc.on("online", (nicks) => recovery.online(nicks));
  irc.on("disconnected", () => recovery.stop());
  return () => recovery.stop();
}
