import { connect, type Socket } from "node:net";
import { parseIrcLine, waitUntil } from "../test/harness/index.js";

/**
 * An IRC connection that notes, with performance.now(), when each PRIVMSG to its channel
 * arrives. The harness observer keeps Date.now() (1 ms steps); latencies here are that size.
 * It also counts, by sender, the PRIVMSGs to the other channels it joins (the closed-loop runs' deliveries).
 */
export class PrivmsgClock {
  /** Message text → arrival time (performance.now()), in the timed channel. */
  readonly arrivals = new Map<string, number>();
  /** PRIVMSGs seen in the counted channels per sender nick, and when the last one arrived. */
  readonly #counted = new Map<string, { count: number; lastAt: number }>();
  /** Nicks seen joining any channel (a bot is ready once it has joined). */
  readonly joined = new Set<string>();
  #socket: Socket | undefined;
  #buffer = "";
  #registered = false;
  #joined = false;

  constructor(
    private readonly nick: string,
    private readonly channel: string,
    private readonly countedChannels: readonly string[] = [],
  ) {}

  /** What `nick` has said in the counted channels so far. */
  deliveredBy(nick: string): { count: number; lastAt: number } {
    return { ...(this.#counted.get(nick) ?? { count: 0, lastAt: 0 }) };
  }

  async connect(host: string, port: number): Promise<void> {
    const socket = connect({ host, port });
    this.#socket = socket;
    socket.setEncoding("utf8");
    socket.setNoDelay(true);
    socket.on("data", (chunk: string) => this.#receive(chunk, performance.now()));
    this.#send(`NICK ${this.nick}`);
    this.#send(`USER ${this.nick} 0 * :bench observer`);
    await waitUntil(`${this.nick} registered`, () => this.#registered, 10_000, 5);
    this.#send(`JOIN ${[this.channel, ...this.countedChannels].join(",")}`);
    await waitUntil(`${this.nick} in ${this.channel}`, () => this.#joined, 10_000, 5);
  }

  close(): void {
    this.#socket?.destroy();
  }

  #send(line: string): void {
    this.#socket?.write(`${line}\r\n`);
  }

  #receive(chunk: string, at: number): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf("\n")) >= 0) {
      const line = parseIrcLine(this.#buffer.slice(0, end).replace(/\r$/, ""));
      this.#buffer = this.#buffer.slice(end + 1);
      if (line.command === "PING") this.#send(`PONG :${line.params[0] ?? ""}`);
      else if (line.command === "001") this.#registered = true;
      else if (line.command === "366") this.#joined = true;
      else if (line.command === "JOIN" && line.from) this.joined.add(line.from);
      else if (line.command === "PRIVMSG" && line.params[0] === this.channel) this.arrivals.set(line.params[1] ?? "", at);
      else if (line.command === "PRIVMSG" && line.from && this.countedChannels.includes(line.params[0] ?? "")) {
        const seen = this.#counted.get(line.from) ?? { count: 0, lastAt: 0 };
        seen.count++;
        seen.lastAt = at;
        this.#counted.set(line.from, seen);
      }
    }
  }
}
