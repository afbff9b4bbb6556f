import { connect, type Socket } from "node:net";
import { waitUntil } from "./wait-until.js";

/** One parsed IRC line as the observer received it. */
export interface IrcLine {
  readonly raw: string;
  /** Nick of the sender, when the prefix names a user. */
  readonly from: string | undefined;
  readonly command: string;
  readonly params: readonly string[];
  readonly at: number;
}

export function parseIrcLine(raw: string): IrcLine {
  let rest = raw;
  if (rest.startsWith("@")) rest = rest.slice(rest.indexOf(" ") + 1);
  let prefix: string | undefined;
  if (rest.startsWith(":")) {
    const space = rest.indexOf(" ");
    prefix = rest.slice(1, space);
    rest = rest.slice(space + 1);
  }
  const params: string[] = [];
  const trailingAt = rest.indexOf(" :");
  const head = trailingAt >= 0 ? rest.slice(0, trailingAt) : rest;
  const words = head.split(" ").filter(Boolean);
  const command = words.shift() ?? "";
  params.push(...words);
  if (trailingAt >= 0) params.push(rest.slice(trailingAt + 2));
  const from = prefix?.includes("!") ? prefix.slice(0, prefix.indexOf("!")) : undefined;
  return { raw, from, command: command.toUpperCase(), params, at: Date.now() };
}

/**
 * A separate, plain IRC connection that watches what users would see: it joins channels,
 * keeps every line it receives, and can speak (to give the bot commands).
 */
export class IrcObserver {
  readonly lines: IrcLine[] = [];
  private socket: Socket | undefined;
  private buffer = "";

  constructor(
    readonly nick: string,
    private readonly host: string,
    private readonly port: number,
  ) {}

  async connect(channels: readonly string[] = []): Promise<void> {
    this.buffer = "";
    const socket = connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.receive(chunk));
    socket.on("error", () => undefined); // a server restart is part of some tests
    const start = this.lines.length;
    this.send(`NICK ${this.nick}`);
    this.send(`USER ${this.nick} 0 * :helga test observer`);
    await waitUntil(`${this.nick} registered`, () => this.lines.slice(start).some((line) => line.command === "001"), 10_000);
    for (const channel of channels) await this.join(channel);
  }

  async join(channel: string): Promise<void> {
    const start = this.lines.length;
    this.send(`JOIN ${channel}`);
    await waitUntil(`${this.nick} in ${channel}`, () =>
      this.lines.slice(start).some((line) => line.command === "366" && line.params[1]?.toLowerCase() === channel.toLowerCase()),
    );
  }

  say(target: string, text: string): void {
    this.send(`PRIVMSG ${target} :${text}`);
  }

  send(line: string): void {
    if (/[\r\n]/.test(line)) throw new Error("observer lines must not contain CR or LF");
    this.socket?.write(`${line}\r\n`);
  }

  /** PRIVMSG texts (ACTIONs shown as "\x01ACTION …\x01") received for `target` (a channel, or our nick for private). */
  messages(target: string, from?: string): string[] {
    return this.lines
      .filter((line) => line.command === "PRIVMSG" && line.params[0]?.toLowerCase() === target.toLowerCase() && (from === undefined || line.from === from))
      .map((line) => line.params[1] ?? "");
  }

  /** Waits until `count` PRIVMSGs to `target` have arrived (bounded). */
  async waitForMessages(target: string, count: number, timeoutMs = 20_000, from?: string): Promise<string[]> {
    await waitUntil(`${count} messages in ${target} (have ${this.messages(target, from).length})`, () => this.messages(target, from).length >= count, timeoutMs);
    return this.messages(target, from);
  }

  async waitForMessage(target: string, match: string | RegExp, timeoutMs = 20_000): Promise<string> {
    return waitUntil(`a message in ${target} matching ${String(match)}`, () =>
      this.messages(target).find((text) => (typeof match === "string" ? text === match : match.test(text))), timeoutMs);
  }

  /** Users present in `channel`, from a fresh NAMES reply. */
  async names(channel: string): Promise<string[]> {
    const start = this.lines.length;
    this.send(`NAMES ${channel}`);
    await waitUntil(`NAMES ${channel}`, () => this.lines.slice(start).some((line) => line.command === "366"));
    return this.lines
      .slice(start)
      .filter((line) => line.command === "353")
      .flatMap((line) => (line.params.at(-1) ?? "").split(" "))
      .map((name) => name.replace(/^[@+%&~]/, ""))
      .filter(Boolean);
  }

  close(): void {
    this.socket?.end("QUIT :bye\r\n");
    this.socket?.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let at: number;
    while ((at = this.buffer.indexOf("\n")) >= 0) {
      const raw = this.buffer.slice(0, at).replace(/\r$/, "");
      this.buffer = this.buffer.slice(at + 1);
      const line = parseIrcLine(raw);
      if (line.command === "PING") this.send(`PONG :${line.params[0] ?? ""}`);
      this.lines.push(line);
    }
  }
}
