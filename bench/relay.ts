/**
 * The relay Prometheus users install for IRC: alertmanager-irc-relay (Debian package, a Go
 * binary), for comparison. One process; Alertmanager webhooks in, one PRIVMSG per alert group out.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ManagedProcess, waitUntil } from "../test/harness/index.js";
import { runLoad } from "./load.js";
import { PeakRss, rssMiB } from "./rss.js";

const BINARY = "/usr/bin/alertmanager-irc-relay";

export interface RelayOptions {
  readonly ircHost: string;
  readonly ircPort: number;
  readonly nick: string;
  readonly channel: string;
  readonly httpPort: number;
}

/** An Alertmanager webhook (one firing alert) for `POST /<channel without #>`. */
export const RELAY_BODY = JSON.stringify({
  version: "4",
  status: "firing",
  receiver: "irc",
  groupLabels: { alertname: "BenchAlert" },
  commonLabels: { alertname: "BenchAlert", job: "bench" },
  commonAnnotations: {},
  externalURL: "http://alertmanager.invalid",
  alerts: [{ status: "firing", labels: { alertname: "BenchAlert", instance: "bench" }, annotations: {}, startsAt: "2026-01-01T00:00:00Z", endsAt: "0001-01-01T00:00:00Z" }],
});

/** Starts the relay, or says why it cannot (the bench then skips its rows). */
export function startRelay({ ircHost, ircPort, nick, channel, httpPort }: RelayOptions): ManagedProcess | { skipped: string } {
  if (!existsSync(BINARY)) return { skipped: `${BINARY} is not installed (apt-get install alertmanager-irc-relay)` };
  const dir = mkdtempSync(join(tmpdir(), "helga-bench-relay-"));
  const config = join(dir, "relay.yml");
  writeFileSync(config, [
    `http_host: 127.0.0.1`,
    `http_port: ${httpPort}`,
    `irc_host: ${ircHost}`,
    `irc_port: ${ircPort}`,
    `irc_use_ssl: no`,
    `irc_nickname: ${nick}`,
    `irc_realname: bench relay`,
    `irc_channels:`,
    `  - name: "${channel}"`,
    `msg_once_per_alert_group: yes`,
    `use_privmsg: yes`,
    `msg_template: "Alert {{ .GroupLabels.alertname }} for {{ .GroupLabels.job }} is {{ .Status }}"`,
    `alert_buffer_size: 2048`,
    "",
  ].join("\n"));
  const proc = new ManagedProcess("alertmanager-irc-relay", BINARY, ["--config", config], { PATH: process.env.PATH ?? "" }, dir);
  proc.start();
  return proc;
}

export interface RelayRss {
  readonly idle: number;
  readonly peak: number;
  readonly requestsPerSecond: number;
  readonly delivered: number;
}

/** The relay's RSS idle (after joining and one alert) and its peak under the same closed loop as (a), for `seconds`. */
export async function measureRelay(options: RelayOptions & { seconds: number; connections: number; delivered: () => number }): Promise<RelayRss | { skipped: string }> {
  const started = startRelay(options);
  if ("skipped" in started) return started;
  try {
    const url = `http://127.0.0.1:${options.httpPort}/${options.channel.replace(/^#/, "")}`;
    await waitUntil(`alertmanager-irc-relay to deliver an alert\n${started.tail()}`, async () => {
      await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: RELAY_BODY }).catch(() => undefined);
      return options.delivered() > 0;
    }, 30_000, 500);
    await sleep(2_000);
    const pid = started.pid ?? 0;
    const idle = rssMiB(pid);
    const before = options.delivered();
    const peaks = new PeakRss([pid]);
    const load = await runLoad({ url, seconds: options.seconds, connections: options.connections, body: RELAY_BODY });
    const peak = peaks.stop().get(pid) ?? Number.NaN;
    return { idle, peak, requestsPerSecond: load.requestsPerSecond, delivered: options.delivered() - before };
  } finally {
    await started.stop("SIGKILL");
  }
}
