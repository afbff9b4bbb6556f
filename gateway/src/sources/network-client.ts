import type { WebhookClient } from "../api/types.js";

/**
 * The client that speaks on the entry's `network:` (undefined: the default network). Every
 * source sends through here, so that routing by network is this one function. Until the
 * gateway's client can address other networks (`client.network(name)`), the loader refuses
 * entries that name one, and this is the request's own client.
 */
export function networkClient(client: WebhookClient, _network: string | undefined): WebhookClient {
  return client;
}

/** Says every line in every channel, in order. */
export async function sendLines(client: WebhookClient, network: string | undefined, channels: readonly string[], lines: readonly string[]): Promise<void> {
  const speaker = networkClient(client, network);
  for (const channel of channels) for (const line of lines) await speaker.msg(channel, line);
}
