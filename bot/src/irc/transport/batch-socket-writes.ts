import type { Socket } from "node:net";

const corked = new WeakSet<Socket>();
const seen = new WeakSet<Socket>();

/**
 * Lines written in one turn of the event loop leave the process in one system call: the
 * socket is corked at the first line and uncorked once the current promise chain has run
 * (process.nextTick). Before, every IRC line was a write(2) of its own: half the bot's busy
 * time under load (BENCHMARKS.md). Nagle's algorithm is turned off, since the batching is
 * done here and Nagle would hold each batch back until the server acknowledged the last.
 */
export function batchSocketWrites(socket: Socket): void {
  if (!seen.has(socket)) {
    seen.add(socket);
    socket.setNoDelay(true);
  }
  if (corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}
