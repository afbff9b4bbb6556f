import type { WebhookClient } from "../../api/types.js";

/** The client that speaks on the entry's `network:` (undefined: the default network). */
export function networkClient(client: WebhookClient, network: string | undefined): WebhookClient {
  return network === undefined ? client : client.network(network);
}

/** Says every line in every channel, in order. */
export async function sendLines(client: WebhookClient, network: string | undefined, channels: readonly string[], lines: readonly string[]): Promise<void> {
  const speaker = networkClient(client, network);
  for (const channel of channels) for (const line of lines) await speaker.msg(channel, line);
}
