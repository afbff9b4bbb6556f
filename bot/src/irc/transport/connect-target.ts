import type { Logger, ServerAddress, Settings } from "@helga/shared";
import type { StsConnection } from "./listen-for-sts.js";
import type { StsPolicies } from "./sts-policies.js";

/**
 * Where one connection attempt goes: the server's address, moved to TLS on its port by a known STS policy. TLS without
 * certificate checks is said at every connect: it is a setting nobody should forget is on.
 */
export function connectTarget(address: ServerAddress, server: Pick<Settings["server"], "ssl" | "sslVerify">, sts: StsPolicies, log: Logger): StsConnection {
  const { host } = address;
  const { port, tls } = sts.target(host, address.port, server.ssl);
  log.debug({ host, port, tls }, "irc connecting");
  if (tls && !server.sslVerify) log.warn({ host, port }, "irc TLS without certificate checks (SERVER_SSL_VERIFY=false): anyone on the path can read and change this connection");
  return { host, port, tls, verified: server.sslVerify };
}
