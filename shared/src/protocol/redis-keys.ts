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
  /** Sorted set of the delivery trail: outbox entry id, scored by the time the gateway accepted it (ms). */
  readonly trail: string;
  /** Hash of one delivery in the trail, by its outbox entry id. */
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
    trailEntry: (outboxId) => `${prefix}:trail:entry:${outboxId}`,
    trailMinute: (minute) => `${prefix}:trail:minute:${minute}`,
    delivery: (id) => `${prefix}:delivery:${id}`,
    webhookDb: (packageName) => `${prefix}:db:${packageName}:`,
  };
}
