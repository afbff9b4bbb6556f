import type { Socket } from "node:net";
import type { Sender } from "../commands/is-operator.js";
import type { LoginMethod } from "./registration/services-login.js";
import type { ServerRefusal } from "./confirmation/server-refusal.js";

/** A PRIVMSG to a channel we are in or to us. */
export interface IncomingMessage extends Sender {
  readonly target: string;
  readonly text: string;
  /** True when sent to us rather than to a channel. */
  readonly isPrivate: boolean;
}

/** The typed events of the one IRC connection; irc-framework's own names stay in irc-connection.ts. */
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
  /** The server refused a line or a join of ours. */
  refused: [refusal: ServerRefusal];
  /** Someone quit or changed nick away from this nick: it may be free now. */
  nickFreed: [nick: string];
  /** Services accepted our login (SASL or NickServ) under this account. */
  loggedIn: [account: string];
  /** Services refused our login; `problem` is the one line the log and the state show. */
  loginFailed: [method: LoginMethod, problem: string];
  /** Services reserve this nick for an account we are not logged in to (433 "reserved", NickServ's notice). */
  nickReserved: [nick: string, reason: string];
  /** An ISON answer: which of the nicks asked about are online. */
  online: [nicks: string[]];
  /** Every line from the server, raw (tags included), in order: echo confirmation reads their labels. */
  serverLine: [line: string];
  /** The server answered a PING of ours. */
  pong: [token: string];
  /** A new connection's socket, before any line is written on it (the lease fences it). */
  socket: [socket: Socket];
  /** A line went out that did not pass through writeLine (PING, PONG, JOIN, QUIT): flood control counts it. */
  unpacedLine: [line: string];
}
