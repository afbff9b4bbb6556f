import { badTarget } from "../client/bad-target.js";
import { HttpError } from "../api/http-error.js";
import type { WebhookClient } from "../api/types.js";

/** One client call, as the test client recorded it. `text` is the message, join key or leave reason. */
export interface TestCall {
  readonly op: "msg" | "me" | "notice" | "join" | "leave";
  readonly target: string;
  readonly text?: string;
}

/** A recording `client`: calls are kept in `calls`; the bot's state is yours to set. */
export interface TestClient extends WebhookClient {
  readonly calls: TestCall[];
  nickname: string;
  channels: string[];
  operators: string[];
  connected: boolean;
}

export interface TestClientOptions {
  nickname?: string;
  channels?: string[];
  operators?: string[];
  connected?: boolean;
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
export function createTestClient({ nickname = "helga", channels = ["#bots"], operators = [], connected = true }: TestClientOptions = {}): TestClient {
  const calls: TestCall[] = [];
  const record = async (op: TestCall["op"], target: string, text: string | undefined, mustBeChannel: boolean) => {
    const problem = badTarget(target, mustBeChannel);
    if (problem) throw new HttpError(400, problem);
    calls.push(text === undefined ? { op, target } : { op, target, text });
  };
  return {
    calls,
    nickname,
    channels: [...channels],
    operators: [...operators],
    connected,
    msg: (target, text) => record("msg", target, String(text), false),
    me: (target, text) => record("me", target, String(text), false),
    notice: (target, text) => record("notice", target, String(text), false),
    join: (channel, key) => record("join", channel, key, true),
    leave: (channel, reason) => record("leave", channel, reason, true),
  };
}
