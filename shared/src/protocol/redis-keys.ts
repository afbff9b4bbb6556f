import { DEFAULT_NETWORK, isNetworkName, NETWORK_NAME_RULE } from "./network-name.js";

/**
 * Every Redis name the two services share, in one place, so a rename cannot split them.
 * A prefix lets several deployments (or test runs) share one Redis. What a bot owns is
 * keyed by its IRC network; the default network keeps the names it had before networks
 * existed, so an upgrade needs no migration. The rest is shared by every network.
 */
export interface RedisKeys {
  /** The IRC network the per-network keys below belong to. */
  readonly network: string;
  /** Stream of IRC commands, appended by gateways, consumed in order by the network's bot. */
  readonly outbox: string;
  /** Stream of commands that failed validation or that IRC kept rejecting. */
  readonly deadLetter: string;
  /** Consumer group of the bot on the outbox stream. */
  readonly outboxGroup: string;
  /** "1" or "0": webhooks on or off for every gateway (shared by every network), persisted. Absent means on. */
  readonly webhooksEnabled: string;
  /** JSON BotState, last reported by the network's bot. */
  readonly botState: string;
  /** "<token> <bot id>" of the one bot replica allowed to hold IRC; expires unless renewed. */
  readonly botLease: string;
  /** Counter of lease acquisitions: the fencing token, larger on every new holder. */
  readonly botLeaseToken: string;
  /** "host:port" of the IRC server the network's bot last signed on to; tried first after a restart. */
  readonly lastGoodServer: string;
  /** The port of an IRC server's IRCv3 STS policy (TLS only), expiring with the policy; by host name, lowercased. */
  stsPolicy(host: string): string;
  /** Set of the networks whose bot has ever started: what `client.network(name)` accepts. Shared. */
  readonly networks: string;
  /** Hash: gateway id → JSON GatewayReport, refreshed by each gateway's heartbeat. */
  readonly gateways: string;
  /** Pub/sub channel for ControlEvent messages. */
  readonly control: string;
  /**
   * Sorted set of the network's delivery trail (its outbox's fates): outbox entry ids in their sortableStreamId form, scored by
   * the time the gateway accepted them (ms), so entries of one millisecond still sort in order.
   */
  readonly trail: string;
  /** Hash of one delivery in the trail, by its outbox entry id (either form). */
  trailEntry(outboxId: string): string;
  /** Hash of one minute's delivery outcomes (sent, failed, dead) for the console's chart; `minute` is epoch minutes. */
  trailMinute(minute: number): string;
  /** Key of a delivery id already seen (signed webhooks' replay guard). */
  delivery(id: string): string;
  /** Key prefix of one webhook package's `db`. */
  webhookDb(packageName: string): string;
  /** Last CI outcome a source saw for one repository + branch + workflow (its only_changes state). */
  ciState(source: string, repository: string, branch: string, workflow: string): string;
  /** The same prefix's keys for another network. */
  forNetwork(network: string): RedisKeys;
}

export function redisKeys(prefix = "helga", network = DEFAULT_NETWORK): RedisKeys {
  if (!isNetworkName(network)) throw new TypeError(`Invalid IRC network name ${JSON.stringify(network)}: ${NETWORK_NAME_RULE}`);
  // ":net:" keeps a network's keys apart from the shared ones whatever it is called.
  const own = network === DEFAULT_NETWORK ? prefix : `${prefix}:net:${network}`;
  return {
    network,
    outbox: `${own}:outbox`,
    deadLetter: `${own}:outbox:dead`,
    outboxGroup: "bot",
    webhooksEnabled: `${prefix}:webhooks:enabled`,
    botState: `${own}:bot:state`,
    lastGoodServer: `${own}:bot:last-server`,
    networks: `${prefix}:networks`,
    stsPolicy: (host) => `${own}:bot:sts:${host}`,
    botLease: `${own}:bot:lease`,
    botLeaseToken: `${own}:bot:lease:token`,
    gateways: `${prefix}:gateways`,
    control: `${prefix}:control`,
    trail: `${own}:trail`,
    trailEntry: (outboxId) => `${own}:trail:entry:${sortableStreamId(outboxId)}`,
    trailMinute: (minute) => `${own}:trail:minute:${minute}`,
    delivery: (id) => `${prefix}:delivery:${id}`,
    webhookDb: (packageName) => `${prefix}:db:${packageName}:`,
    ciState: (source, repository, branch, workflow) => `${prefix}:ci:${[source, repository, branch, workflow].map(encodeURIComponent).join(":")}`,
    forNetwork: (other) => redisKeys(prefix, other),
  };
}

/**
 * A stream id with both parts zero-padded ("1733-7" → "0000000001733-0000000007"), so ids sort as
 * text in the order they were made (the append script pads the same way). Anything else is left as is.
 */
export function sortableStreamId(id: string): string {
  const match = /^(\d+)-(\d+)$/.exec(id);
  return match ? `${match[1]!.padStart(13, "0")}-${match[2]!.padStart(10, "0")}` : id;
}

/** The stream id of a sortableStreamId ("0000000001733-0000000007" → "1733-7"). */
export function plainStreamId(id: string): string {
  return id.replace(/^0+(?=\d)/, "").replace(/-0+(?=\d)/, "-");
}
