import type { EventEmitter } from "node:events";
import type { Logger } from "@helga/shared";
import type { ChannelMembership } from "./channel-membership.js";
import type { IrcEvents } from "../irc-events.js";
import { str, type Payload } from "../irc-payload.js";
import { joinLines } from "./join-lines.js";
import { listenForChannelKeys } from "./listen-for-channel-keys.js";

export interface OwnChannelsOptions {
  readonly channels: ChannelMembership;
  readonly isUs: (nick: string | undefined) => boolean;
  readonly log: Logger;
  readonly events: Pick<EventEmitter<IrcEvents>, "emit">;
  /** Still registered: a rejoin after a reconnect is the signon's business, not the kick's. */
  readonly registered: () => boolean;
  readonly write: (line: string) => void;
  readonly later: (ms: number, fn: () => void) => void;
  /** Ready to send again: told "ready" when the last pending rejoin is over. */
  readonly ready: () => boolean;
  /** The wait before a rejoin after a kick, and how long queued lines wait for it (default 5 s each). */
  readonly timings: { readonly rejoinDelayMs?: number | undefined; readonly rejoinGraceMs?: number | undefined };
}

/** Our own JOINs, PARTs, KICKs and channel keys: keeps the membership, and rejoins a wanted channel after a kick. */
export function listenForOwnChannels(on: (event: string, listener: (payload: Payload) => void) => void, o: OwnChannelsOptions): void {
  listenForChannelKeys(on, o.channels, o.log); // +k/-k: the key a rejoin needs
  /** A channel's rejoin is over (joined, or given up on). */
  const rejoined = (channel: string) => {
    if (o.channels.endRejoin(channel) && o.ready()) o.events.emit("ready");
  };

  on("join", (p) => {
    const channel = str(p.channel);
    if (channel === undefined || !o.isUs(str(p.nick))) return;
    o.channels.joined(channel);
    o.events.emit("joined", channel);
    rejoined(channel);
  });

  on("part", (p) => {
    const channel = str(p.channel);
    if (channel === undefined || !o.isUs(str(p.nick))) return;
    o.channels.left(channel);
    o.events.emit("parted", channel);
  });

  on("kick", (p) => {
    const channel = str(p.channel);
    if (channel === undefined || !o.isUs(str(p.kicked))) return;
    o.channels.left(channel);
    const by = str(p.nick) ?? "?";
    const reason = str(p.message) ?? "";
    o.log.warn({ channel, by, reason }, "irc kicked; rejoining soon");
    o.events.emit("kicked", channel, by, reason);
    if (!o.channels.isWanted(channel)) return;
    o.channels.startRejoin(channel);
    o.later(o.timings.rejoinDelayMs ?? 5_000, () => {
      if (!o.registered() || !o.channels.isRejoining(channel)) return;
      for (const line of joinLines([o.channels.toJoin(channel)])) o.write(line);
      o.later(o.timings.rejoinGraceMs ?? 5_000, () => rejoined(channel)); // banned or invite-only: stop waiting
    });
  });
}
