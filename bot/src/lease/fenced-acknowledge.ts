import type { Redis, RedisKeys } from "@helga/shared";
import { DEAD_LETTER_MAXLEN } from "../outbox/dead-letter.js";
import type { Acknowledge } from "../outbox/outbox-consumer.js";
import type { BotLease } from "./bot-lease.js";
import { LeaseLostError } from "./lease-lost-error.js";
import { fencedAck } from "./lease-scripts.js";

/** The outbox consumer's ack, fenced: checked against the lease here, and the token again inside Redis. */
export function fencedAcknowledge(redis: Redis, keys: RedisKeys, lease: BotLease): Acknowledge {
  return async (ids, deadLetter = []) => {
    lease.check();
    const args = [lease.value ?? "", keys.outboxGroup, DEAD_LETTER_MAXLEN, ids.length, ...ids, ...deadLetter];
    const acked = await fencedAck(redis, [keys.botLease, keys.outbox, keys.deadLetter], args);
    if (acked !== 1) {
      const reason = "Redis holds another fencing token";
      lease.declareLost(reason);
      throw new LeaseLostError(reason);
    }
  };
}
