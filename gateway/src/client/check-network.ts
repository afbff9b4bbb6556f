import { isNetworkName, NETWORK_NAME_RULE } from "@helga/shared";

/** `client.network(name)` named a network no bot serves: a deployment mistake, so the route answers 500 and the log says which. */
export class UnknownNetworkError extends Error {
  override name = "UnknownNetworkError";
}

/**
 * The name, when `client.network(name)` may write to it: a valid network name and, when
 * `known` is given, one of those (the networks whose bot has started).
 */
export function checkNetwork(name: unknown, known?: readonly string[]): string {
  if (!isNetworkName(name)) throw new UnknownNetworkError(`Invalid IRC network name ${JSON.stringify(name)}: ${NETWORK_NAME_RULE}`);
  if (known && !known.includes(name)) {
    throw new UnknownNetworkError(`Unknown IRC network "${name}": no bot with NETWORK=${name} has started (known: ${[...known].sort().join(", ")})`);
  }
  return name;
}
