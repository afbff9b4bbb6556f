import type { Socket } from "node:net";
import { LeaseLostError } from "./lease-lost-error.js";

type Write = NonNullable<Socket["_write"]>;
type Writev = NonNullable<Socket["_writev"]>;

/**
 * Fencing at the last step: every chunk the socket hands to the kernel is let through only if
 * `held()` says so at that moment, in the same synchronous run as the write. Checking per line
 * before the write is not enough: a line written into a corked socket, or held in the
 * socket's buffer until it drains, leaves later, and a process paused (SIGSTOP) in between
 * wakes up to write it after a standby has taken over. When the lease is gone, the chunk is
 * dropped and the socket destroyed: the server sees the connection end, not another line.
 */
export function fenceSocket(socket: Socket, held: () => boolean, reason = "not held when the socket wrote"): void {
  const write: Write = socket._write.bind(socket);
  const writev: Writev | undefined = socket._writev?.bind(socket);
  const refuse = (callback: (error?: Error | null) => void): boolean => {
    if (held()) return false;
    const error = new LeaseLostError(reason);
    callback(error);
    socket.destroy();
    return true;
  };
  socket._write = (chunk, encoding, callback) => {
    if (!refuse(callback)) write(chunk, encoding, callback);
  };
  if (writev) {
    socket._writev = (chunks, callback) => {
      if (!refuse(callback)) writev(chunks, callback);
    };
  }
}
