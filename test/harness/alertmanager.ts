import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManagedProcess } from "./child-process.js";
import { freePort } from "./free-port.js";
import { locateProgram } from "./test-tools.js";
import { waitUntil } from "./wait-until.js";

export interface Alertmanager {
  /** Its web and API address, also its external URL (the links in its notifications). */
  readonly url: string;
  readonly process: ManagedProcess;
  /** POSTs alerts to /api/v2/alerts; `endsAt` in the past resolves them. */
  postAlerts(alerts: readonly object[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real prometheus-alertmanager on a free loopback port, clustering off, its storage in a temp
 * folder; `receivers` is the YAML of its `receivers:` list (one receiver named "irc"), routed
 * with small group_wait / group_interval so a test sees notifications within seconds.
 */
export async function startAlertmanager(receivers: string): Promise<Alertmanager> {
  const program = locateProgram("prometheus-alertmanager") ?? locateProgram("alertmanager");
  if (!program) throw new Error("prometheus-alertmanager is not installed (apt install prometheus-alertmanager)");
  const dir = mkdtempSync(join(tmpdir(), "helga-alertmanager-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, "alertmanager.yml");
  writeFileSync(config, `route:\n  receiver: irc\n  group_by: [alertname]\n  group_wait: 100ms\n  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n${receivers}\n`);
  const args = [`--config.file=${config}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${url}/`, "--cluster.listen-address="];
  const process = new ManagedProcess("alertmanager", program, args);
  process.start();
  await waitUntil("alertmanager to be ready", async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true, 20_000);
  return {
    url,
    process,
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(alerts) });
      if (!response.ok) throw new Error(`alertmanager refused the alerts: ${response.status} ${await response.text()}`);
    },
    async stop() {
      await process.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
