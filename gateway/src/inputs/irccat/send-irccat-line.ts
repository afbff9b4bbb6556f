import type { WebhookClient } from "../../api/types.js";
import type { SendMessage } from "../deliver-message.js";
import { InputRefusal } from "../input-refusal.js";
import { irccatFormatting } from "./irccat-formatting.js";
import type { IrccatLine } from "./parse-irccat-line.js";

/** The targets of a parsed line, resolved against the bot's channels and the default channel. */
export function irccatTargets({ to }: IrccatLine, client: WebhookClient, defaultChannel: string | undefined): readonly string[] {
  if (to.kind === "list") return to.targets;
  if (to.kind === "all") {
    if (client.channels.length === 0) throw new InputRefusal("no_target", "#* names every channel the bot is in, and it is in none yet");
    return client.channels;
  }
  if (defaultChannel === undefined) throw new InputRefusal("no_target", "no target given and no IRCCAT_DEFAULT_CHANNEL (or CHANNELS) set");
  return [defaultChannel];
}

/**
 * Says the line's text, formatting tokens turned into IRC codes, to each of its targets in
 * order. A CR or NUL inside the line stays on it as a space: one irccat line, one IRC line.
 */
export function sendIrccatLine(line: IrccatLine, defaultChannel: string | undefined): SendMessage {
  return async (client) => {
    const targets = irccatTargets(line, client, defaultChannel);
    const text = irccatFormatting(line.text.replace(/[\r\n\0]/g, " "));
    for (const target of targets) await client.msg(target, text);
    return targets;
  };
}
