import type { Logger, Settings } from "@helga/shared";
import type { IrcConnection } from "../irc-connection.js";
import { ircLower } from "../irc-lower.js";
import { NickRecovery } from "./nick-recovery.js";
import { nickServIdentifyLine } from "./nickserv-identify.js";

/**
 * Who the bot is on IRC, kept up: identifies to NickServ at every signon (when
 * NICKSERV_PASSWORD is set) and takes the configured nick back once it frees.
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
  irc.on("registered", () => {
    // Before the JOINs irc-connection sends next, so services know us by the time channels check.
    if (server.nickservPassword !== undefined) {
      irc.sendUnpaced(nickServIdentifyLine(nick, server.nickservPassword));
      logger.info({ account: nick }, "irc identifying to NickServ");
    }
    recovery.check();
  });
  irc.on("nick", () => recovery.check());
  irc.on("nickFreed", (freed) => recovery.freed(freed));
  irc.on("online", (nicks) => recovery.online(nicks));
  irc.on("disconnected", () => recovery.stop());
  return () => recovery.stop();
}
