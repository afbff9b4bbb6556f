import { EventEmitter } from "node:events";
import ircFramework, { type ClientOptions } from "irc-framework";
import { isChannel, reconnectDelay, type Logger, type Settings } from "@helga/shared";
import type { Sender } from "../commands/is-operator.js";
import { alternativeNick } from "./alternative-nick.js";
import { ircLower, toCaseMapping, type CaseMapping } from "./irc-lower.js";
import { AccountTracker } from "./account-tracker.js";
import { ServerList, serverLabel } from "./server-list.js";

/** A PRIVMSG to a channel we are in or to us. */
export interface IncomingMessage extends Sender {
  readonly target: string;
  readonly text: string;
  /** True when sent to us rather than to a channel. */
  readonly isPrivate: boolean;
}

/** The typed events of the one IRC connection; irc-framework's own names stay in this file. */
export interface IrcEvents {
  registered: [nick: string];
  /** Registered and not waiting to rejoin a channel we were kicked from: safe to send queued lines. */
  ready: [];
  disconnected: [reason: string];
  joined: [channel: string];
  parted: [channel: string];
  kicked: [channel: string, by: string, reason: string];
  nick: [nick: string];
  message: [message: IncomingMessage];
  /** Someone quit or changed nick away from this nick: it may be free now. */
  nickFreed: [nick: string];
  /** An ISON answer: which of the nicks asked about are online. */
  online: [nicks: string[]];
  /** A line went out that did not pass through writeLine (PING, PONG, JOIN, QUIT): flood control counts it. */
  unpacedLine: [line: string];
}

/** What we use of irc-framework's Client; tests hand in a fake. */
export interface RawIrcClient {
  connect(options: ClientOptions): void;
  on(event: string, listener: (payload: unknown) => void): unknown;
  changeNick(nick: string): void;
  quit(message?: string): void;
  readonly connection: { readonly connected: boolean; write(line: string, callback?: (error?: Error | null) => void): unknown };
  readonly network: { readonly options: Readonly<Record<string, unknown>> };
}

export interface IrcConnectionOptions {
  readonly settings: Pick<Settings, "nick" | "channels" | "server">;
  readonly logger: Logger;
  readonly createClient?: () => RawIrcClient;
  /** The servers to take turns on; default: settings.server.servers, without remembering the last good one. */
  readonly servers?: ServerList;
  readonly rejoinDelayMs?: number;
  /** How long to hold queued lines back after sending a rejoin before giving up on it. */
  readonly rejoinGraceMs?: number;
  readonly reconnectCapMs?: number;
  readonly pingIntervalSeconds?: number;
  readonly pingTimeoutSeconds?: number;
}

export class NotConnectedError extends Error {
  override name = "NotConnectedError";
  constructor() {
    super("not connected to IRC");
  }
}

/** Longest JOIN line we build, well inside 512 bytes. */
const JOIN_LINE_BYTES = 400;

/**
 * The bot's single IRC connection: registers (falling back to another nick when ours is
 * taken), joins its channels, rejoins after a kick or a reconnect, and reconnects forever
 * with capped exponential backoff and jitter. irc-framework's own reconnect is off.
 */
export class IrcConnection extends EventEmitter<IrcEvents> {
  readonly #options: IrcConnectionOptions;
  readonly #client: RawIrcClient;
  readonly #log: Logger;
  readonly #servers: ServerList;
  readonly #wanted = new Map<string, string>(); // lowercased → as given
  readonly #joined = new Map<string, string>();
  readonly #accounts = new AccountTracker((nick) => this.#lower(nick));
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Channels we were kicked from and are about to rejoin; lines to them now would be lost. */
  readonly #rejoining = new Set<string>();
  #registered = false;
  #nick: string;
  #nickAttempt = 0;
  #reconnectAttempt = 0;
  #stopping = false;
  #onClosed: (() => void) | undefined;
  #writingPaced = false;

  constructor(options: IrcConnectionOptions) {
    super();
    this.#options = options;
    this.#log = options.logger;
    this.#nick = options.settings.nick;
    this.#servers = options.servers ?? new ServerList(options.settings.server.servers);
    this.#client = (options.createClient ?? (() => new ircFramework.Client()))();
    for (const channel of options.settings.channels) {
      if (isChannel(channel)) this.want(channel);
      else this.#log.warn({ channel }, "CHANNELS entry is not a valid channel name; skipped");
    }
    this.#listen();
  }

  get registered(): boolean {
    return this.#registered;
  }

  get ready(): boolean {
    return this.#registered && this.#rejoining.size === 0;
  }

  get nick(): string {
    return this.#nick;
  }

