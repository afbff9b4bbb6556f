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
  /** Set of the networks whose bot has ever started: what `client.network(name)` accepts. Shared. */
  readonly networks: string;
  /** Hash: gateway id → JSON GatewayReport, refreshed by each gateway's heartbeat. */
  readonly gateways: string;
  /** Pub/sub channel for ControlEvent messages. */
  readonly control: string;
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
    botLease: `${own}:bot:lease`,
    botLeaseToken: `${own}:bot:lease:token`,
    gateways: `${prefix}:gateways`,
    control: `${prefix}:control`,
    delivery: (id) => `${prefix}:delivery:${id}`,
    webhookDb: (packageName) => `${prefix}:db:${packageName}:`,
    ciState: (source, repository, branch, workflow) => `${prefix}:ci:${[source, repository, branch, workflow].map(encodeURIComponent).join(":")}`,
    forNetwork: (other) => redisKeys(prefix, other),
  };
}
