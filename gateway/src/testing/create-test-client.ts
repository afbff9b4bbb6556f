import { badTarget } from "../client/bad-target.js";
import { checkNetwork } from "../client/check-network.js";
import { DEFAULT_NETWORK } from "@helga/shared";
import { HttpError } from "../api/http-error.js";
import type { WebhookClient } from "../api/types.js";

/**
 * One client call, as the test client recorded it. `text` is the message, join key or leave
 * reason; `network` is set only for calls through `client.network(name)` to a non-default network.
 */
export interface TestCall {
  readonly op: "msg" | "me" | "notice" | "join" | "leave";
  readonly target: string;
  readonly text?: string;
  readonly network?: string;
}

/** A recording `client`: calls are kept in `calls`; the bot's state is yours to set. */
export interface TestClient extends WebhookClient {
  readonly calls: TestCall[];
  nickname: string;
  channels: string[];
  operators: string[];
  connected: boolean;
  /** A recording client for that network, sharing `calls`; its calls carry `network`. */
  network(name: string): TestClient;
}

export interface TestClientOptions {
  nickname?: string;
  channels?: string[];
  operators?: string[];
  connected?: boolean;
  /** Networks `client.network(name)` accepts besides "default", as the gateway would; default: any valid name. */
  networks?: string[];
}

/**
 * A client that records what a handler asks the bot to do, and checks targets like the
 * gateway does (a bad target rejects with an HttpError 400, so the route answers 400).
 *
 * @example
 * const client = createTestClient({ channels: ["#bots"] });
 * await handler(request, client, {});
 * assert.deepEqual(client.calls, [{ op: "msg", target: "#bots", text: "hi" }]);
 */
export function createTestClient({ nickname = "helga", channels = ["#bots"], operators = [], connected = true, networks }: TestClientOptions = {}): TestClient {
  const calls: TestCall[] = [];
  const known = networks && [DEFAULT_NETWORK, ...networks];
  const clients = new Map<string, TestClient>();
  const clientFor = (network: string): TestClient => {
    const existing = clients.get(network);
    if (existing) return existing;
    const record = async (op: TestCall["op"], target: string, text: string | undefined, mustBeChannel: boolean) => {
      const problem = badTarget(target, mustBeChannel);
      if (problem) throw new HttpError(400, problem);
      calls.push({ op, target, ...(text === undefined ? {} : { text }), ...(network === DEFAULT_NETWORK ? {} : { network }) });
    };
    const client: TestClient = {
      calls,
      nickname,
      channels: [...channels],
      operators: [...operators],
      connected,
      network: (name) => clientFor(checkNetwork(name, known)),
      msg: (target, text) => record("msg", target, String(text), false),
      me: (target, text) => record("me", target, String(text), false),
      notice: (target, text) => record("notice", target, String(text), false),
      join: (channel, key) => record("join", channel, key, true),
      leave: (channel, reason) => record("leave", channel, reason, true),
    };
    clients.set(network, client);
    return client;
  };
  return clientFor(DEFAULT_NETWORK);
}
