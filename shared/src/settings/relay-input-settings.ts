import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { isNetworkName, NETWORK_NAME_RULE } from "../protocol/network-name.js";
import { int, list, port } from "./setting-types.js";

/** Loopback and the private ranges: the container network and the host itself. */
export const PRIVATE_RANGES = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"] as const;

/** True when `text` is an address with a prefix length, e.g. 10.0.0.0/8 or fd00::/8. */
function isCidr(text: string): boolean {
  const [address = "", bits, extra] = text.split("/");
  const family = isIP(address);
  const prefix = Number(bits);
  if (family === 0 || extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  return prefix <= (family === 4 ? 32 : 128);
}

const cidrs = list.pipe(
  z.array(z.string()).superRefine((items, ctx) => {
    for (const item of items) if (!isCidr(item)) ctx.addIssue({ code: "custom", message: `"${item}" is not an address range like 10.0.0.0/8 or ::1/128` });
  }),
);

/** `host=network,…`: which bot network an irker URL's host means; `*` stands for any host. */
const networkMap = list.pipe(
  z.array(z.string()).transform((items, ctx) => {
    const map = new Map<string, string>();
    for (const item of items) {
      const [host = "", network = "", extra] = item.split("=").map((part) => part.trim());
      if (extra !== undefined || host === "" || !isNetworkName(network)) {
        ctx.addIssue({ code: "custom", message: `"${item}" must be host=network, the network ${NETWORK_NAME_RULE}` });
      } else map.set(host.toLowerCase(), network);
    }
    return map;
  }),
);

/** The settings of the gateway's irccat and irker inputs; spread into the settings schema. */
export const relayInputShape = {
  /** irccat's TCP port (irccat's own default is 12345); unset: no irccat listener. */
  IRCCAT_PORT: port.optional(),
  /** Where irccat lines without a target go; default the first of CHANNELS. */
  IRCCAT_DEFAULT_CHANNEL: z.string().regex(/^[#&+!][^\s,\x00-\x1f]{1,199}$/, "must be a channel name like #ops").optional(),
  /** Bearer token for irccat's HTTP `POST /send`; unset: no /send route. */
  IRCCAT_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  IRCCAT_ALLOW: cidrs.default([...PRIVATE_RANGES]),
  /** irker's TCP and UDP port (irker's own is 6659); unset: no irker listener. */
  IRKER_PORT: port.optional(),
  IRKER_ALLOW: cidrs.default([...PRIVATE_RANGES]),
  IRKER_NETWORKS: networkMap.default(new Map([["*", "default"]])),
  /** Open TCP connections one address may hold on each input. */
  RELAY_MAX_CONNECTIONS: int(1, 10_000).default(20),
} as const;

type Parsed = z.infer<z.ZodObject<typeof relayInputShape>>;

export interface RelayInputSettings {
  readonly irccat: {
    readonly port: number | undefined;
    readonly defaultChannel: string | undefined;
    readonly secret: string | undefined;
    readonly allow: readonly string[];
  };
  readonly irker: {
    readonly port: number | undefined;
    readonly allow: readonly string[];
    /** URL host (lower case) → network; key `*` for any other host. */
    readonly networks: ReadonlyMap<string, string>;
  };
  readonly maxConnectionsPerAddress: number;
}

export function relayInputSettings(s: Parsed, channels: readonly string[]): RelayInputSettings {
  return {
    irccat: { port: s.IRCCAT_PORT, defaultChannel: s.IRCCAT_DEFAULT_CHANNEL ?? channels[0], secret: s.IRCCAT_SECRET, allow: s.IRCCAT_ALLOW },
    irker: { port: s.IRKER_PORT, allow: s.IRKER_ALLOW, networks: s.IRKER_NETWORKS },
    maxConnectionsPerAddress: s.RELAY_MAX_CONNECTIONS,
  };
}

/** An allow-list check for remote addresses; IPv4-mapped IPv6 addresses count as their IPv4 address. */
export function addressMatcher(ranges: readonly string[]): (address: string) => boolean {
  const blocks = new BlockList();
  for (const range of ranges) {
    const [address = "", bits = ""] = range.split("/");
    blocks.addSubnet(address, Number(bits), isIP(address) === 6 ? "ipv6" : "ipv4");
  }
  return (address) => {
    const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
    const family = isIP(plain);
    return family !== 0 && blocks.check(plain, family === 6 ? "ipv6" : "ipv4");
  };
}
