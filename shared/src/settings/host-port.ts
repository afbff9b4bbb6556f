import { isIPv6 } from "node:net";

/** A host and its port; an IPv6 host is kept without brackets. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** A DNS name, a container name or an IPv4 address. */
const HOST_NAME = /^[\w.-]+$/;

/**
 * One `host:port` of a setting: `irc.example:6697`, `10.0.0.1:26379`, IPv6 in brackets as
 * `[::1]:6697`. Without a port the entry takes `defaultPort`, or is refused when there is none;
 * a bare IPv6 address (`::1`) is then a host. The one parser for every such setting, so they
 * agree on brackets and ports. Throws an Error quoting the entry; the caller names the setting.
 */
export function parseHostPort(entry: string, defaultPort?: number): HostPort {
  const text = entry.trim();
  const form = defaultPort === undefined ? "host:port" : "a host or host:port";
  const fail = (reason: string) => new Error(`"${text}" is not ${form}: ${reason}`);
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    [, host = "", port] = bracketed;
    if (!isIPv6(host)) throw fail("only an IPv6 address goes in brackets");
  } else if (isIPv6(text)) {
    if (defaultPort === undefined) throw fail("an IPv6 address goes in brackets, as [::1]:26379");
    host = text;
  } else {
    const colon = text.lastIndexOf(":");
    host = colon < 0 ? text : text.slice(0, colon);
    port = colon < 0 ? undefined : text.slice(colon + 1);
    if (!HOST_NAME.test(host)) throw fail("the host may hold letters, digits, '.', '-' and '_' (IPv6 in brackets, as [::1])");
  }
  if (port === undefined) {
    if (defaultPort === undefined) throw fail("the port is missing");
    return { host, port: defaultPort };
  }
  const number = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(number >= 1 && number <= 65535)) throw fail("the port must be a whole number from 1 to 65535");
  return { host, port: number };
}

/** The `host:port` that parseHostPort reads back, with an IPv6 host in brackets. */
export function formatHostPort({ host, port }: HostPort): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}
