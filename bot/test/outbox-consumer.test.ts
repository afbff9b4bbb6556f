import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { randomUUID } from "node:crypto";
import {
  appendCommand,
  createDeliveryTrail,
  createLogger,
  createRedis,
  encodeOutboxCommand,
  OUTBOX_FIELD,
  readDeliveries,
  redisKeys,
  trailFields,
  type OutboxCommand,
  type Redis,
} from "@helga/shared";
import { startRedis, waitUntil, type RedisServer } from "../../test/harness/index.js";
import { OutboxConsumer, PermanentDeliveryError, type Rejection } from "../src/outbox/outbox-consumer.js";

const logger = createLogger("test", "silent");
let server: RedisServer;
before(async () => {
  server = await startRedis();
});
after(async () => {
  await server?.stop();
});

const msg = (text: string): Extract<OutboxCommand, { op: "msg" }> => ({ op: "msg", target: "#chan", text, requestId: randomUUID(), queuedAt: Date.now() });

async function consumerFor(
  deliver: (command: OutboxCommand) => Promise<void>,
  extra: { consumer?: string; maxAttempts?: number; claimIdleMs?: number; confirm?: () => Promise<readonly Rejection[]> } = {},
) {
  const keys = redisKeys(`t${randomUUID().slice(0, 8)}`);
  const redis: Redis = createRedis(server.url, { name: "test-outbox", logger });
  await redis.connect();
  const consumer = new OutboxConsumer({
    redis,
    keys,
    consumer: extra.consumer ?? "bot",
    maxAttempts: extra.maxAttempts ?? 3,
    deliver: async (command) => {
      await deliver(command);
      return 1;
    },
    trail: createDeliveryTrail(keys, { max: 100, maxAgeSeconds: 3_600 }),
    network: "irc.test",
    confirm: extra.confirm ?? (() => Promise.resolve([])),
    waitUntilReady: () => Promise.resolve(1),
    logger,
    blockMs: 200,
    retryDelayMs: 10,
    ...(extra.claimIdleMs !== undefined ? { claimIdleMs: extra.claimIdleMs } : {}),
  });
  return { keys, consumer };
}

test("sends queued commands in order and deletes them once sent, including those queued before it started", async () => {
  const sent: string[] = [];
  const { keys, consumer } = await consumerFor(async (command) => void sent.push(command.op === "msg" ? command.text : command.op));
  const db = server.client;
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("early")));
  await consumer.start();
  for (let i = 0; i < 20; i++) await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg(`m${i}`)));
  await waitUntil("all sent", () => sent.length === 21);
  assert.deepEqual(sent, ["early", ...Array.from({ length: 20 }, (_, i) => `m${i}`)]);
  await waitUntil("stream emptied", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
  await consumer.close();
});

test("invalid and unsendable commands go to the dead-letter stream without blocking the queue", async () => {
  const sent: string[] = [];
  const { keys, consumer } = await consumerFor(async (command) => {
    if (command.op === "msg" && command.text === "unsendable") throw new PermanentDeliveryError("cannot send");
    sent.push(command.op === "msg" ? command.text : command.op);
  });
  const db = server.client;
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, "{not json");
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, JSON.stringify({ op: "msg", target: "#a,#b", text: "x", requestId: "r", queuedAt: 1 }));
  await db.xadd(keys.outbox, "*", "other", "x");
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("unsendable")));
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("fine")));
  await consumer.start();
  await waitUntil("fine sent", () => sent.includes("fine"));
  const dead = await db.xrange(keys.deadLetter, "-", "+");
  assert.equal(dead.length, 4);
  assert.equal(dead[0]?.[1][1], "{not json");
  assert.match(dead[1]?.[1].join(" ") ?? "", /reason invalid command/);
  assert.match(dead[3]?.[1].join(" ") ?? "", /reason cannot send/);
  await waitUntil("outbox emptied", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
});

