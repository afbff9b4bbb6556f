import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  appendCommand,
  createDeliveryTrail,
  encodeOutboxCommand,
  plainStreamId,
  readDeliveries,
  sortableStreamId,
  readMinuteCounts,
  redisKeys,
  trailFields,
  type OutboxCommand,
  type RedisKeys,
  type TrailLimits,
} from "../src/index.js";
import { startRedis, type RedisServer } from "../../test/harness/index.js";

describe("delivery trail against a real Redis", () => {
  let server: RedisServer;
  let run = 0;
  before(async () => {
    server = await startRedis();
  });
  after(() => server.stop());

  const fresh = (): RedisKeys => redisKeys(`trail${++run}`);
  const command = (n: number, target = "#bots", webhook = "hooky"): OutboxCommand => ({ op: "msg", target, text: `message ${n}`, requestId: `req-${n}`, queuedAt: 1_000 + n, webhook });
  const append = (keys: RedisKeys, limits: TrailLimits, cmd: OutboxCommand, now = Date.now()) =>
    appendCommand(server.client, keys, limits, { payload: encodeOutboxCommand(cmd), fields: trailFields(cmd), now, outboxMax: 1_000 });
  const limits = { max: 100, maxAgeSeconds: 3_600 };

  it("records sent, failed and dead-lettered fates in the caller's pipeline, and counts them per minute", async () => {
    const keys = fresh();
    const [a, b, c] = [await append(keys, limits, command(1)), await append(keys, limits, command(2, "#ops")), await append(keys, limits, command(3))];
    const at = 1_800_000_000_000;
    const trail = createDeliveryTrail(keys, limits, () => at);
    await trail.sent(server.client.multi().xack(keys.outbox, "bot", a!), a!, { lines: 2, network: "irc.test" }).exec();
    await trail.failed(server.client.pipeline(), b!, "404 Cannot send to channel").exec();
    await trail.failed(server.client.pipeline(), b!, "404 Cannot send to channel").exec();
    await trail.deadLettered(server.client.pipeline(), b!, "404 Cannot send to channel").exec();
    const { deliveries } = await readDeliveries(server.client, keys, { limit: 10 });
    assert.deepEqual(deliveries.map(({ id, status }) => [id, status]), [[c, "queued"], [b, "dead"], [a, "sent"]]);
    assert.deepEqual(
      { ...deliveries[2], acceptedAt: 0 },
      { id: a, status: "sent", acceptedAt: 0, requestId: "req-1", webhook: "hooky", op: "msg", target: "#bots", text: "message 1", sentAt: at, lines: 2, network: "irc.test" },
    );
    assert.equal(deliveries[1]!.attempts, 2);
    assert.equal(deliveries[1]!.reason, "404 Cannot send to channel");
    assert.equal(deliveries[1]!.failedAt, at);
    const minutes = await readMinuteCounts(server.client, keys, 3, at + 30_000);
    assert.deepEqual(minutes.at(-1), { at: Math.floor(at / 60_000) * 60_000, sent: 1, failed: 2, dead: 1 });
    assert.deepEqual(minutes.slice(0, 2).map(({ sent, failed, dead }) => sent + failed + dead), [0, 0]);
  });

  it("filters by webhook, target (any case), status and request id, and pages newest first", async () => {
    const keys = fresh();
    for (let n = 1; n <= 7; n++) await append(keys, limits, command(n, n % 2 ? "#Odd" : "#even", n <= 3 ? "early" : "late"));
    const page = async (query: Parameters<typeof readDeliveries>[2]) => {
      const result = await readDeliveries(server.client, keys, query);
      return { ids: result.deliveries.map((delivery) => delivery.requestId), next: result.next };
    };
    assert.deepEqual((await page({ limit: 10, target: "#odd" })).ids, ["req-7", "req-5", "req-3", "req-1"]);
    assert.deepEqual((await page({ limit: 10, webhook: "early" })).ids, ["req-3", "req-2", "req-1"]);
    assert.deepEqual((await page({ limit: 10, requestId: "req-4" })).ids, ["req-4"]);
    assert.deepEqual((await page({ limit: 10, status: "sent" })).ids, []);
    const first = await page({ limit: 3 });
    assert.deepEqual(first.ids, ["req-7", "req-6", "req-5"]);
    const second = await page({ limit: 3, after: first.next! });
    assert.deepEqual(second.ids, ["req-4", "req-3", "req-2"]);
    const last = await page({ limit: 3, after: second.next! });
    assert.deepEqual(last, { ids: ["req-1"], next: undefined });
    const filtered = await page({ limit: 2, target: "#ODD" });
    assert.deepEqual([filtered.ids, (await page({ limit: 2, target: "#odd", after: filtered.next! })).ids], [["req-7", "req-5"], ["req-3", "req-1"]]);
  });

  it("keeps at most `max` deliveries: older ones leave the index and their hashes go with them", async () => {
    const keys = fresh();
    const small = { max: 5, maxAgeSeconds: 3_600 };
    const ids: string[] = [];
    for (let n = 1; n <= 12; n++) ids.push((await append(keys, small, command(n)))!);
    assert.equal(await server.client.zcard(keys.trail), 5);
    assert.deepEqual((await server.client.zrange(keys.trail, 0, -1)).map(plainStreamId), ids.slice(-5));
    const hashes = await server.client.keys(keys.trailEntry("*"));
    assert.deepEqual(hashes.sort(), ids.slice(-5).map((id) => keys.trailEntry(id)).sort());
    // A late fate for a trimmed delivery is counted in its minute, but does not bring the hash back.
    await createDeliveryTrail(keys, small).sent(server.client.pipeline(), ids[0]!, { lines: 1, network: "n" }).exec();
    assert.equal(await server.client.exists(keys.trailEntry(ids[0]!)), 0);
    assert.ok((await server.client.ttl(keys.trailEntry(ids[11]!))) > 3_500, "every hash carries the age limit as its TTL");
  });

  it("drops deliveries older than maxAgeSeconds as newer ones arrive", async () => {
    const keys = fresh();
    const short = { max: 100, maxAgeSeconds: 60 };
    const t = 1_800_000_000_000;
    const old = await append(keys, short, command(1), t);
    await append(keys, short, command(2), t + 30_000);
    await append(keys, short, command(3), t + 61_000);
    assert.deepEqual((await readDeliveries(server.client, keys, { limit: 10 })).deliveries.map((d) => d.requestId), ["req-3", "req-2"]);
    assert.equal(await server.client.exists(keys.trailEntry(old!)), 0);
  });

  it("pads stream ids so one millisecond's ids sort as text, and back", () => {
    const ids = ["1733-9", "1733-10", "1733-100", "999-0"];
    assert.deepEqual(ids.map(sortableStreamId).sort().map(plainStreamId), ["999-0", "1733-9", "1733-10", "1733-100"]);
    assert.equal(plainStreamId(sortableStreamId("0-0")), "0-0");
    assert.equal(sortableStreamId("*"), "*");
  });

  it("writes nothing when the trail is off (max 0), and the outbox still gets the command", async () => {
    const keys = fresh();
    const off = { max: 0, maxAgeSeconds: 60 };
    const id = await append(keys, off, command(1));
    await createDeliveryTrail(keys, off).sent(server.client.pipeline().ping(), id!, { lines: 1, network: "n" }).exec();
    assert.equal(await server.client.xlen(keys.outbox), 1);
    assert.deepEqual(await server.client.keys(`${keys.trail}*`), []);
  });

  it("refuses an append to a full outbox, and records nothing for it", async () => {
    const keys = fresh();
    const cmd = command(1);
    const input = { payload: encodeOutboxCommand(cmd), fields: trailFields(cmd), now: Date.now(), outboxMax: 1 };
    assert.notEqual(await appendCommand(server.client, keys, limits, input), null);
    assert.equal(await appendCommand(server.client, keys, limits, input), null);
    assert.equal(await server.client.zcard(keys.trail), 1);
  });
});
