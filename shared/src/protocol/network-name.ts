/** The network a bot serves when NETWORK is not set; its Redis keys keep the names they had before networks existed. */
export const DEFAULT_NETWORK = "default";

/** Lower-case letters, digits, `-` and `_`: it becomes part of Redis key names. */
const NETWORK_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export const NETWORK_NAME_RULE = "1 to 32 lower-case letters, digits, '-' or '_', starting with a letter or digit";

export function isNetworkName(name: unknown): name is string {
  return typeof name === "string" && NETWORK_NAME.test(name);
}