test("a command that keeps failing is retried, then dead-lettered after maxAttempts; later ones still go", async () => {
  const tries = new Map<string, number>();
  const sent: string[] = [];
  const { keys, consumer } = await consumerFor(async (command) => {
    const text = command.op === "msg" ? command.text : "";
    tries.set(text, (tries.get(text) ?? 0) + 1);
    if (text === "flaky" && (tries.get(text) ?? 0) < 2) throw new Error("connection dropped");
    if (text === "doomed") throw new Error("connection dropped");
    sent.push(text);
  }, { maxAttempts: 3 });
  const db = server.client;
  for (const text of ["flaky", "doomed", "after"]) {
    const command = msg(text);
    await appendCommand(db, keys, { max: 100, maxAgeSeconds: 3_600 }, { payload: encodeOutboxCommand(command), fields: trailFields(command), now: Date.now(), outboxMax: 100 });
  }
  await consumer.start();
  await waitUntil("after sent", () => sent.includes("after"));
  assert.deepEqual(sent, ["flaky", "after"]);
  assert.equal(tries.get("doomed"), 3);
  const dead = await db.xrange(keys.deadLetter, "-", "+");
  assert.equal(dead.length, 1);
  assert.match(dead[0]?.[1].join(" ") ?? "", /not delivered after 3 attempts/);
  await consumer.close();
  // The trail tells the same story: each fate recorded with the ack or the dead-lettering.
  const trail = (await readDeliveries(db, keys, { limit: 10 })).deliveries;
  assert.deepEqual(trail.map(({ text, status, attempts, reason, lines, network }) => ({ text, status, attempts, reason, lines, network })), [
    { text: "after", status: "sent", attempts: undefined, reason: undefined, lines: 1, network: "irc.test" },
    { text: "doomed", status: "dead", attempts: 3, reason: "not delivered after 3 attempts", lines: undefined, network: undefined },
    { text: "flaky", status: "sent", attempts: 1, reason: "connection dropped", lines: 1, network: "irc.test" },
  ]);
});

test("the trail records a refusal the server may get over as failed, and a ban as dead, with the server's reason", async () => {
  const written: string[] = [];
  let confirms = 0;
  const { keys, consumer } = await consumerFor(async (command) => void written.push(command.op === "msg" ? command.text : ""), {
    maxAttempts: 3,
    // First fence: #wait not yet joined (may pass later), #banned banned (cannot pass); then all is well.
    confirm: async () => (++confirms === 1
      ? [{ target: "#wait", code: "404", name: "cannot send", reason: "Cannot send to channel", permanent: false }, { target: "#banned", code: "474", name: "banned", reason: "Cannot join channel (+b)", permanent: true }]
      : []),
  });
  const db = server.client;
  for (const target of ["#wait", "#banned"]) {
    const command: OutboxCommand = { op: "msg", target, text: `to ${target}`, requestId: randomUUID(), queuedAt: Date.now() };
    await appendCommand(db, keys, { max: 100, maxAgeSeconds: 3_600 }, { payload: encodeOutboxCommand(command), fields: trailFields(command), now: Date.now(), outboxMax: 100 });
  }
  await consumer.start();
  const status = async () => Object.fromEntries((await readDeliveries(db, keys, { limit: 10 })).deliveries.map((d) => [d.target, [d.status, d.attempts, d.reason]]));
  await waitUntil("both fates recorded", async () => (await status())["#wait"]?.[0] === "sent" && (await status())["#banned"]?.[0] === "dead");
  assert.deepEqual(await status(), {
    "#wait": ["sent", 1, "404 Cannot send to channel"],
    "#banned": ["dead", undefined, "474 Cannot join channel (+b)"],
  });
  await consumer.close();
});

test("entries read in one batch behind a failed one are not charged an attempt they never had", async () => {
  const sent: string[] = [];
  const { keys, consumer } = await consumerFor(async (command) => {
    const text = command.op === "msg" ? command.text : "";
    if (text === "fails") throw new Error("connection dropped");
    sent.push(text);
  }, { maxAttempts: 1 });
  const db = server.client;
  for (const text of ["fails", "a", "b"]) await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg(text)));
  await consumer.start();
  await waitUntil("b sent", () => sent.includes("b"));
  assert.deepEqual(sent, ["a", "b"]);
  const dead = await db.xrange(keys.deadLetter, "-", "+");
  assert.equal(dead.length, 1);
  assert.match(dead[0]?.[1].join(" ") ?? "", /text":"fails"/);
  await consumer.close();
});

