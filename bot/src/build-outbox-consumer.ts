import { createDeliveryTrail, isChannel, type Logger, type OutboxCommand, type Settings } from "@helga/shared";
import type { BotParts } from "./build-bot-parts.js";
import { ircLower } from "./irc/irc-lower.js";
import { fencedAcknowledge } from "./lease/fenced-acknowledge.js";
import { commandLines, UnsendableCommandError } from "./lines/command-lines.js";
import type { Rejection } from "./outbox/delivery-types.js";
import { OutboxConsumer, PermanentDeliveryError } from "./outbox/outbox-consumer.js";

/**
 * The outbox consumer, delivering each command as IRC lines through the flood sender, fenced
 * by the lease; `onRejected` hears each refusal the server sent back (after it is counted).
 */
export function buildOutboxConsumer(settings: Settings, parts: BotParts, logger: Logger, onRejected: (rejection: Rejection) => void): OutboxConsumer {
  const { keys, consumerName, redis, blocking, lease, irc, metrics, sender, echo } = parts;
  const deliver = async (command: OutboxCommand, id: string, session: number): Promise<number> => {
    let lines: string[];
    try {
      lines = commandLines(command);
    } catch (error) {
      if (error instanceof UnsendableCommandError) throw new PermanentDeliveryError(error.message);
      throw error;
    }
    // AUTO_JOIN: a channel we are not in is joined first, in the same batch, so its refusal (474 …) is this command's.
    if (settings.irc.autoJoin && command.op !== "join" && command.op !== "leave" && isChannel(command.target) && !irc.wants(command.target)) {
      irc.want(command.target);
      lines = [`JOIN ${command.target}`, ...lines];
    }
    await sender.sendAll(echo.label(lines, id, session), session);
    metrics.messageSent(command.op, command.queuedAt);
    if (command.op === "join") irc.want(command.channel);
    if (command.op === "leave") irc.unwant(command.channel);
    return lines.length;
  };
  return new OutboxConsumer({
    redis: blocking,
    commands: redis,
    keys,
    consumer: consumerName,
    maxAttempts: settings.outbox.maxAttempts,
    deliver,
    trail: createDeliveryTrail(keys, settings.trail),
    network: settings.network,
    confirm: (session) => echo.confirm(session),
    targetKey: (target) => ircLower(target, irc.casemapping),
    // Checked again after the wait, right before the reads: a replica that slept through
    // losing its lease must not take entries into its pending list.
    waitUntilReady: async () => {
      lease.check();
      if (!irc.ready) await new Promise<void>((resolve) => irc.once("ready", () => resolve()));
      lease.check();
      return irc.session;
    },
    guard: async () => lease.check(),
    acknowledge: fencedAcknowledge(redis, keys, lease),
    // A read blocked in Redis is answered before the lease can expire there, so whatever it
    // hands this replica is in the pending list before a new holder takes that list over.
    blockMs: Math.min(5_000, lease.marginMs),
    logger,
    onRetry: () => metrics.sendRetried(),
    onDeadLetter: () => metrics.deadLettered(),
    onResend: () => metrics.resent(),
    summariseAfter: settings.outbox.summariseAfter,
    maxUnconfirmed: settings.outbox.maxUnconfirmed,
    onSummarised: (count) => metrics.summarised(count),
    onRejected: (rejection) => {
      metrics.rejected(rejection.code, rejection.name);
      onRejected(rejection);
    },
  });
}
