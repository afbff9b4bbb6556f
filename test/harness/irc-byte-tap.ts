import { connect, type Socket } from "node:net";
import { waitUntil } from "./wait-until.js";

/**
 * An IRC connection that keeps every received line as raw bytes (without CR LF), so tests
 * can check what the server relayed byte for byte: line lengths and UTF-8 validity, which
 * a text decoder would hide.
 */
export class IrcByteTap {
  readonly lines: Buffer[] = [];
  private socket: Socket | undefined;
  private buffer = Buffer.alloc(0);

  constructor(
    readonly nick: string,
    private readonly host: string,
    private readonly port: number,
  ) {}

  async connect(channels: readonly string[]): Promise<void> {
    const socket = connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", () => undefined);
    socket.write(`NICK ${this.nick}\r\nUSER ${this.nick} 0 * :helga byte tap\r\n`);
    await waitUntil(`${this.nick} registered`, () => this.text().some((line) => / 001 /.test(line)), 10_000);
    for (const channel of channels) {
      socket.write(`JOIN ${channel}\r\n`);
      await waitUntil(`${this.nick} in ${channel}`, () => this.text().some((line) => line.includes(` 366 ${this.nick} ${channel} `)), 10_000);
    }
  }

  /** Writes `data` as is: several lines at once, for a flood. */
  sendRaw(data: string): void {
    this.socket?.write(data);
  }

  /** The lines decoded leniently, for matching. */
  text(): string[] {
    return this.lines.map((line) => line.toString("utf8"));
  }

  close(): void {
    this.socket?.end("QUIT :bye\r\n");
    this.socket?.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    let at: number;
    while ((at = this.buffer.indexOf(0x0a)) >= 0) {
      const end = at > 0 && this.buffer[at - 1] === 0x0d ? at - 1 : at;
      const line = this.buffer.subarray(0, end);
      this.buffer = this.buffer.subarray(at + 1);
      const pong = /^PING (.*)$/.exec(line.toString("latin1"));
      if (pong) this.socket?.write(`PONG ${pong[1]}\r\n`);
      this.lines.push(Buffer.from(line));
    }
  }
}
