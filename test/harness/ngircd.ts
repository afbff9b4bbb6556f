import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

export interface IrcServer extends ServerProcess {
  readonly host: string;
  readonly port: number;
}

/**
 * A real ngircd on a free loopback port. It runs as root here and drops to nobody, so the
 * folder and config must be world-readable. It paces fast clients (~3 lines/s after a burst)
 * and never disconnects them for it.
 */
export async function startNgircd(): Promise<IrcServer> {
  const dir = mkdtempSync(join(tmpdir(), "helga-ngircd-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, "ngircd.conf");
  writeFileSync(conf, [
    "[Global]", "Name = irc.test.local", "Info = helga test server", "Listen = 127.0.0.1", `Ports = ${port}`, "MotdPhrase = test",
    "[Limits]", "MaxConnectionsIP = 0", "MaxJoins = 0", "MaxNickLength = 30", "PingTimeout = 120", "PongTimeout = 20",
    "[Options]", "PAM = no", "Ident = no", "DNS = no",
    "",
  ].join("\n"));
  chmodSync(conf, 0o644);
  const server = await startServerProcess({ label: `ngircd:${port}`, command: "ngircd", args: ["-n", "-f", conf], readyLine: "Now listening on", dir });
  return { host: "127.0.0.1", port, ...server };
}
