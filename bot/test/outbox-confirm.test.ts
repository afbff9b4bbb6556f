import assert from "node:assert/strict";
import { test } from "node:test";
import { waitUntil } from "../../test/harness/index.js";
import { consumerFor, lineOf, msg, textOf } from "./outbox-setup.js";

test("entries stay pending until the server confirms them; those a dead connection never confirmed are written again, in order", async () => {
  const written: string[] = [];
  const fences: { session: number; settle: (ok: boolean) => void }[] = [];
  let session = 1;
  let resent = 0;
  const { consumer, db, keys, add } = await consumerFor({
    maxAttempts: 5,
    write: (command, on) => written.push(`${on}:${textOf(command)}`),
    confirm: (on) => new Promise((resolve, reject) => fences.push({ session: on, settle: (ok) => (ok ? resolve([]) : reject(new Error("connection closed"))) })),
    waitUntilReady: () => Promise.resolve(session),
    fenceLines: 2,
    onResend: () => (resent += 1),
  });
  await add(...Array.from({ length: 5 }, (_, i) => msg(`m${i}`)));
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
  const rejected: string[] = [];
  let fenceCalls = 0;
  const { consumer, db, keys, add } = await consumerFor({
    maxAttempts: 2,
    write: (command) => written.push(lineOf(command)),
    confirm: async () => {
      fenceCalls += 1;
      const last = written.at(-1) ?? "";
      if (last.startsWith("#banned")) return [{ target: "#BANNED", code: "474", name: "banned", reason: "Cannot join channel (+b)", permanent: true }];
      if (last.startsWith("#muted")) return [{ target: "#muted", code: "404", name: "cannot send", reason: "Cannot send to channel", permanent: false }];
      return [];
    },
    fenceLines: 1,
    onRejected: (rejection) => rejected.push(rejection.code),
  });
  await add(msg("b", "#banned"), msg("m", "#muted"), msg("fine"));
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
  assert.ok(fenceCalls >= 4);
  await consumer.close();
});

test("SUMMARISE_AFTER: past N waiting for one target, the rest go out as one counted line, and are acked with it", async () => {
  const written: string[] = [];
  let summarised = 0;
  const { consumer, db, keys, add } = await consumerFor({
    write: (command) => written.push(lineOf(command)),
    summariseAfter: 2,
    onSummarised: (count) => (summarised += count),
  });
  await add(...Array.from({ length: 6 }, (_, i) => ({ ...msg(`m${i}`), webhook: i % 2 ? "github" : "jenkins" })), msg("elsewhere", "#other"));
  await consumer.start();
  await waitUntil("all acknowledged", async () => written.length === 4 && (await db.xlen(keys.outbox)) === 0);
  assert.deepEqual(written, ["#chan m0", "#other elsewhere", "#chan m1", "#chan … and 4 more from jenkins, github"]);
  assert.equal(summarised, 4);
  await consumer.close();
});

test("MAX_UNCONFIRMED: no more entries are written ahead of their fences; each fence answered lets one batch more go", async () => {
  const written: string[] = [];
  const fences: (() => void)[] = [];
  const { consumer, db, keys, add } = await consumerFor({
    write: (command) => written.push(textOf(command)),
    confirm: () => new Promise((resolve) => fences.push(() => resolve([]))),
    fenceLines: 2,
    maxUnconfirmed: 4,
  });
  await add(...Array.from({ length: 10 }, (_, i) => msg(`m${i}`)));
  await consumer.start();
  await waitUntil("four written, under two fences", () => written.length === 4 && fences.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(written.length, 4, "the fifth waits: four are unconfirmed");
  assert.equal(consumer.unconfirmed, 4);
  fences[0]!();
  await waitUntil("two more once the first fence is answered", () => written.length === 6);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(written.length, 6);
  let answered = 1;
  await waitUntil("the rest written, each fence answered as it comes", async () => {
    while (answered < fences.length) fences[answered++]!();
    return (await db.xlen(keys.outbox)) === 0;
  });
  assert.deepEqual(written, Array.from({ length: 10 }, (_, i) => `m${i}`));
  await consumer.close();
});
