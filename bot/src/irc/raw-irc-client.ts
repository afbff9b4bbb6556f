import type { ClientOptions } from "irc-framework";

/** What we use of irc-framework's Client; tests hand in a fake. */
export interface RawIrcClient {
  connect(options: ClientOptions): void;
  on(event: string, listener: (payload: unknown) => void): unknown;
  changeNick(nick: string): void;
  quit(message?: string): void;
  readonly connection: {
    readonly connected: boolean;
    write(line: string, callback?: (error?: Error | null) => void): unknown;
    end(data: string | null, hadError?: boolean): void;
  };
  readonly network: { readonly options: Readonly<Record<string, unknown>> };
}
