import type { Redis } from "ioredis";
import type { RedisKeys } from "@helga/shared";
import type { SourceEvent } from "./source-event.js";

type CiState = NonNullable<SourceEvent["state"]>;

/** Where only_changes keeps the last outcome per repository + branch + workflow. */
export interface CiStates {
  /** Stores `state` and returns the one stored before, in one step (two gateways cannot both see the old one). */
  swap(source: string, event: SourceEvent, state: CiState): Promise<CiState | undefined>;
}

/** Three months: a workflow silent for longer starts afresh (its first failure is announced again). */
const STATE_TTL_SECONDS = 90 * 86_400;

/** The gateway's store: one Redis key per workflow, shared by every gateway and kept across restarts. */
export function redisCiStates(redis: Redis, keys: RedisKeys): CiStates {
  return {
    async swap(source, event, state) {
      const key = keys.ciState(source, event.repository ?? "", event.branch ?? "", event.workflow ?? "");
      const previous = await redis.set(key, state, "EX", STATE_TTL_SECONDS, "GET");
      return previous === "success" || previous === "failure" ? previous : undefined;
    },
  };
}

/**
 * CI noise control: a failure is announced when the one before was not a failure; a success
 * only right after a failure, marked "fixed". Events without a CI outcome pass unchanged.
 */
export async function applyOnlyChanges(states: CiStates, source: string, event: SourceEvent): Promise<{ event: SourceEvent } | { silent: string }> {
  if (event.state === undefined) return { event };
  const previous = await states.swap(source, event, event.state);
  if (event.state === "failure") return previous === "failure" ? { silent: "still failing (only_changes)" } : { event };
  return previous === "failure" ? { event: { ...event, fixed: true } } : { silent: "still passing (only_changes)" };
}
