import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRedis, createLogger, decodeOutboxCommand, readDeliveries, redisKeys, type BotState } from "@helga/shared";
import { isHttpError } from "../src/api/http-error.js";
import { createClientFactory } from "../src/client/create-client.js";
import { createReplicaWait } from "../src/client/wait-for-replicas.js";
import { startRedis, type RedisServer } from "../../test/harness/redis-server.js";

let server: RedisServer;
before(async () => {
  server = await startRedis();
});
after(async () => {
  await server.stop();
});

const logger = createLogger("test", "silent");
let prefixCount = 0;

async function setup(outboxMax = 100, state?: BotState, networks: Readonly<Record<string, BotState | undefined>> = {}, minReplicas = 0) {
  const redis = createRedis(server.url, { name: "test-client", logger, failFast: true });
  await redis.connect();
  const keys = redisKeys(`t${++prefixCount}`);
  const known = new Map(Object.entries({ default: state, ...networks }));
  const replicas = minReplicas > 0 ? { replicas: createReplicaWait(redis, { minReplicas, timeoutMs: 100 }) } : {};
  const factory = createClientFactory({ redis, keys, outboxMax, trail: { max: 100, maxAgeSeconds: 3600 }, networks: () => known, now: () => 1_000, ...replicas });
  const client = factory({ requestId: "req-1", webhook: "hooky" });
  const entries = async (network = "default") =>
    (await server.client.xrange(keys.forNetwork(network).outbox, "-", "+")).map(([, fields]) => decodeOutboxCommand(fields[1] ?? ""));
  return { redis, client, entries, keys };
}

async function rejection(promise: Promise<unknown>): Promise<{ status: number; message: string; headers: Readonly<Record<string, string>> }> {
  const error = await promise.then(
    () => assert.fail("expected a rejection"),
    (e: unknown) => e,
  );
  assert.ok(isHttpError(error), `not an HttpError: ${String(error)}`);
  return error;
}

test("each call appends one command with request id, webhook and time, in order", async () => {
  const { redis, client, entries } = await setup();
  await client.msg("#bots", "☃ ünïcødé ✓");
  await client.me("#bots", "waves");
  await client.notice("someone", "psst");
  await client.join("#new", "sekrit");
  await client.join("#open");
  await client.leave("#new", "bye");
  await client.leave("#open");
  const meta = { requestId: "req-1", webhook: "hooky", queuedAt: 1_000 };
  assert.deepEqual(await entries(), [
    { op: "msg", target: "#bots", text: "☃ ünïcødé ✓", ...meta },
    { op: "me", target: "#bots", text: "waves", ...meta },
    { op: "notice", target: "someone", text: "psst", ...meta },
    { op: "join", channel: "#new", key: "sekrit", ...meta },
    { op: "join", channel: "#open", ...meta },
    { op: "leave", channel: "#new", reason: "bye", ...meta },
    { op: "leave", channel: "#open", ...meta },
  ]);
  redis.disconnect();
});

test("each queued command is in the delivery trail as queued, with its target and the start of its text", async () => {
  const { redis, keys, client } = await setup();
  await client.msg("#bots", "x".repeat(150));
  await client.join("#new", "sekrit");
  const { deliveries } = await readDeliveries(redis, keys, { limit: 10 });
  const [stream] = await server.client.xrange(keys.outbox, "-", "+", "COUNT", 1);
  assert.deepEqual(
    deliveries.map(({ id, status, requestId, webhook, op, target, text }) => ({ id, status, requestId, webhook, op, target, text })),
    [
      { id: deliveries[0]!.id, status: "queued", requestId: "req-1", webhook: "hooky", op: "join", target: "#new", text: "" },
      { id: stream![0], status: "queued", requestId: "req-1", webhook: "hooky", op: "msg", target: "#bots", text: "x".repeat(100) },
    ],
  );
  assert.deepEqual(deliveries.map((delivery) => delivery.acceptedAt), [1_000, 1_000], "the command's queuedAt");
  redis.disconnect();
});

test("bad targets reject with 400 and the reason, and queue nothing", async () => {
  const { redis, client, entries } = await setup();
  const cases: Array<[Promise<void>, RegExp]> = [
    [client.msg("#a,#b", "x"), /space or comma/],
    [client.msg("", "x"), /empty/],
    [client.notice("bad nick", "x"), /space or comma/],
    [client.join("nick"), /not a channel/],
    [client.leave("#a\r\nQUIT", "x"), /control character/],
  ];
  for (const [call, message] of cases) {
    const error = await rejection(call);
    assert.equal(error.status, 400);
    assert.match(error.message, message);
  }
  assert.deepEqual(await entries(), []);
  redis.disconnect();
});