  /** Channels we are in right now, as the server named them. */
  get channels(): string[] {
    return [...this.#joined.values()];
  }

  get casemapping(): CaseMapping {
    return toCaseMapping(this.#client.network.options.CASEMAPPING);
  }

  start(): void {
    this.#stopping = false;
    this.#connect();
  }

  /** Writes one raw line; resolves once the socket has taken it. */
  writeLine(line: string): Promise<void> {
    if (!this.#registered || !this.#client.connection.connected) return Promise.reject(new NotConnectedError());
    return new Promise((resolve, reject) => {
      this.#writingPaced = true; // irc-framework reports the line synchronously as "raw"
      try {
        this.#client.connection.write(line, (error) => (error ? reject(error) : resolve()));
      } finally {
        this.#writingPaced = false;
      }
    });
  }

  /** Asks the server for another nick (nick recovery); our nick changes when it agrees. */
  requestNick(nick: string): void {
    if (this.#registered) this.#client.changeNick(nick);
  }

  /** Writes a line outside flood control (ISON, NickServ IDENTIFY); flood control is charged for it. */
  sendUnpaced(line: string): void {
    if (this.#registered) this.#client.connection.write(line);
  }

  /** Remembers a channel to be in: joined on every (re)connect and after a kick. */
  want(channel: string): void {
    this.#wanted.set(this.#lower(channel), channel);
  }

  unwant(channel: string): void {
    this.#wanted.delete(this.#lower(channel));
  }

  /** Sends QUIT and waits (briefly) for the server to close; no reconnect after this. */
  async quit(message: string, timeoutMs = 2_000): Promise<void> {
    this.#stopping = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (!this.#client.connection.connected) return;
    const closed = new Promise<void>((resolve) => {
      this.#onClosed = resolve;
      this.#later(timeoutMs, resolve);
    });
    this.#client.quit(message);
    await closed;
  }

  #lower(text: string): string {
    return ircLower(text, this.casemapping);
  }

  #isUs(nick: string | undefined): boolean {
    return nick !== undefined && this.#lower(nick) === this.#lower(this.#nick);
  }

  #connect(): void {
    const { server, nick } = this.#options.settings;
    const { host, port } = this.#servers.current;
    this.#nick = nick;
    this.#nickAttempt = 0;
    const options: ClientOptions = {
      host,
      port,
      tls: server.ssl,
      rejectUnauthorized: server.sslVerify,
      ...(server.password !== undefined ? { password: server.password } : {}),
      account: server.sasl ? { account: server.sasl.username, password: server.sasl.password } : {},
      nick,
      username: nick,
      gecos: "helga webhooks",
      version: "helga webhooks",
      auto_reconnect: false,
      ping_interval: this.#options.pingIntervalSeconds ?? 30,
      ping_timeout: this.#options.pingTimeoutSeconds ?? 90,
    };
    this.#log.debug({ host, port, tls: server.ssl }, "irc connecting");
    this.#client.connect(options);
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #rejoined(channel: string): void {
    if (!this.#rejoining.delete(this.#lower(channel))) return;
    if (this.ready) this.emit("ready");
  }

  #joinWanted(): void {
    const lines: string[] = [];
    let current: string[] = [];
    for (const channel of this.#wanted.values()) {
      if (current.length > 0 && Buffer.byteLength(`JOIN ${[...current, channel].join(",")}`) > JOIN_LINE_BYTES) {
        lines.push(`JOIN ${current.join(",")}`);
        current = [];
      }
      current.push(channel);
    }
    if (current.length > 0) lines.push(`JOIN ${current.join(",")}`);
    for (const line of lines) this.#client.connection.write(line);
  }

  #listen(): void {
    const on = (event: string, listener: (payload: Payload) => void) => this.#client.on(event, (payload) => listener(asPayload(payload)));

    on("registered", (p) => {
      this.#registered = true;
      this.#reconnectAttempt = 0;
      this.#nick = str(p.nick) ?? this.#nick;
      this.#servers.succeeded();
      this.#log.info({ nick: this.#nick, server: serverLabel(this.#servers.current) }, "irc registered");
      this.emit("registered", this.#nick);
      this.#joinWanted(); // the server handles our lines in order: queued PRIVMSGs come after these JOINs
      this.emit("ready");
    });

    const refused = (p: Payload) => {
      if (this.#registered) return;
      this.#nickAttempt += 1;
      const next = alternativeNick(this.#options.settings.nick, this.#nickAttempt);
      this.#log.warn({ refused: str(p.nick), next, reason: str(p.reason) }, "irc nick refused; trying another");
      this.#nick = next;
      this.#client.changeNick(next);
    };
    on("nick in use", refused);
    on("nick invalid", refused);

    on("close", () => {
      const wasRegistered = this.#registered;
      this.#registered = false;
      this.#joined.clear();
      this.#rejoining.clear();
      this.#accounts.clear();
      if (wasRegistered) {
        this.#log.warn({ nick: this.#nick }, "irc disconnected");
        this.emit("disconnected", "connection closed");
      }
      this.#onClosed?.();
      this.#onClosed = undefined;
      if (this.#stopping) return;
      if (this.#servers.size > 1) this.#log.info({ from: serverLabel(this.#servers.current), to: serverLabel(this.#servers.advance()) }, "irc moving to the next server");
      const delay = reconnectDelay(this.#reconnectAttempt, this.#options.reconnectCapMs ?? 30_000);
      this.#reconnectAttempt += 1;
      this.#log.info({ attempt: this.#reconnectAttempt, delayMs: delay }, "irc reconnecting");
      this.#later(delay, () => this.#connect());
    });

    on("raw", (p) => {
      const line = str(p.line);
      if (p.from_server === false && line !== undefined && !this.#writingPaced) this.emit("unpacedLine", line);
    });

    // Why a connection attempt failed (refused, TLS certificate, DNS): the operator's first question.
    // irc-framework passes the socket's last error (or false) with "socket close".
    on("socket close", (p) => {
      const reason = str(p.message) ?? str(p.code);
      if (reason !== undefined) this.#log.warn({ err: reason, server: serverLabel(this.#servers.current) }, "irc connection failed");
    });
    on("ping timeout", () => this.#log.warn("irc ping timeout; reconnecting"));
    on("sasl failed", (p) => this.#log.error({ reason: str(p.reason) }, "irc SASL authentication failed"));

    on("join", (p) => {
      const nick = str(p.nick);
      const channel = str(p.channel);
      if (nick === undefined || channel === undefined) return;
      if (typeof p.account === "string") this.#accounts.set(nick, p.account);
      if (p.account === false) this.#accounts.delete(nick);
      if (!this.#isUs(nick)) return;
      this.#joined.set(this.#lower(channel), channel);
      this.emit("joined", channel);
      this.#rejoined(channel);
    });

    on("part", (p) => {
      const channel = str(p.channel);
      if (channel === undefined || !this.#isUs(str(p.nick))) return;
      this.#joined.delete(this.#lower(channel));
      this.emit("parted", channel);
    });

    on("kick", (p) => {
      const channel = str(p.channel);
      if (channel === undefined || !this.#isUs(str(p.kicked))) return;
      this.#joined.delete(this.#lower(channel));
      const by = str(p.nick) ?? "?";
      const reason = str(p.message) ?? "";
      this.#log.warn({ channel, by, reason }, "irc kicked; rejoining soon");
      this.emit("kicked", channel, by, reason);
      if (!this.#wanted.has(this.#lower(channel))) return;
      this.#rejoining.add(this.#lower(channel));
      this.#later(this.#options.rejoinDelayMs ?? 5_000, () => {
        if (!this.#registered || !this.#rejoining.has(this.#lower(channel))) return;
        this.#client.connection.write(`JOIN ${channel}`);
        this.#later(this.#options.rejoinGraceMs ?? 5_000, () => this.#rejoined(channel)); // banned or invite-only: stop waiting
      });
    });

    on("nick", (p) => {
      const from = str(p.nick);
      const to = str(p.new_nick);
      if (from === undefined || to === undefined) return;
      this.#accounts.rename(from, to);
      if (!this.#isUs(from)) return void this.emit("nickFreed", from);
      this.#nick = to;
      this.emit("nick", to);
    });

    on("quit", (p) => {
      const nick = str(p.nick);
      if (nick === undefined) return;
      this.#accounts.delete(nick);
      this.emit("nickFreed", nick);
    });

    on("users online", (p) => {
      if (Array.isArray(p.nicks)) this.emit("online", p.nicks.filter((nick): nick is string => typeof nick === "string" && nick !== ""));
    });

    on("account", (p) => {
      const nick = str(p.nick);
      if (nick === undefined) return;
      if (typeof p.account === "string") this.#accounts.set(nick, p.account);
      else this.#accounts.delete(nick);
    });

    on("privmsg", (p) => {
      const nick = str(p.nick);
      const target = str(p.target);
      const text = str(p.message);
      if (p.from_server === true || nick === undefined || target === undefined || text === undefined) return;
      const tagged = str(p.account);
      if (tagged !== undefined) this.#accounts.set(nick, tagged);
      this.emit("message", {
        nick,
        ident: str(p.ident) ?? "",
        hostname: str(p.hostname) ?? "",
        account: tagged ?? this.#accounts.get(nick),
        target,
        text,
        isPrivate: !isChannel(target),
      });
    });
  }
}

type Payload = Readonly<Record<string, unknown>>;

function asPayload(value: unknown): Payload {
  return typeof value === "object" && value !== null ? (value as Payload) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
