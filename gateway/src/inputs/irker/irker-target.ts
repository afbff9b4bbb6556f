import { InputRefusal } from "../input-refusal.js";

/** One `to` URL of an irker request, read as irkerd reads it. */
export interface IrkerTarget {
  /** The URL's host, lower case: it picks the network (IRKER_NETWORKS). */
  readonly host: string;
  /** A channel (`#` added when the URL leaves it out, as irkerd does) or, with `,isnick`, a nick. */
  readonly target: string;
  /** `?key=secret` or `?secret`: the channel key to join with. */
  readonly key: string | undefined;
}

const URL_SHAPE = /^ircs?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::\d*)?\/(.*)$/i;

/**
 * `irc://host[:port]/#chan`, `ircs://…`, `irc://host/chan?key=secret`, `irc://host/nick,isnick`.
 * The port and scheme pick nothing here: the bot already holds the connection to that network.
 */
export function parseIrkerTarget(url: string): IrkerTarget {
  const match = URL_SHAPE.exec(url);
  if (!match) throw new InputRefusal("malformed", `not an irc:// or ircs:// URL with a channel: ${JSON.stringify(url.slice(0, 200))}`);
  const host = (match[1] ?? "").toLowerCase();
  const rest = match[2] ?? "";
  const question = rest.indexOf("?");
  let name = question === -1 ? rest : rest.slice(0, question);
  const key = question === -1 ? undefined : rest.slice(question + 1).replace(/^key=/, "");
  if (host === "") throw new InputRefusal("malformed", `the URL names no server: ${JSON.stringify(url.slice(0, 200))}`);
  const isNick = name.endsWith(",isnick");
  if (isNick) name = name.slice(0, -",isnick".length);
  if (name === "") throw new InputRefusal("malformed", `the URL names no channel: ${JSON.stringify(url.slice(0, 200))}`);
  if (!isNick && !"#&+".includes(name[0] ?? "")) name = `#${name}`;
  return { host, target: name, key: key === "" ? undefined : key };
}

/** The network a URL host means: its own entry in IRKER_NETWORKS, else `*`'s; unknown hosts are refused. */
export function networkFor(host: string, networks: ReadonlyMap<string, string>): string {
  const network = networks.get(host) ?? networks.get("*");
  if (network !== undefined) return network;
  const known = [...networks.keys()].sort().join(", ") || "none";
  throw new InputRefusal("unknown_network", `irker URL host "${host}" is not in IRKER_NETWORKS (known: ${known})`);
}
