import { describeBadTarget, isChannel } from "@helga/shared";

/** Why a client call's target is refused (a 400 for the caller), or undefined when it is fine. */
export function badTarget(target: unknown, mustBeChannel: boolean): string | undefined {
  if (typeof target !== "string") return `IRC target must be a string, got ${typeof target}`;
  const problem = describeBadTarget(target);
  if (problem) return problem;
  return mustBeChannel && !isChannel(target) ? `IRC target ${JSON.stringify(target)} is not a channel (#name)` : undefined;
}
