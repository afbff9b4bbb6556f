import assert from "node:assert/strict";
import { test } from "node:test";
import { appendCommand, encodeOutboxCommand, readDeliveries, trailFields, type OutboxCommand, type Redis, type RedisKeys } from "@helga/shared";
import { waitUntil } from "../../test/harness/index.js";
import { PermanentDeliveryError } from "../src/outbox/outbox-consumer.js";
import { consumerFor, msg, textOf } from "./outbox-setup.js";

test("sends queued commands in order and deletes them once sent, including those queued before it started", async () => {
  const sent: string[] = [];
  const { consumer, db, keys, add } = await consumerFor({ write: (command) => sent.push(textOf(command)) });
  await add(msg("early"));
  await consumer.start();
  await add(...Array.from({ length: 20 }, (_, i) => msg(`m${i}`)));
  await waitUntil("all sent", () => sent.length === 21);
  assert.deepEqual(sent, ["early", ...Array.from({ length: 20 }, (_, i) => `m${i}`)]);
  await waitUntil("stream emptied", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
  await consumer.close();
});

test("invalid and unsendable commands go to the dead-letter stream without blocking the queue", async () => {
  const sent: string[] = [];
  const { consumer, db, keys, add } = await consumerFor({
    write: (command) => {
      if (textOf(command) === "unsendable") throw new PermanentDeliveryError("cannot send");
      sent.push(textOf(command));
    },
  });
  await add("{not json", JSON.stringify({ op: "msg", target: "#a,#b", text: "x", requestId: "r", queuedAt: 1 }));
  await db.xadd(keys.outbox, "*", "other", "x");
  await add(msg("unsendable"), msg("fine"));
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

/** Appends through the gateway's script, so the delivery trail has the command's "queued" record. */
const appendTracked = (db: Redis, keys: RedisKeys, command: OutboxCommand) =>
  appendCommand(db, keys, { max: 100, maxAgeSeconds: 3_600 }, { payload: encodeOutboxCommand(command), fields: trailFields(command), now: Date.now(), outboxMax: 100 });

test("a command that keeps failing is retried, then dead-lettered after maxAttempts; later ones still go", async () => {
  const tries = new Map<string, number>();
  const sent: string[] = [];
  const { consumer, db, keys } = await consumerFor({
    write: (command) => {
      const text = textOf(command);
      tries.set(text, (tries.get(text) ?? 0) + 1);
      if (text === "flaky" && (tries.get(text) ?? 0) < 2) throw new Error("connection dropped");
      if (text === "doomed") throw new Error("connection dropped");
      sent.push(text);
    },
  });
  for (const text of ["flaky", "doomed", "after"]) await appendTracked(db, keys, msg(text));
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
  let confirms = 0;
  const { consumer, db, keys } = await consumerFor({
    // First fence: #wait not yet joined (may pass later), #banned banned (cannot pass); then all is well.
    confirm: async () => (++confirms === 1
      ? [{ target: "#wait", code: "404", name: "cannot send", reason: "Cannot send to channel", permanent: false }, { target: "#banned", code: "474", name: "banned", reason: "Cannot join channel (+b)", permanent: true }]
      : []),
  });
  for (const target of ["#wait", "#banned"]) await appendTracked(db, keys, msg(`to ${target}`, target));
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
  const { consumer, db, keys, add } = await consumerFor({
    maxAttempts: 1,
    write: (command) => {
      if (textOf(command) === "fails") throw new Error("connection dropped");
      sent.push(textOf(command));
    },
  });
  await add(msg("fails"), msg("a"), msg("b"));
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
  const { consumer, db, keys, add } = await consumerFor({ claimIdleMs: 0, write: (command) => sent.push(textOf(command)) });
  await db.xgroup("CREATE", keys.outbox, keys.outboxGroup, "0", "MKSTREAM");
  await add(msg("read by a crashed bot"), msg("read by a dead replica"), msg("never read"));
  await db.xreadgroup("GROUP", keys.outboxGroup, "bot", "COUNT", 1, "STREAMS", keys.outbox, ">");
  await db.xreadgroup("GROUP", keys.outboxGroup, "old-replica", "COUNT", 1, "STREAMS", keys.outbox, ">");
  await consumer.start();
  await waitUntil("all sent", () => sent.length === 3);
  assert.deepEqual(sent, ["read by a crashed bot", "read by a dead replica", "never read"]);
  await waitUntil("nothing pending", async () => (await db.xlen(keys.outbox)) === 0);
  await consumer.close();
});
