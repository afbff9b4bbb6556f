import { Service, sleep, waitUntil } from "../harness/index.js";
import type { NemesisCluster, Replica } from "./nemesis-cluster.js";

/** A bot paused past its lease: no line of its process's nick may reach the channel from `resumedAt` on. */
export interface Pause {
  readonly replica: Replica;
  /** The paused process (it has a nick of its own). */
  readonly run: Service;
  readonly resumedAt: number;
}

export interface FaultRecord {
  readonly kind: FaultKind;
  readonly at: number;
  readonly detail: string;
  readonly pause?: Pause;
}

export type FaultKind = "bot SIGKILL" | "bot SIGSTOP past lease" | "gateway SIGKILL" | "IRC server restart" | "IRC black hole 20 s" | "Redis master SIGKILL" | "Redis SIGSTOP 5 s";

type Inject = (cluster: NemesisCluster, random: () => number) => Promise<Omit<FaultRecord, "kind" | "at">>;

const signal = (service: Service, name: NodeJS.Signals) => process.kill(service.process.pid!, name);

/** The faults, each as it happens to a deployment; the cluster's supervisor restarts a bot whose process ended. */
export const FAULTS: Readonly<Record<FaultKind, Inject>> = {
  "bot SIGKILL": async (cluster) => {
    const active = await cluster.waitForActive();
    await active.service.stop("SIGKILL");
    return { detail: active.id };
  },
  "bot SIGSTOP past lease": async (cluster) => pauseActiveBot(cluster, cluster.options.leaseMs + 2_000),
  "gateway SIGKILL": async (cluster, random) => {
    const gateways = cluster.stack.gateways;
    const index = Math.floor(random() * gateways.length);
    const gateway = gateways[index]!;
    await gateway.stop("SIGKILL");
    await sleep(1_000);
    const restarted = Object.assign(new Service("gateway", gateway.env, gateway.process.label).start(), { port: gateway.port, adminPort: gateway.adminPort, url: gateway.url });
    gateways[index] = restarted;
    cluster.stack.services.push(restarted);
    await restarted.waitForLog("webhooks listening", 20_000);
    return { detail: gateway.process.label };
  },
  "IRC server restart": async (cluster) => {
    await cluster.restartIrcServer();
    return { detail: "SIGTERM, started again; the observer rejoined first" };
  },
  "IRC black hole 20 s": async (cluster) => {
    cluster.relay.blackHole();
    await sleep(20_000);
    cluster.relay.forward();
    return { detail: "every byte dropped both ways" };
  },
  "Redis master SIGKILL": async (cluster) => {
    const master = await cluster.masterNode();
    await master.process.stop("SIGKILL");
    await waitUntil("the Sentinels to promote a replica", async () => (await cluster.stack.sentinel!.currentMasterPort()) !== master.port, 30_000, 100);
    await master.restart(); // it comes back as a replica of the new master (the Sentinels reconfigure it)
    return { detail: `master on port ${master.port}, restarted as a replica` };
  },
  "Redis SIGSTOP 5 s": async (cluster) => {
    const master = await cluster.masterNode();
    process.kill(master.process.pid!, "SIGSTOP");
    await sleep(5_000);
    process.kill(master.process.pid!, "SIGCONT");
    return { detail: `master on port ${master.port}` };
  },
};

/** SIGSTOPs the active bot for `pauseMs` (past its lease: a standby takes over meanwhile), then SIGCONTs it. */
export async function pauseActiveBot(cluster: NemesisCluster, pauseMs: number): Promise<{ detail: string; pause: Pause }> {
  const active = await cluster.waitForActive();
  const run = active.service;
  signal(run, "SIGSTOP");
  await sleep(pauseMs);
  const resumedAt = Date.now();
  signal(run, "SIGCONT");
  return { detail: `${active.id} for ${pauseMs} ms`, pause: { replica: active, run, resumedAt } };
}

/** Lines of a paused process's nick that reached the channel after it resumed. */
export function fencedLines(cluster: NemesisCluster, pause: Pause): number {
  return cluster.deliveries().filter((line) => line.from === pause.run.env.NICK && line.at >= pause.resumedAt).length;
}
