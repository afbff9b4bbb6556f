import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { test } from "node:test";
import { waitUntil } from "../../test/harness/index.js";
import { fenceSocket } from "../src/lease/fence-socket.js";

/** A loopback server that records what it reads, and a client socket to it, fenced by `held`. */
async function fencedPair(held: () => boolean) {
  let received = "";
  const server = createServer((peer) => peer.on("data", (chunk: Buffer) => (received += chunk.toString())));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  const socket: Socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => undefined);
  fenceSocket(socket, held);
  await once(socket, "connect");
  return { socket, received: () => received, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("a fenced socket writes while the lease is held", async () => {
  const pair = await fencedPair(() => true);
  pair.socket.write("PRIVMSG #c :one\r\n");
  await waitUntil("the line at the server", () => pair.received() === "PRIVMSG #c :one\r\n");
  pair.socket.destroy();
  await pair.close();
});

test("a line corked while the lease was held is dropped if the lease is gone when the socket writes, and the socket is closed", async () => {
  let held = true;
  const pair = await fencedPair(() => held);
  pair.socket.write("PRIVMSG #c :before\r\n");
  await waitUntil("the first line at the server", () => pair.received().length > 0);
  // As batchSocketWrites does: lines in one tick are corked, and leave at the uncork.
  pair.socket.cork();
  const late = new Promise<Error | null | undefined>((resolve) => pair.socket.write("PRIVMSG #c :after\r\n", resolve));
  held = false; // a pause past the lease, between the line's check and the uncork
  pair.socket.uncork();
  assert.match(String(await late), /lease is lost/);
  await waitUntil("the socket destroyed", () => pair.socket.destroyed);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(pair.received(), "PRIVMSG #c :before\r\n", "not a byte after the lease was gone");
  await pair.close();
});
