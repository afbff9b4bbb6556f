import { EventEmitter } from "node:events";
import ircFramework from "irc-framework";
import { isChannel, reconnectDelay, type Logger, type Settings } from "@helga/shared";
import { AccountTracker } from "./account-tracker.js";
import { alternativeNick } from "./alternative-nick.js";
import { ChannelMembership } from "./channel-membership.js";
import type { IrcEvents } from "./irc-events.js";
import { ircLower, toCaseMapping, type CaseMapping } from "./irc-lower.js";
import { asPayload, str, type Payload } from "./irc-payload.js";
import { batchSocketWrites } from "./batch-socket-writes.js";
import { clientOptions } from "./client-options.js";
import { joinLimits, joinLines } from "./join-lines.js";
import { listenForChannelKeys } from "./listen-for-channel-keys.js";
import { listenForFreeNicks } from "./listen-for-free-nicks.js";
import { listenForMessages } from "./listen-for-messages.js";
import { listenForRawLines } from "./listen-for-raw-lines.js";
import { logConnectionProblems } from "./log-connection-problems.js";
import { NotConnectedError } from "./not-connected-error.js";
import type { RawIrcClient } from "./raw-irc-client.js";
import { ServerList, serverLabel } from "./server-list.js";
import { listenForSts } from "./listen-for-sts.js";
import { StsPolicies } from "./sts-policies.js";