test("a full outbox rejects with 503 and Retry-After, and stays at its limit", async () => {
  const { redis, client, entries } = await setup(2);
  await client.msg("#bots", "1");
  await client.msg("#bots", "2");
  const error = await rejection(client.msg("#bots", "3"));
  assert.equal(error.status, 503);
  assert.equal(error.message, "IRC outbox is full; retry later");
  assert.equal(error.headers["retry-after"], "5");
  assert.equal((await entries()).length, 2);
  redis.disconnect();
});

test("Redis down rejects at once with 503 and Retry-After", async () => {
  const { redis, client } = await setup();
  redis.disconnect();
  const started = Date.now();
  const error = await rejection(client.msg("#bots", "lost"));
  assert.equal(error.status, 503);
  assert.equal(error.message, "Redis is unavailable; retry later");
  assert.equal(error.headers["retry-after"], "5");
  assert.ok(Date.now() - started < 1_000);
});

test("REDIS_MIN_REPLICAS unmet: 503 with Retry-After once WAIT times out, never a resolved call", async () => {
  // This server has no replica: WAIT answers 0 after its timeout.
  const { redis, client, entries } = await setup(100, undefined, {}, 1);
  const calls = await Promise.allSettled([client.msg("#bots", "a"), client.msg("#bots", "b")]);
  for (const call of calls) {
    assert.equal(call.status, "rejected");
    const error: unknown = call.reason;
    assert.ok(isHttpError(error));
    assert.equal(error.status, 503);
    assert.equal(error.message, "Redis replicas did not confirm the command in time; retry later");
    assert.equal(error.headers["retry-after"], "5");
  }
  assert.equal((await entries()).length, 2, "queued on the master all the same: a 503 means maybe, a 2xx means surely");
  assert.equal(await redis.wait(0, 0), 0);
  redis.disconnect();
});

test("read-only fields follow the bot's latest state", async () => {
  const state: BotState = { connected: true, nickname: "helga", channels: ["#bots"], operators: ["admin"], updatedAt: 1 };
  const { redis, client } = await setup(10, state);
  assert.equal(client.nickname, "helga");
  assert.deepEqual(client.channels, ["#bots"]);
  assert.deepEqual(client.operators, ["admin"]);
  assert.equal(client.connected, true);
  const { redis: other, client: blind } = await setup(10, undefined);
  assert.equal(blind.nickname, "");
  assert.equal(blind.connected, false);
  redis.disconnect();
  other.disconnect();
});

test("client.network(name) writes to that network's outbox and reads that network's bot", async () => {
  const oftcState: BotState = { connected: true, nickname: "helga-oftc", channels: ["#ops"], operators: [], updatedAt: 1 };
  const { redis, client, entries, keys } = await setup(10, undefined, { oftc: oftcState });
  const oftc = client.network("oftc");
  await oftc.msg("#ops", "to oftc");
  await client.msg("#bots", "to default");
  await oftc.network("default").msg("#bots", "back to default");
  assert.equal(oftc.nickname, "helga-oftc");
  assert.equal(oftc.connected, true);
  assert.equal(client.connected, false);
  assert.equal(client.network("default"), client);
  const meta = { requestId: "req-1", webhook: "hooky", queuedAt: 1_000 };
  assert.deepEqual(await entries("oftc"), [{ op: "msg", target: "#ops", text: "to oftc", ...meta }]);
  assert.deepEqual(await entries(), [
    { op: "msg", target: "#bots", text: "to default", ...meta },
    { op: "msg", target: "#bots", text: "back to default", ...meta },
  ]);
  assert.equal(keys.forNetwork("oftc").outbox, `${keys.outbox.replace(/:outbox$/, "")}:net:oftc:outbox`);
  redis.disconnect();
});

test("client.network(name) of a network no bot serves throws an error naming it and the known ones", async () => {
  const { redis, client, entries } = await setup(10, undefined, { oftc: undefined });
  assert.throws(() => client.network("libera"), { name: "UnknownNetworkError", message: 'Unknown IRC network "libera": no bot with NETWORK=libera has started (known: default, oftc)' });
  assert.throws(() => client.network("Bad Name"), /Invalid IRC network name "Bad Name"/);
  assert.deepEqual(await entries(), []);
  redis.disconnect();
});
