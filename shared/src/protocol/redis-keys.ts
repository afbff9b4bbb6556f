/**
 * Every Redis name the two services share, in one place, so a rename cannot split them.
 * A prefix lets several deployments (or test runs) share one Redis.
 */
export interface RedisKeys {
  /** Stream of IRC commands, appended by gateways, consumed in order by the bot. */
  readonly outbox: string;
  /** Stream of commands that failed validation or that IRC kept rejecting. */
  readonly deadLetter: string;
  /** Consumer group of the bot on the outbox stream. */
  readonly outboxGroup: string;
  /** "1" or "0": webhooks on or off, persisted so it survives restarts. Absent means on. */
  readonly webhooksEnabled: string;
  /** JSON BotState, last reported by the bot. */
  readonly botState: string;
  /** Hash: gateway id → JSON GatewayReport, refreshed by each gateway's heartbeat. */
  readonly gateways: string;
  /** Pub/sub channel for ControlEvent messages. */
  readonly control: string;
  /**
   * Sorted set of the delivery trail: outbox entry ids in their sortableStreamId form, scored by
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
}

export function redisKeys(prefix = "helga"): RedisKeys {
  return {
    outbox: `${prefix}:outbox`,
    deadLetter: `${prefix}:outbox:dead`,
    outboxGroup: "bot",
    webhooksEnabled: `${prefix}:webhooks:enabled`,
    botState: `${prefix}:bot:state`,
    gateways: `${prefix}:gateways`,
    control: `${prefix}:control`,
    trail: `${prefix}:trail`,
    trailEntry: (outboxId) => `${prefix}:trail:entry:${sortableStreamId(outboxId)}`,
    trailMinute: (minute) => `${prefix}:trail:minute:${minute}`,
    delivery: (id) => `${prefix}:delivery:${id}`,
    webhookDb: (packageName) => `${prefix}:db:${packageName}:`,
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