export interface IrcConnectionOptions {
  readonly settings: Pick<Settings, "nick" | "channels" | "channelKeys" | "server">;
  readonly logger: Logger;
  readonly createClient?: () => RawIrcClient;
  /** The servers to take turns on; default: settings.server.servers, without remembering the last good one. */
  readonly servers?: ServerList;
  readonly rejoinDelayMs?: number;
  /** How long to hold queued lines back after sending a rejoin before giving up on it. */
  readonly rejoinGraceMs?: number;
  readonly reconnectCapMs?: number;
  /** No line at all from the server this long (also while registering) closes the connection. */
  readonly pingTimeoutSeconds?: number;
  /** IRCv3 STS policies (kept in Redis by create-bot); default: in memory only. */
  readonly sts?: StsPolicies;
}

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
  readonly #channels = new ChannelMembership((name) => this.#lower(name));
  readonly #accounts = new AccountTracker((nick) => this.#lower(nick));
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #sts: StsPolicies;
  /** Where the current connection attempt goes (STS may send it to a TLS port). */
  #target = { host: "", port: 0, tls: false, verified: false };
  #registered = false;
  #session = 0;
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
    this.#sts = options.sts ?? new StsPolicies();
    this.#client = (options.createClient ?? (() => new ircFramework.Client()))();
    this.#client.requestCap?.(["echo-message", "labeled-response"]); // confirmation by echo (echo-confirmation.ts) where offered
    for (const channel of options.settings.channels) {
      if (isChannel(channel)) this.#channels.want(channel, options.settings.channelKeys[channel]);
      else this.#log.warn({ channel }, "CHANNELS entry is not a valid channel name; skipped");
    }
    this.#listen();
  }

  get registered(): boolean {
    return this.#registered;
  }

  get ready(): boolean {
    return this.#registered && this.#channels.rejoining === 0;
  }

  get nick(): string {
    return this.#nick;
  }

  /** Counts registrations: lines written under one session share one TCP connection, in order. */
  get session(): number {
    return this.#session;
  }

  /** Channels we are in right now, as the server named them. */
  get channels(): string[] {
    return this.#channels.channels;
  }

  get casemapping(): CaseMapping {
    return toCaseMapping(this.#client.network.options.CASEMAPPING);
  }

  start(): void {
    this.#stopping = false;
    this.#connect();
  }

  /**
   * Writes one raw line; resolves once the socket has taken it. With `session`, refuses to write
   * on a later connection than the one the caller started on (its earlier lines may be lost).
   */
  writeLine(line: string, session?: number): Promise<void> {
    if (!this.#registered || !this.#client.connection.connected) return Promise.reject(new NotConnectedError());
    if (session !== undefined && session !== this.#session) return Promise.reject(new NotConnectedError("the IRC connection was replaced"));
    const socket = this.#client.connection.transport?.socket ?? undefined;
    if (socket) batchSocketWrites(socket);
    return new Promise((resolve, reject) => {
      this.#writingPaced = true; // irc-framework reports the line synchronously as "raw"
      try {
        this.#client.connection.write(line, (error) => (error ? reject(error) : resolve()));
      } finally {
        this.#writingPaced = false;
      }
      // Taken while the socket's buffer has room: the next line may follow in the same batch.
      // Only a full buffer waits for the kernel. Nothing is acked on this: acks wait for the
      // server's PONG, and a socket that fails later fails its fence.
      if (socket && !socket.writableNeedDrain) resolve();
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
    this.#channels.want(channel);
  }

  unwant(channel: string): void {
    this.#channels.unwant(channel);
  }

  /** True when we are in `channel` or have asked to be (a JOIN on its way, or a rejoin due). */
  wants(channel: string): boolean {
    return this.#channels.isWanted(channel) || this.#channels.isIn(channel);
  }

  /** Gives up on a connection that stopped answering: closes the socket at once, then reconnects as after any close. */
  dropDead(reason: string): void {
    if (!this.#client.connection.connected) return;
    this.#log.warn({ reason, nick: this.#nick }, "irc connection dead; reconnecting");
    this.#client.connection.end(null, true);
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
    const { host } = this.#servers.current;
    const { port, tls } = this.#sts.target(host, this.#servers.current.port, server.ssl);
    this.#target = { host, port, tls, verified: server.sslVerify };
    this.#nick = nick;
    this.#nickAttempt = 0;
    this.#log.debug({ host, port, tls }, "irc connecting");
    if (tls && !server.sslVerify) this.#log.warn({ host, port }, "irc TLS without certificate checks (SERVER_SSL_VERIFY=false): anyone on the path can read and change this connection");
    this.#client.connect(clientOptions(server, nick, host, port, this.#options.pingTimeoutSeconds, tls));
    const socket = this.#client.connection.transport?.socket;
    if (socket) this.emit("socket", socket);
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #rejoined(channel: string): void {
    if (!this.#channels.endRejoin(channel)) return;
    if (this.ready) this.emit("ready");
  }

  #listen(): void {
    const on = (event: string, listener: (payload: Payload) => void) => this.#client.on(event, (payload) => listener(asPayload(payload)));
    listenForMessages(on, this.#accounts, (message) => !this.#isUs(message.nick) && this.emit("message", message)); // not our own echoes

    on("registered", (p) => {
      this.#registered = true;
      this.#session += 1;
      this.#reconnectAttempt = 0;
      this.#nick = str(p.nick) ?? this.#nick;
      this.#servers.succeeded();
      this.#log.info({ nick: this.#nick, server: serverLabel(this.#servers.current) }, "irc registered");
      this.emit("registered", this.#nick);
      // The server handles our lines in order: queued PRIVMSGs come after these JOINs.
      for (const line of joinLines(this.#channels.wantedToJoin, joinLimits(this.#client.network.options))) this.#client.connection.write(line);
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
      this.#channels.clear();
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

    listenForRawLines(on, this.#log, {
      writingPaced: () => this.#writingPaced,
      unpaced: (line) => this.emit("unpacedLine", line),
      refused: (refusal) => this.emit("refused", refusal),
    });

    logConnectionProblems(on, this.#log, () => serverLabel(this.#servers.current));
    listenForChannelKeys(on, this.#channels, this.#log);
    on("raw", (p) => p.from_server === true && typeof p.line === "string" && this.emit("serverLine", p.line));
    listenForSts(on, this.#sts, () => this.#target, () => this.#client.connection.end(null, true), this.#log);
    on("pong", (p) => {
      const token = str(p.message);
      if (token !== undefined) this.emit("pong", token);
    });

    on("join", (p) => {
      const channel = str(p.channel);
      if (channel === undefined || !this.#isUs(str(p.nick))) return;
      this.#channels.joined(channel);
      this.emit("joined", channel);
      this.#rejoined(channel);
    });

    on("part", (p) => {
      const channel = str(p.channel);
      if (channel === undefined || !this.#isUs(str(p.nick))) return;
      this.#channels.left(channel);
      this.emit("parted", channel);
    });

    on("kick", (p) => {
      const channel = str(p.channel);
      if (channel === undefined || !this.#isUs(str(p.kicked))) return;
      this.#channels.left(channel);
      const by = str(p.nick) ?? "?";
      const reason = str(p.message) ?? "";
      this.#log.warn({ channel, by, reason }, "irc kicked; rejoining soon");
      this.emit("kicked", channel, by, reason);
      if (!this.#channels.isWanted(channel)) return;
      this.#channels.startRejoin(channel);
      this.#later(this.#options.rejoinDelayMs ?? 5_000, () => {
        if (!this.#registered || !this.#channels.isRejoining(channel)) return;
        for (const line of joinLines([this.#channels.toJoin(channel)])) this.#client.connection.write(line);
        this.#later(this.#options.rejoinGraceMs ?? 5_000, () => this.#rejoined(channel)); // banned or invite-only: stop waiting
      });
    });

    on("nick", (p) => {
      const from = str(p.nick);
      const to = str(p.new_nick);
      if (from === undefined || to === undefined || !this.#isUs(from)) return;
      this.#nick = to;
      this.emit("nick", to);
    });

    listenForFreeNicks(on, (nick) => !this.#isUs(nick), {
      freed: (nick) => this.emit("nickFreed", nick),
      online: (nicks) => this.emit("online", nicks),
    });
  }
}
