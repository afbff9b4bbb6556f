import { EventEmitter } from "node:events";
import ircFramework from "irc-framework";
import { isChannel, type Logger } from "@helga/shared";
import { AccountTracker } from "./account-tracker.js";
import { ChannelMembership } from "./channels/channel-membership.js";
import type { IrcEvents } from "./irc-events.js";
import { ircLower, toCaseMapping, type CaseMapping } from "./irc-lower.js";
import { asPayload, type Payload } from "./irc-payload.js";
import { clientOptions } from "./transport/client-options.js";
import { connectTarget } from "./transport/connect-target.js";
import { ConnectionTimers } from "./connection-timers.js";
import type { IrcConnectionOptions } from "./irc-connection-options.js";
import { joinLimits, joinLines } from "./channels/join-lines.js";
import { listenForSts, type StsConnection } from "./transport/listen-for-sts.js";
import { listenForMessages } from "./listen-for-messages.js";
import { listenForOwnChannels } from "./channels/listen-for-own-channels.js";
import { listenForRawLines } from "./listen-for-raw-lines.js";
import { NotConnectedError } from "./not-connected-error.js";
import type { RawIrcClient } from "./raw-irc-client.js";
import { writeOnSocket } from "./transport/write-on-socket.js";
import { logConnectionProblems } from "./reconnect/log-connection-problems.js";
import { Reconnects } from "./reconnect/reconnects.js";
import { ServerList, serverLabel } from "./reconnect/server-list.js";
import { listenForNicks } from "./registration/listen-for-nicks.js";
import { loginOptions } from "./registration/login-options.js";
import { Signon } from "./registration/signon.js";
import { StsPolicies } from "./transport/sts-policies.js";

/**
 * The bot's single IRC connection: reads and writes, joins its channels once registered and
 * rejoins after a kick or a reconnect. Signing on (nick fallback, SASL, NickServ) lives in
 * registration/, reconnecting and failover in reconnect/; irc-framework's own reconnect is off.
 */
export class IrcConnection extends EventEmitter<IrcEvents> {
  readonly #options: IrcConnectionOptions;
  readonly #client: RawIrcClient;
  readonly #log: Logger;
  readonly #servers: ServerList;
  readonly #channels = new ChannelMembership((name) => this.#lower(name));
  readonly #accounts = new AccountTracker((nick) => this.#lower(nick));
  readonly #timers = new ConnectionTimers();
  readonly #signon: Signon;
  readonly #reconnects: Reconnects;
  readonly #sts: StsPolicies;
  /** Where the current connection attempt goes (STS may send it to a TLS port). */
  #target: StsConnection = { host: "", port: 0, tls: false, verified: false };
  #registered = false;
  #session = 0;
  #nick: string;
  #writingPaced = false;
  readonly #lower = (text: string) => ircLower(text, this.casemapping);
  readonly #isUs = (nick: string | undefined) => nick !== undefined && this.#lower(nick) === this.#lower(this.#nick);

