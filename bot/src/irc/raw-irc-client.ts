import type { Socket } from "node:net";
import type { ClientOptions } from "irc-framework";

/** What we use of irc-framework's Client; tests hand in a fake. */
export interface RawIrcClient {
  connect(options: ClientOptions): void;
  on(event: string, listener: (payload: unknown) => void): unknown;
  changeNick(nick: string): void;
  /** Capabilities to ask for beyond irc-framework's own (fakes may leave it out). */
  requestCap?(caps: string[]): void;
  quit(message?: string): void;
  readonly connection: {
    readonly connected: boolean;
    write(line: string, callback?: (error?: Error | null) => void): unknown;
    end(data: string | null, hadError?: boolean): void;
    /** The TCP (or TLS) socket while connected: lines written in one tick are batched on it. Fakes may leave it out. */
    readonly transport?: { readonly socket?: Socket | null };
  };
  readonly network: { readonly options: Readonly<Record<string, unknown>> };
}
