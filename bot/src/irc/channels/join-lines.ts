import type { ChannelToJoin } from "./channel-membership.js";

/** How much one JOIN line may carry, from the server's ISUPPORT. */
export interface JoinLimits {
  /** Channels per JOIN; Infinity when the server names no limit. */
  readonly channels: number;
  /** Bytes per line, CR LF not counted. */
  readonly bytes: number;
}

/** Longest JOIN line we build when the server says nothing (well inside RFC 1459's 512 bytes). */
const DEFAULT_BYTES = 400;

/** Channels per JOIN before the server's ISUPPORT arrived: below every limit servers are known to set. */
const CHANNELS_BEFORE_ISUPPORT = 10;

/**
 * The JOIN limits in ISUPPORT tokens as irc-framework keeps them (name → value, or true):
 * TARGMAX's JOIN entry, else MAXTARGETS (InspIRCd applies it to JOIN too), and LINELEN
 * capping our usual line length. The first signon joins at the welcome (001), before the
 * ISUPPORT lines (005) that follow it: until a server's ISUPPORT is known (CHANTYPES, which
 * every server sends, is missing), a modest 10 channels per line. irc-framework keeps
 * ISUPPORT across reconnects, so every later signon uses the server's own limits.
 */
export function joinLimits(isupport: Readonly<Record<string, unknown>>): JoinLimits {
  const targmax = typeof isupport.TARGMAX === "string" ? /(?:^|,)JOIN:(\d*)/i.exec(isupport.TARGMAX)?.[1] : undefined;
  const known = isupport.CHANTYPES !== undefined;
  const channels = Number(targmax || isupport.MAXTARGETS) || (known ? Infinity : CHANNELS_BEFORE_ISUPPORT);
  const lineLength = Number(isupport.LINELEN) || 512;
  return { channels, bytes: Math.min(DEFAULT_BYTES, lineLength - 2) };
}

/**
 * JOIN lines for `channels`, as few as the limits allow. A line's keys pair with its channels
 * by position, so keyed channels go first in each line.
 */
export function joinLines(channels: Iterable<ChannelToJoin>, limits: JoinLimits = { channels: Infinity, bytes: DEFAULT_BYTES }): string[] {
  const all = [...channels];
  const ordered = [...all.filter((channel) => channel.key !== undefined), ...all.filter((channel) => channel.key === undefined)];
  const lines: string[] = [];
  let current: ChannelToJoin[] = [];
  for (const channel of ordered) {
    if (current.length > 0 && (current.length >= limits.channels || Buffer.byteLength(joinLine([...current, channel])) > limits.bytes)) {
      lines.push(joinLine(current));
      current = [];
    }
    current.push(channel);
  }
  if (current.length > 0) lines.push(joinLine(current));
  return lines;
}

function joinLine(channels: readonly ChannelToJoin[]): string {
  const keys = channels.flatMap((channel) => (channel.key === undefined ? [] : [channel.key]));
  return `JOIN ${channels.map((channel) => channel.name).join(",")}${keys.length > 0 ? ` ${keys.join(",")}` : ""}`;
}
