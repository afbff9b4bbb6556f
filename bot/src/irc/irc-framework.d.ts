/**
 * The slice of irc-framework (untyped JavaScript) that irc-connection.ts uses. Nothing else
 * in the bot imports irc-framework, so its loose event names stay in that one module.
 */
declare module "irc-framework" {
  export interface ClientOptions {
    host: string;
    port: number;
    tls: boolean;
    rejectUnauthorized: boolean;
    /** The class that opens the socket (tls-transport.ts: irc-framework's, with a CA to trust). */
    transport?: new (options: never) => unknown;
    password?: string;
    /** SASL PLAIN credentials; an empty object stops irc-framework reusing the server password for SASL. */
    account: { account?: string; password?: string };
    /** PLAIN (default) or EXTERNAL (the TLS client certificate is the login). */
    sasl_mechanism?: "PLAIN" | "EXTERNAL";
    /** PEM texts of the TLS client certificate and its key. */
    client_certificate?: { certificate: string; private_key: string };
    nick: string;
    username: string;
    gecos: string;
    version: string;
    auto_reconnect: boolean;
    ping_interval: number;
    ping_timeout: number;
  }

  export class Client {
    connect(options: ClientOptions): void;
    on(event: string, listener: (payload: unknown) => void): this;
    changeNick(nick: string): void;
    requestCap(caps: string[]): void;
    quit(message?: string): void;
    readonly connection: {
      readonly connected: boolean;
      write(line: string, callback?: (error?: Error | null) => void): boolean | undefined;
      /** Closes the socket; with `hadError` it is destroyed at once rather than ended politely. */
      end(data: string | null, hadError?: boolean): void;
      readonly transport?: { readonly socket?: import("node:net").Socket | null };
    };
    readonly network: { readonly options: Readonly<Record<string, unknown>> };
  }

  const ircFramework: { Client: typeof Client };
  export default ircFramework;
}
