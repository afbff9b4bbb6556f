/** One IRC server the bot may connect to. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * SERVER_HOST as a list of servers: `a.example:6697,b.example` (a bare host takes
 * `defaultPort`), IPv6 as `[::1]:6697` or bare `::1`. Throws a message naming the bad entry.
 */
export function parseServerList(value: string, defaultPort: number): ServerAddress[] {
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.some((entry) => entry === "")) throw new Error(`empty server in "${value}"`);
  return entries.map((entry) => parseServer(entry, defaultPort));
}

function parseServer(entry: string, defaultPort: number): ServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  let host: string;
  let port: string | undefined;
  if (bracketed) [, host = "", port] = bracketed;
  else if (entry.indexOf(":") !== entry.lastIndexOf(":")) host = entry; // a bare IPv6 address
  else [host = "", port] = entry.split(":");
  if (host === "" || /[\s/@]/.test(host)) throw new Error(`"${entry}" is not a host or host:port`);
  if (port === undefined) return { host, port: defaultPort };
  const number = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(number >= 1 && number <= 65535)) throw new Error(`"${entry}": the port must be a whole number from 1 to 65535`);
  return { host, port: number };
}
