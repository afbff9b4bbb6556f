import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createTcpInput, type TcpInput, type TcpInputOptions } from "../../src/inputs/tcp-input.js";
import { lineFramer } from "../../src/inputs/line-framer.js";
import type { RefusalReason } from "../../src/inputs/input-refusal.js";
import { captureLogger } from "../helpers/capture-logger.js";

/** A TCP input on a free loopback port whose messages and refusals land in arrays. */
async function startInput(overrides: Partial<TcpInputOptions> = {}) {
  const handled: string[] = [];
  const refused: Array<[RefusalReason, string]> = [];
  const input = createTcpInput({
    name: "irccat",
    setting: "IRCCAT",
    host: "127.0.0.1",
    port: 0,
    allowed: () => true,
    maxPerAddress: 2,
    framer: lineFramer,
    handle: async (message) => {
      await sleep(message.includes("slow-ish") ? 0 : message.includes("slow") ? 30 : 0);
      handled.push(message);
      return message.includes("bad") ? "not sent: bad" : undefined;
    },
    refuse: (reason, _from, detail) => void refused.push([reason, detail]),
    logger: captureLogger().logger,
    ...overrides,
  });
  const port = await input.open();
  return { input, port, handled, refused };
}

/** Writes, half-closes, and resolves with what the server said once it closes. */
function exchange(port: number, data: string, end = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (reply += chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? resolve(reply) : reject(error)));
    socket.on("close", () => resolve(reply));
    socket.write(data, () => end && socket.end());
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
  });
}

const inputs: TcpInput[] = [];
after(() => Promise.all(inputs.map((input) => input.close(100))));

test("messages of one connection are handled in order, the last line without a newline too; errors are answered", async () => {
  const { input, port, handled } = await startInput();
  inputs.push(input);
  const reply = await exchange(port, "#a slow first\n#a bad second\r\n\n#a third");
  assert.deepEqual(handled, ["#a slow first", "#a bad second", "#a third"]);
  assert.equal(reply, "error: not sent: bad\n");
});

test("an address outside the allow-list is cut before anything is read", async () => {
  const { input, port, handled, refused } = await startInput({ allowed: () => false });
  inputs.push(input);
  await exchange(port, "#a hello\n");
  assert.deepEqual(handled, []);
  assert.deepEqual(refused, [["not_allowed", "127.0.0.1 is not in IRCCAT_ALLOW"]]);
});

test("one connection over the per-address cap is told and closed; the others go on", async () => {
  const { input, port, handled, refused } = await startInput();
  inputs.push(input);
  const held = await Promise.all([0, 1].map(() => open(port)));
  await sleep(20);
  assert.equal(await exchange(port, "#a third connection\n"), "error: too many connections from your address\n");
  held[0]!.end("#a from a held one\n");
  held[1]!.destroy();
  await sleep(50);
  assert.deepEqual(handled, ["#a from a held one"]);
  assert.equal(refused[0]?.[0], "too_many_connections");
});

test("a line over the limit closes the connection with an error; the lines before it are handled, none after", async () => {
  const { input, port, handled, refused } = await startInput();
  inputs.push(input);
  const reply = await exchange(port, `#a before\n#a ${"x".repeat(5000)}\n#a after\n`, false);
  assert.equal(reply, "error: message longer than 4096 bytes; nothing of it was sent; closing\n");
  assert.deepEqual(handled, ["#a before"]);
  assert.deepEqual(refused.map(([reason]) => reason), ["oversize"]);
});

test("close() refuses new connections and lets a connection finish what it sent", async () => {
  const { input, port, handled } = await startInput();
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write("#a slow in flight\n");
  await sleep(10);
  await input.close(1_000);
  assert.deepEqual(handled, ["#a slow in flight"]);
  assert.equal(input.isOpen, false);
  await assert.rejects(exchange(port, "#a late\n"), { code: "ECONNREFUSED" });
});

test("a sender faster than the handler is paused, not dropped: every line is handled, in order", async () => {
  const { input, port, handled } = await startInput();
  inputs.push(input);
  const lines = Array.from({ length: 500 }, (_, i) => `#a slow-ish ${i}`);
  await exchange(port, lines.map((line) => `${line}\n`).join(""));
  assert.deepEqual(handled, lines);
});
