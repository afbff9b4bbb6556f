import { freePort } from "./free-port.js";
import { startInspircd } from "./inspircd.js";
import type { IrcServer } from "./ngircd.js";

/** A certificate and its key, as PEM file paths. */
export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
}

/** InspIRCd with its plain port plus one TLS port (m_ssl_gnutls) per named certificate. */
export interface TlsInspircd extends IrcServer {
  readonly tlsPorts: Readonly<Record<string, number>>;
}

/**
 * Starts InspIRCd serving each certificate of `profiles` on a TLS port of its own; `extra` adds
 * configuration lines, made from the TLS ports when it is a function (an STS policy names one).
 */
export async function startTlsInspircd(
  profiles: Readonly<Record<string, CertificateFiles>>,
  extra: readonly string[] | ((tlsPorts: Readonly<Record<string, number>>) => readonly string[]) = [],
): Promise<TlsInspircd> {
  const tlsPorts: Record<string, number> = {};
  const lines = ['<module name="ssl_gnutls">'];
  for (const [name, { cert, key }] of Object.entries(profiles)) {
    tlsPorts[name] = await freePort();
    lines.push(
      `<sslprofile name="${name}" provider="gnutls" certfile="${cert}" keyfile="${key}" dhfile="" requestclientcert="no">`,
      `<bind address="127.0.0.1" port="${tlsPorts[name]}" type="clients" sslprofile="${name}">`,
    );
  }
  const more = typeof extra === "function" ? extra(tlsPorts) : extra;
  const server = await startInspircd({ limits: "unlimited", extra: [...lines, ...more] });
  return { ...server, tlsPorts };
}
