import { createRequire } from "node:module";
import { isIP } from "node:net";
import tls from "node:tls";

/** The members of irc-framework's TCP/TLS transport (src/transports/net.js) that its TLS connect sets up. */
interface NetTransport {
  options: {
    host: string;
    port: number;
    tls?: boolean;
    rejectUnauthorized?: boolean;
    encoding?: string;
    client_certificate?: { private_key?: string; certificate?: string };
  };
  socket: tls.TLSSocket | null;
  state: number;
  requested_disconnect: boolean;
  incoming_buffer: Buffer;
  connect(): void;
  disposeSocket(): void;
  setEncoding(encoding: string): boolean;
  _onSocketCreate(options: NetTransport["options"], socket: tls.TLSSocket): void;
}
type NetTransportClass = new (options: NetTransport["options"]) => NetTransport;

const NetTransportBase = createRequire(import.meta.url)("irc-framework/src/transports/net.js") as NetTransportClass;
/** net.js's SOCK_CONNECTING. */
const CONNECTING = 1;

/** What the bot adds to irc-framework's TLS connect. */
export interface TlsTrust {
  /** Extra CA certificates (PEM) to trust besides Node's bundle (SERVER_TLS_CA). */
  readonly ca: string | undefined;
}

/**
 * irc-framework's transport, with TLS opened here: its own passes no `ca`, so a private CA
 * could only be trusted by turning verification off. The system's CAs stay trusted beside
 * SERVER_TLS_CA (Node replaces its bundle when given `ca`, so both are passed).
 */
export function tlsTransport(trust: TlsTrust): NetTransportClass {
  const ca = trust.ca === undefined ? undefined : [...tls.rootCertificates, trust.ca];
  return class TlsTransport extends NetTransportBase {
    override connect(): void {
      if (!this.options.tls) {
        super.connect();
        return;
      }
      const { host, port, rejectUnauthorized, client_certificate: client } = this.options;
      this.disposeSocket();
      this.requested_disconnect = false;
      this.incoming_buffer = Buffer.alloc(0);
      if (!this.options.encoding || !this.setEncoding(this.options.encoding)) this.setEncoding("utf8");
      this.state = CONNECTING;
      this.socket = tls.connect({
        host,
        port,
        ...(isIP(host) ? {} : { servername: host }), // SNI, as irc-framework sends it
        rejectUnauthorized: rejectUnauthorized !== false,
        ...(ca ? { ca } : {}),
        ...(client?.certificate !== undefined ? { cert: client.certificate, key: client.private_key } : {}), // CertFP
      });
      this._onSocketCreate(this.options, this.socket);
    }
  };
}
