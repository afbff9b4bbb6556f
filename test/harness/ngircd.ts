import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

export interface IrcServer extends ServerProcess {
  readonly host: string;
  readonly port: number;
  /** A second, TLS port with a self-signed certificate for "localhost", when asked for. */
  readonly tlsPort?: number;
}

/**
 * A real ngircd on a free loopback port. It runs as root here and drops to nobody, so the
 * folder and config must be world-readable. It paces fast clients (~3 lines/s after a burst)
 * and never disconnects them for it.
 */
export async function startNgircd({ tls = false }: { tls?: boolean } = {}): Promise<IrcServer> {
  const dir = mkdtempSync(join(tmpdir(), "helga-ngircd-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const conf = join(dir, "ngircd.conf");
  writeFileSync(conf, [
    "[Global]", "Name = irc.test.local", "Info = helga test server", "Listen = 127.0.0.1", `Ports = ${port}`, "MotdPhrase = test",
    "[Limits]", "MaxConnectionsIP = 0", "MaxJoins = 0", "MaxNickLength = 30", "PingTimeout = 120", "PongTimeout = 20",
    "[Options]", "PAM = no", "Ident = no", "DNS = no",
    ...(tlsPort ? ["[SSL]", `CertFile = ${join(dir, "cert.pem")}`, `KeyFile = ${join(dir, "key.pem")}`, `Ports = ${tlsPort}`] : []),
    "",
  ].join("\n"));
  chmodSync(conf, 0o644);
  if (tlsPort) selfSignedCertificate(dir);
  const server = await startServerProcess({ label: `ngircd:${port}`, command: "ngircd", args: ["-n", "-f", conf], readyLine: "Now listening on", dir });
  return { host: "127.0.0.1", port, ...(tlsPort ? { tlsPort } : {}), ...server };
}

/** cert.pem and key.pem in `dir`, readable by ngircd after it drops to nobody. */
function selfSignedCertificate(dir: string): void {
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  for (const file of ["key.pem", "cert.pem"]) chmodSync(join(dir, file), 0o644);
}