  constructor(options: IrcConnectionOptions) {
    super();
    this.#options = options;
    this.#log = options.logger;
    this.#nick = options.settings.nick;
    this.#servers = options.servers ?? new ServerList(options.settings.server.servers);
    this.#sts = options.sts ?? new StsPolicies();
    this.#client = (options.createClient ?? (() => new ircFramework.Client()))();
    this.#client.requestCap?.(["echo-message", "labeled-response"]); // confirmation by echo (echo-confirmation.ts) where offered
    this.#signon = new Signon({
      nick: options.settings.nick,
      server: options.settings.server,
      log: this.#log,
      later: this.#timers.later,
      registered: () => this.#registered,
      tryNick: (nick) => this.#client.changeNick((this.#nick = nick)),
      send: (line) => this.#client.connection.write(line),
      quit: (reason) => this.#client.quit(reason),
      welcomed: (nick) => this.#welcomed(nick),
      signedOn: () => this.#joinAll(),
      events: this,
    });
    this.#reconnects = new Reconnects({
      servers: this.#servers,
      capMs: options.reconnectCapMs ?? 30_000,
      loginRetryMs: options.loginRetryMs ?? 15_000,
      log: this.#log,
      later: this.#timers.later,
      connect: () => this.#connect(),
    });
    for (const channel of options.settings.channels) {
      if (isChannel(channel)) this.#channels.want(channel, options.settings.channelKeys[channel]);
      else this.#log.warn({ channel }, "CHANNELS entry is not a valid channel name; skipped");
    }
    this.on("loggedIn", () => this.#reconnects.loggedIn());
    this.on("loginFailed", () => this.#reconnects.loginRefused());
    this.#listen();
  }

  get registered(): boolean {
    return this.#registered;
  }

  get ready(): boolean {
    return this.#registered && this.#signon.settled && this.#channels.rejoining === 0;
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

  /** Why services refused the last login, until one succeeds. */
  get loginProblem(): string | undefined {
    return this.#signon.loginProblem;
  }

  get casemapping(): CaseMapping {
    return toCaseMapping(this.#client.network.options.CASEMAPPING);
  }

  start(): void {
    this.#reconnects.resume();
    this.#connect();
  }

  /**
   * Writes one raw line; resolves once the socket has taken it. With `session`, refuses to write
   * on a later connection than the one the caller started on (its earlier lines may be lost).
   */
  writeLine(line: string, session?: number): Promise<void> {
    if (!this.#registered || !this.#client.connection.connected) return Promise.reject(new NotConnectedError());
    if (session !== undefined && session !== this.#session) return Promise.reject(new NotConnectedError("the IRC connection was replaced"));
    return writeOnSocket(this.#client.connection, line, (writing) => (this.#writingPaced = writing));
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
    this.#reconnects.stop();
    this.#timers.clear();
    if (!this.#client.connection.connected) return;
    const closed = this.#reconnects.closing(timeoutMs);
    this.#client.quit(message);
    await closed;
  }

  #connect(): void {
    const { server } = this.#options.settings;
    const { host, port, tls } = (this.#target = connectTarget(this.#servers.current, server, this.#sts, this.#log));
    this.#nick = this.#signon.restart();
    this.#client.connect({ ...clientOptions(server, this.#nick, host, port, this.#options.pingTimeoutSeconds, tls), ...loginOptions(server.auth) });
    const socket = this.#client.connection.transport?.socket;
    if (socket) this.emit("socket", socket);
  }

  #welcomed(nick: string | undefined): void {
    this.#registered = true;
    this.#session += 1;
    this.#nick = nick ?? this.#nick;
    this.#reconnects.succeeded();
    this.#log.info({ nick: this.#nick, server: serverLabel(this.#servers.current) }, "irc registered");
    this.emit("registered", this.#nick);
  }

  /** The server handles our lines in order: queued PRIVMSGs come after these JOINs. */
  #joinAll(): void {
    for (const line of joinLines(this.#channels.wantedToJoin, joinLimits(this.#client.network.options))) this.#client.connection.write(line);
    this.emit("ready");
  }

  #listen(): void {
    const on = (event: string, listener: (payload: Payload) => void) => this.#client.on(event, (payload) => listener(asPayload(payload)));
    listenForMessages(on, this.#accounts, (message) => !this.#isUs(message.nick) && this.emit("message", message)); // not our own echoes

    this.#signon.listen(on);

    on("close", () => {
      const wasRegistered = this.#registered;
      this.#registered = false;
      this.#channels.clear();
      this.#accounts.clear();
      if (wasRegistered) {
        this.#log.warn({ nick: this.#nick }, "irc disconnected");
        this.emit("disconnected", "connection closed");
      }
      this.#reconnects.closed();
    });

    listenForRawLines(on, this.#log, {
      writingPaced: () => this.#writingPaced,
      unpaced: (line) => this.emit("unpacedLine", line),
      refused: (refusal) => this.emit("refused", refusal),
      pong: (token) => this.emit("pong", token),
    });
    logConnectionProblems(on, this.#log, () => serverLabel(this.#servers.current));
    on("raw", (p) => p.from_server === true && typeof p.line === "string" && this.emit("serverLine", p.line));
    listenForSts(on, this.#sts, () => this.#target, () => this.#client.connection.end(null, true), this.#log);
    listenForOwnChannels(on, {
      channels: this.#channels,
      isUs: this.#isUs,
      log: this.#log,
      events: this,
      registered: () => this.#registered,
      write: (line) => this.#client.connection.write(line),
      later: this.#timers.later,
      ready: () => this.ready,
      timings: this.#options,
    });

    listenForNicks(on, (nick) => this.#isUs(nick), {
      ours: (nick) => this.emit("nick", (this.#nick = nick)),
      freed: (nick) => this.emit("nickFreed", nick),
      online: (nicks) => this.emit("online", nicks),
    });
  }
}
