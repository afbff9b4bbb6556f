import { batchSocketWrites } from "./batch-socket-writes.js";
import type { RawIrcClient } from "../raw-irc-client.js";

/**
 * Writes one line on irc-framework's connection; resolves once the socket has taken it.
 * `paced` is told while the write runs, since irc-framework reports the line synchronously as "raw".
 */
export function writeOnSocket(connection: RawIrcClient["connection"], line: string, paced: (writing: boolean) => void): Promise<void> {
  const socket = connection.transport?.socket ?? undefined;
  if (socket) batchSocketWrites(socket);
  return new Promise((resolve, reject) => {
    paced(true);
    try {
      connection.write(line, (error) => (error ? reject(error) : resolve()));
    } finally {
      paced(false);
    }
    // Taken while the socket's buffer has room: the next line may follow in the same batch.
    // Only a full buffer waits for the kernel. Nothing is acked on this: acks wait for the
    // server's PONG, and a socket that fails later fails its fence.
    if (socket && !socket.writableNeedDrain) resolve();
  });
}
