import { parseHostPort, type HostPort } from "./host-port.js";

/** One IRC server the bot may connect to. */
export type ServerAddress = HostPort;

/**
 * SERVER_HOST as a list of servers: `a.example:6697,b.example` (a bare host takes
 * `defaultPort`), IPv6 as `[::1]:6697` or bare `::1`. Throws a message naming the bad entry.
 */
export function parseServerList(value: string, defaultPort: number): ServerAddress[] {
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.some((entry) => entry === "")) throw new Error(`empty server in "${value}"`);
  return entries.map((entry) => parseHostPort(entry, defaultPort));
}
