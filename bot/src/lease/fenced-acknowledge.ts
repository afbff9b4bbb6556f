import { OUTBOX_FIELD, type Redis, type RedisKeys } from "@helga/shared";
import type { Acknowledge } from "../outbox/outbox-consumer.js";
import type { BotLease } from "./bot-lease.js";
import { LeaseLostError } from "./lease-lost-error.js";
import { fencedAck } from "./lease-scripts.js";

/** The outbox consumer's ack, fenced: checked against the lease here, and the token again inside Redis. */
export function fencedAcknowledge(redis: Redis, keys: RedisKeys, lease: BotLease, deadLetterMaxLen: number): Acknowledge {
  return async (id, deadLetter) => {
    lease.check();
    const value = lease.value ?? "";
    const extra = deadLetter ? [OUTBOX_FIELD, deadLetter.payload, deadLetter.reason, deadLetterMaxLen] : [];
    const acked = await fencedAck(redis, [keys.botLease, keys.outbox, keys.deadLetter], [value, keys.outboxGroup, id, ...extra]);
    if (acked !== 1) {
      const reason = "Redis holds another fencing token";
      lease.declareLost(reason);
      throw new LeaseLostError(reason);
    }
  };
}
