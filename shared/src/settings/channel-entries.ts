/** CHANNELS split into names and keys: `#public,#private:key` (a channel name cannot hold ':', so the first one starts the key). */
export interface ChannelEntries {
  readonly names: string[];
  /** Keys by channel name as written in CHANNELS. */
  readonly keys: Record<string, string>;
  /** One message per bad entry, naming CHANNELS. */
  readonly problems: string[];
}

/** A channel key as servers take it: one word, no comma (JOIN's list separator), nothing that breaks a line. */
const KEY = /^[^\s,\0]+$/;

export function channelEntries(entries: readonly string[]): ChannelEntries {
  const names: string[] = [];
  const keys: Record<string, string> = {};
  const problems: string[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(":");
    const name = colon < 0 ? entry : entry.slice(0, colon);
    names.push(name);
    if (colon < 0) continue;
    const key = entry.slice(colon + 1);
    if (KEY.test(key)) keys[name] = key;
    else problems.push(`CHANNELS: the key of ${name} must be one word without commas (written ${name}:key)`);
  }
  return { names, keys, problems };
}