test("a restarted consumer re-sends what it read but never acknowledged, and claims a dead consumer's entries", async () => {
  const sent: string[] = [];
  const { keys, consumer } = await consumerFor(async (command) => void sent.push(command.op === "msg" ? command.text : ""), { claimIdleMs: 0 });
  const db = server.client;
  await db.xgroup("CREATE", keys.outbox, keys.outboxGroup, "0", "MKSTREAM");
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("read by a crashed bot")));
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("read by a dead replica")));
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg("never read")));
  await db.xreadgroup("GROUP", keys.outboxGroup, "bot", "COUNT", 1, "STREAMS", keys.outbox, ">");
  await db.xreadgroup("GROUP", keys.outboxGroup, "old-replica", "COUNT", 1, "STREAMS", keys.outbox, ">");
  await consumer.start();
  await waitUntil("all sent", () => sent.length === 3);
  assert.deepEqual(sent, ["read by a crashed bot", "read by a dead replica", "never read"]);
  await waitUntil("nothing pending", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
});

test("entries stay pending until the server confirms them; those a dead connection never confirmed are written again, in order", async () => {
  const written: string[] = [];
  const fences: { session: number; settle: (ok: boolean) => void }[] = [];
  let session = 1;
  let resent = 0;
  const keys = redisKeys(`t${randomUUID().slice(0, 8)}`);
  const redis: Redis = createRedis(server.url, { name: "test-outbox", logger });
  await redis.connect();
  const consumer = new OutboxConsumer({
    redis,
    keys,
    consumer: "bot",
    maxAttempts: 5,
    deliver: async (command, _id, on) => {
      written.push(`${on}:${command.op === "msg" ? command.text : ""}`);
      return 1;
    },
    confirm: (on) => new Promise((resolve, reject) => fences.push({ session: on, settle: (ok) => (ok ? resolve([]) : reject(new Error("connection closed"))) })),
    waitUntilReady: () => Promise.resolve(session),
    logger,
    blockMs: 100,
    retryDelayMs: 10,
    fenceLines: 2,
    onResend: () => (resent += 1),
  });
  const db = server.client;
  for (let i = 0; i < 5; i++) await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(msg(`m${i}`)));
  await consumer.start();
  await waitUntil("five written, fenced every two lines and at the end", () => written.length === 5 && fences.length === 3);
  assert.equal(await db.xlen(keys.outbox), 5, "nothing is acknowledged before the server confirms it");
  fences[0]!.settle(true);
  await waitUntil("the first batch acknowledged", async () => (await db.xlen(keys.outbox)) === 3);

  // The connection dies with two batches unconfirmed; the bot reconnects as session 2.
  for (const fence of fences.slice(1)) fence.settle(false);
  session = 2;
  await waitUntil("the unconfirmed entries written again", () => written.length === 8);
  assert.deepEqual(written, ["1:m0", "1:m1", "1:m2", "1:m3", "1:m4", "2:m2", "2:m3", "2:m4"]);
  assert.equal(resent, 3, "each re-sent entry is counted: the only ones that may show twice");
  await waitUntil("fences on session 2", () => fences.filter((fence) => fence.session === 2).length > 0 && fences.length >= 5);
  for (const fence of fences.slice(3)) fence.settle(true);
  await waitUntil("all acknowledged", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
});

