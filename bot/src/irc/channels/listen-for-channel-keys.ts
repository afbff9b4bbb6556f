import type { Logger } from "@helga/shared";
import type { ChannelMembership } from "./channel-membership.js";
import { str, type Payload } from "../irc-payload.js";

/** Follows +k/-k on the channels we want, so a rejoin (after a kick or a reconnect) uses the key in force. */
export function listenForChannelKeys(on: (event: string, listener: (payload: Payload) => void) => void, channels: ChannelMembership, log: Logger): void {
  on("mode", (p) => {
    const channel = str(p.target);
    if (channel === undefined || !channels.isWanted(channel) || !Array.isArray(p.modes)) return;
    for (const change of p.modes as unknown[]) {
      const { mode, param } = change as { mode?: unknown; param?: unknown };
      if (mode === "+k" && typeof param === "string") {
        channels.setKey(channel, param);
        log.info({ channel, by: str(p.nick) }, "irc channel key changed; remembered for rejoining"); // never the key itself
      } else if (mode === "-k") {
        channels.setKey(channel, undefined);
        log.info({ channel, by: str(p.nick) }, "irc channel key removed");
      }
    }
  });
}
