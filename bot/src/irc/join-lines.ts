/** Longest JOIN line we build, well inside 512 bytes. */
const JOIN_LINE_BYTES = 400;

/** JOIN lines for `channels`, as few as fit. */
export function joinLines(channels: Iterable<string>): string[] {
  const lines: string[] = [];
  let current: string[] = [];
  for (const channel of channels) {
    if (current.length > 0 && Buffer.byteLength(`JOIN ${[...current, channel].join(",")}`) > JOIN_LINE_BYTES) {
      lines.push(`JOIN ${current.join(",")}`);
      current = [];
    }
    current.push(channel);
  }
  if (current.length > 0) lines.push(`JOIN ${current.join(",")}`);
  return lines;
}
