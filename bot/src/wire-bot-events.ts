import type { Logger, Settings } from "@helga/shared";
import type { BotParts } from "./build-bot-parts.js";
import { WebhooksCommand, type LastFailure } from "./commands/webhooks-command.js";
import { chatLines } from "./lines/command-lines.js";
import type { OutboxConsumer } from "./outbox/outbox-consumer.js";

export interface BotEventsOptions {
  readonly consumer: OutboxConsumer;
  readonly logger: Logger;
  readonly onLeaseLost: ((reason: string) => void) | undefined;
  /** The server's latest refusal, for `!webhooks status`. */
  readonly lastFailure: () => LastFailure | undefined;
}

/** Joins the parts' events: the lease to the consumer, IRC to `!webhooks`, both connections to metrics and state. */
export function wireBotEvents(settings: Settings, parts: BotParts, { consumer, logger, onLeaseLost, lastFailure }: BotEventsOptions): void {
  const { keys, consumerName, redis, lease, irc, metrics, sender, bus, state } = parts;
  lease.on("acquired", (token) => metrics.setLease(true, token));
  lease.on("lost", (reason) => {
    metrics.setLease(false, lease.token);
    void consumer.close();
    onLeaseLost?.(reason);
  });

  const webhooks = new WebhooksCommand({
    redis,
    keys,
    bus,
    operators: settings.operators,
    irc,
    activeBot: () => `${consumerName} (lease token ${lease.token ?? "?"})`,
    say: (target, text) => sender.sendAll(chatLines("msg", target, text)),
    act: (target, text) => sender.sendAll(chatLines("me", target, text)),
    lastFailure,
    logger,
  });
  irc.on("message", (message) => {
    webhooks.handle(message).catch((error: unknown) => {
      logger.warn({ err: error instanceof Error ? error.message : String(error), nick: message.nick }, "webhooks command failed");
    });
  });
  let ircWasUp = false;
  irc.on("registered", () => {
    if (ircWasUp) metrics.reconnected("irc");
    ircWasUp = true;
    metrics.setIrcConnected(true);
  });
  irc.on("disconnected", () => metrics.setIrcConnected(false));
  let redisWasUp = false;
  redis.on("ready", () => {
    if (redisWasUp) metrics.reconnected("redis");
    redisWasUp = true;
  });
  const publishState = () => void state.publish();
  for (const event of ["registered", "disconnected", "joined", "parted", "kicked", "nick", "loggedIn", "loginFailed"] as const) irc.on(event, publishState);
  irc.on("loginFailed", (method) => metrics.loginFailed(method));
}
