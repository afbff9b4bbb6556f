import type { ClientOptions } from "irc-framework";
import type { Settings } from "@helga/shared";
import { tlsTransport } from "./tls-transport.js";

/** irc-framework's options for one connection attempt to `host:port` as `nick`. */
export function clientOptions(server: Settings["server"], nick: string, host: string, port: number, pingTimeoutSeconds = 20, tls = server.ssl): ClientOptions {
  return {
    host,
    port,
    tls,
    rejectUnauthorized: server.sslVerify,
    transport: tlsTransport(server.tls),
    ...(server.password !== undefined ? { password: server.password } : {}),
    account: server.sasl ? { account: server.sasl.username, password: server.sasl.password } : {},
    nick,
    username: nick,
    gecos: "helga webhooks",
    version: "helga webhooks",
    auto_reconnect: false, // IrcConnection reconnects itself, with backoff and a server list
    ping_interval: 0, // PingFence sends our PINGs: they confirm lines as well as liveness
    ping_timeout: pingTimeoutSeconds,
  };
}