test("refusals fail the commands to that target in the batch: dead-lettered with the server's reason, retried while they may pass", async () => {
  const written: string[] = [];
  let ownerFenceCalls = 0;
  const keys = redisKeys(`t${randomUUID().slice(0, 8)}`);
  const redis: Redis = createRedis(server.url, { name: "test-outbox", logger });
  await redis.connect();
  const rejected: string[] = [];
  const consumer = new OutboxConsumer({
    redis,
    keys,
    consumer: "bot",
    maxAttempts: 2,
    deliver: async (command) => {
      written.push(command.op === "msg" ? `${command.target} ${command.text}` : "");
      return 1;
    },
    confirm: async () => {
      ownerFenceCalls += 1;
      const last = written.at(-1) ?? "";
      if (last.startsWith("#banned")) return [{ target: "#BANNED", code: "474", name: "banned", reason: "Cannot join channel (+b)", permanent: true }];
      if (last.startsWith("#muted")) return [{ target: "#muted", code: "404", name: "cannot send", reason: "Cannot send to channel", permanent: false }];
      return [];
    },
    waitUntilReady: () => Promise.resolve(1),
    logger,
    blockMs: 100,
    retryDelayMs: 10,
    fenceLines: 1,
    onRejected: (rejection) => rejected.push(rejection.code),
  });
  const db = server.client;
  const to = (target: string, text: string): OutboxCommand => ({ ...msg(text), target });
  for (const [target, text] of [["#banned", "b"], ["#muted", "m"], ["#chan", "fine"]] as const) await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand(to(target, text)));
  await consumer.start();
  await waitUntil("both dead-lettered", async () => (await db.xlen(keys.deadLetter)) === 2);
  await waitUntil("outbox emptied", async () => (await db.xlen(keys.outbox)) === 0);
  const dead = (await db.xrange(keys.deadLetter, "-", "+")).map(([, fields]) => Object.fromEntries(fields.flatMap((_, i) => (i % 2 === 0 ? [[fields[i], fields[i + 1]]] : []))) as Record<string, string>);
  assert.deepEqual(dead.map((letter) => [letter.target, letter.reason, letter.attempts]), [
    ["#banned", "474 Cannot join channel (+b)", "1"],
    ["#muted", "404 Cannot send to channel", "2"],
  ]);
  assert.ok(dead.every((letter) => letter.cmd && letter.id && letter.failedAt), "cmd, id and failedAt kept");
  assert.deepEqual(written.filter((line) => line.startsWith("#muted")), ["#muted m", "#muted m"], "retried once (OUTBOX_MAX_ATTEMPTS 2)");
  assert.ok(written.includes("#chan fine"));
  assert.deepEqual(rejected.sort(), ["404", "404", "474"]);
  assert.ok(ownerFenceCalls >= 4);
  await consumer.close();
});

test("SUMMARISE_AFTER: past N waiting for one target, the rest go out as one counted line, and are acked with it", async () => {
  const written: string[] = [];
  let summarised = 0;
  const keys = redisKeys(`t${randomUUID().slice(0, 8)}`);
  const redis: Redis = createRedis(server.url, { name: "test-outbox", logger });
  await redis.connect();
  const consumer = new OutboxConsumer({
    redis,
    keys,
    consumer: "bot",
    maxAttempts: 3,
    deliver: async (command) => {
      written.push(command.op === "msg" ? `${command.target} ${command.text}` : "");
      return 1;
    },
    confirm: () => Promise.resolve([]),
    waitUntilReady: () => Promise.resolve(1),
    logger,
    blockMs: 100,
    summariseAfter: 2,
    onSummarised: (count) => (summarised += count),
  });
  const db = server.client;
  for (let i = 0; i < 6; i++) await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand({ ...msg(`m${i}`), webhook: i % 2 ? "github" : "jenkins" }));
  await db.xadd(keys.outbox, "*", OUTBOX_FIELD, encodeOutboxCommand({ ...msg("elsewhere"), target: "#other" }));
  await consumer.start();
  await waitUntil("all acknowledged", async () => written.length === 4 && (await db.xlen(keys.outbox)) === 0);
  assert.deepEqual(written, ["#chan m0", "#other elsewhere", "#chan m1", "#chan … and 4 more from jenkins, github"]);
  assert.equal(summarised, 4);
  await consumer.close();
});
