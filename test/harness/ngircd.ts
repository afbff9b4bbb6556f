import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManagedProcess } from "./child-process.js";
import { freePort } from "./free-port.js";
import { waitUntil } from "./wait-until.js";

export interface IrcServer {
  readonly host: string;
  readonly port: number;
  readonly process: ManagedProcess;
  restart(): Promise<void>;
  stop(): Promise<void>;
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
  const proc = new ManagedProcess(`ngircd:${port}`, "ngircd", ["-n", "-f", conf]);
  const up = async () => {
    const before = proc.output.length;
    proc.start();
    await waitUntil(`ngircd on ${port}`, () => proc.output.slice(before).some((line) => line.includes("Now listening on")), 10_000);
  };
  await up();
  return {
    host: "127.0.0.1",
    port,
    process: proc,
    async restart() {
      await proc.stop("SIGTERM");
      await up();
    },
    async stop() {
      await proc.stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
