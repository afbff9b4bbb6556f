import { EventEmitter } from "node:events";
import type { ClientOptions } from "irc-framework";
import type { RawIrcClient } from "../src/irc/raw-irc-client.js";

/** Stands in for irc-framework's Client: records what the wrapper does, lets the test play the server. */
export class FakeClient extends EventEmitter implements RawIrcClient {
  readonly connects: ClientOptions[] = [];
  readonly written: string[] = [];
  readonly nickChanges: string[] = [];
  readonly network = { options: {} as Record<string, unknown> };
  readonly connection = {
    connected: false,
    write: (line: string, callback?: (error?: Error | null) => void) => {
      this.written.push(line);
      callback?.();
      return true;
    },
    end: () => this.close(),
  };
  connect(options: ClientOptions): void {
    this.connects.push(options);
    this.connection.connected = true;
  }
  changeNick(nick: string): void {
    this.nickChanges.push(nick);
  }
  readonly quits: string[] = [];
  quit(message = ""): void {
    this.quits.push(message);
    this.close();
  }
  close(): void {
    this.connection.connected = false;
    this.emit("close", false);
  }
}
