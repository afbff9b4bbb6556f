import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import type { IrcServer } from "./ngircd.js";
import { startServerProcess } from "./server-process.js";

/**
 * How the one `<connect>` class treats fast clients:
 * - "kick-flooders": the limits Debian ships (threshold 10, recvq 8 KiB, softsendq 8 KiB)
 *   with fakelag off, so a client that floods is disconnected with "Excess Flood", as on
 *   the networks where hubot-irc users get kicked. (With fakelag on, InspIRCd's own
 *   default, it would delay instead and only drop with "RecvQ exceeded".)
 * - "unlimited": fakelag off and limits nobody reaches, for throughput tests and benchmarks.
 */
export type InspircdLimits = "kick-flooders" | "unlimited";

const CONNECT_LIMITS: Record<InspircdLimits, string> = {
  "kick-flooders": 'threshold="10" hardsendq="262144" softsendq="8192" recvq="8192" fakelag="no"',
  unlimited: 'threshold="1000000" commandrate="100000000" hardsendq="100M" softsendq="100M" recvq="100M" fakelag="no"',
};

/**
 * A real InspIRCd 3 on a free loopback port, in a temp folder; same shape as startNgircd().
 * `extra` lines are added to its configuration (modules, more ports).
 */
export async function startInspircd({ limits, extra = [] }: { limits: InspircdLimits; extra?: readonly string[] }): Promise<IrcServer> {
  const dir = mkdtempSync(join(tmpdir(), "helga-inspircd-"));
  const port = await freePort();
  const conf = join(dir, "inspircd.conf");
  const motd = join(dir, "motd");
  writeFileSync(motd, "test\n");
  writeFileSync(conf, [
    '<server name="irc.test.local" description="helga test server" network="HelgaTest">',
    '<admin name="test" nick="test" email="test@localhost">',
    `<bind address="127.0.0.1" port="${port}" type="clients">`,
    `<connect name="main" allow="*" timeout="60" pingfreq="120" localmax="1000" globalmax="1000" resolvehostnames="no" ${CONNECT_LIMITS[limits]}>`,
    `<pid file="${join(dir, "inspircd.pid")}">`,
    `<files motd="${motd}">`,
    '<dns server="127.0.0.1" timeout="1">',
    '<options prefixquit="Quit: ">',
    '<channels users="100" opers="100">',
    ...extra,
    "",
  ].join("\n"));
  const server = await startServerProcess({
    label: `inspircd:${port}`,
    command: "inspircd",
    args: ["--runasroot", "--nofork", "--config", conf],
    readyLine: "InspIRCd is now running",
    dir,
  });
  return { host: "127.0.0.1", port, ...server };
}
