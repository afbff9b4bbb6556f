import { DEFAULT_NETWORK } from "@helga/shared";
import type { SendMessage } from "../deliver-message.js";
import type { IrkerRequest } from "./parse-irker-request.js";

/**
 * Says the privmsg to every target on its network. As irkerd does, a newline in privmsg starts
 * another message to the same target (never another command); a CR goes with its LF and NUL
 * vanishes. A keyed channel the bot is not in is joined with its key first.
 */
export function sendIrkerRequest({ targets, privmsg }: IrkerRequest): SendMessage {
  const text = privmsg.replace(/\r\n?/g, "\n").replace(/\0/g, "");
  return async (client) => {
    // Every network first: one no bot serves throws before anything is sent.
    const speakers = targets.map((target) => ({ ...target, speaker: client.network(target.network) }));
    const said: string[] = [];
    for (const { network, target, key, speaker } of speakers) {
      if (key !== undefined && !speaker.channels.includes(target)) await speaker.join(target, key);
      await speaker.msg(target, text);
      said.push(network === DEFAULT_NETWORK ? target : `${network}:${target}`);
    }
    return said;
  };
}
