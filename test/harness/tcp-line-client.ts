import { connect } from "node:net";

/**
 * Connects to 127.0.0.1:`port`, writes `data`, half-closes (as `nc -N` does; unless `end` is
 * false, so only the server can close) and resolves with the reply once the server closes.
 * Rejects with the socket error (ECONNREFUSED when nothing listens) or after `timeoutMs`.
 */
export function tcpSend(port: number, data: string | Buffer, { end = true, timeoutMs = 10_000 } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no close from 127.0.0.1:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A server that closes while we still write gives EPIPE/ECONNRESET: the reply so far tells what it said.
      if ((error.code === "EPIPE" || error.code === "ECONNRESET") && chunks.length > 0) resolve(Buffer.concat(chunks).toString());
      else reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString());
    });
    socket.write(data, () => {
      if (end) socket.end();
    });
  });
}

/** The value of one Prometheus sample on a /metrics page (0 when absent). */
export async function metricValue(url: string, name: string, labels: Readonly<Record<string, string>>): Promise<number> {
  const text = await (await fetch(url)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const cut = line.lastIndexOf(" ");
    const [series, value] = [line.slice(0, cut), line.slice(cut + 1)];
    if (wanted.every((pair) => series.includes(pair))) return Number(value);
  }
  return 0;
}
