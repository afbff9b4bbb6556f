import type { DeliveryTrail, Logger, OutboxCommand, Redis, RedisKeys } from "@helga/shared";

/** A command that can never be sent as it stands: it goes to the dead-letter stream at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/** The IRC server refused a line to `target` (an error numeric before the fence's PONG). */
export interface Rejection {
  readonly target: string;
  readonly code: string;
  /** A short name, e.g. "banned". */
  readonly name: string;
  /** The server's words, e.g. "Cannot send to channel". */
  readonly reason: string;
  /** True when retrying cannot help (banned, no such nick); false while it may pass. */
  readonly permanent: boolean;
  /** The outbox entry whose line was refused, when the server labelled its answer (labeled-response); else the target decides. */
  readonly entryId?: string;
}

/**
 * Marks entries done: XACK + XDEL (so XLEN is the backlog); with `deadLetter` (the fields of
 * deadLetterFields, for one id), appends that entry to the dead-letter stream first, in the
 * same step. A standby lease replaces it with a version that checks its fencing token in Redis.
 */
export type Acknowledge = (ids: readonly string[], deadLetter?: readonly string[]) => Promise<void>;

export interface OutboxConsumerOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it while waiting. Open it with createRedis `resendUnanswered: false`. */
  readonly redis: Redis;
  /** A non-blocking connection for acks, claims and dead letters (default: `redis`). */
  readonly commands?: Redis;
  readonly keys: RedisKeys;
  /** Consumer name in the group; a restarted bot with the same name re-reads its own pending entries. */
  readonly consumer: string;
  /** Deliveries of one entry before it moves to the dead-letter stream. */
  readonly maxAttempts: number;
  /** Resolves when IRC takes lines, with the session (connection) they will be written on. */
  readonly waitUntilReady: () => Promise<number>;
  /** Writes a command's lines on `session`; resolves with their count once the last is written. Throw PermanentDeliveryError to dead-letter it. */
  readonly deliver: (command: OutboxCommand, id: string, session: number) => Promise<number>;
  /** Resolves once the server has read every line written on `session` so far, with what it refused; rejects when it never will. */
  readonly confirm: (session: number) => Promise<readonly Rejection[]>;
  /** The key a target is queued under (IRC case folding). */
  readonly targetKey?: (target: string) => string;
  /** Checked before each write and each ack (e.g. a standby lease): throw to hold off; the entries stay pending. */
  readonly guard?: () => Promise<void>;
  /** How entries are acked and dead-lettered (default: one MULTI each, unfenced). */
  readonly acknowledge?: Acknowledge;
  readonly logger: Logger;
  /** Entries per read. */
  readonly batchSize?: number;
  readonly blockMs?: number;
  /** Entries held in memory across all targets; reading pauses past it. */
  readonly maxQueued?: number;
  /** Lines written before a PING fence closes the batch (it also closes when nothing else is waiting). */
  readonly fenceLines?: number;
  /** Entries written whose PING fence is not yet answered, at most (MAX_UNCONFIRMED): a lost connection re-sends no more than these. */
  readonly maxUnconfirmed?: number;
  /** While lines wait, new entries are looked for at least this often. */
  readonly pollMs?: number;
  /** Pending entries idle this long are claimed (a dead bot's). */
  readonly claimIdleMs?: number;
  /** A blocking read that has not returned this long after its BLOCK is taken for hung (BullMQ #4479). */
  readonly watchdogGraceMs?: number;
  /** Pause after a failed delivery, and before a refused command's retry. */
  readonly retryDelayMs?: number;
  /** How long close() waits for fences in flight to be answered. */
  readonly closeGraceMs?: number;
  /** A delivery failed and will be retried (metrics). */
  readonly onRetry?: () => void;
  /** An entry moved to the dead-letter stream (metrics). */
  readonly onDeadLetter?: () => void;
  /** An entry written on a connection that died before the server confirmed it was written again: it may show twice. */
  readonly onResend?: () => void;
  /** The server refused a command (metrics, `!webhooks status`). */
  readonly onRejected?: (rejection: Rejection) => void;
  /** More entries than this waiting for one target collapse into one "… and N more" line; 0 never. */
  readonly summariseAfter?: number;
  /** A summary line went out in place of `count` commands (metrics). */
  readonly onSummarised?: (count: number) => void;
  /** Records each command's fate in the delivery trail, its writes sent beside the ack or the dead-lettering. */
  readonly trail?: DeliveryTrail;
  /** The IRC network the trail names for sent commands. */
  readonly network?: string;
}

/** An outbox entry in its target's queue. */
export interface Item {
  readonly id: string;
  readonly payload: string;
  readonly command: OutboxCommand;
  readonly target: string;
  readonly key: string;
  /** Deliveries so far, this one included. */
  attempts: number;
  /** For a summary line: the entries it stands for (they are acked or dead-lettered with it). Empty otherwise. */
  readonly folded: Item[];
  /** Lines its last delivery wrote (for the delivery trail). */
  lines: number;
}
