import { median, type SystemRun } from "./interleaved-rounds.js";
import type { LoadResult } from "./load.js";
import { num, type Row } from "./report.js";

export const TARGETS = { vsBare: 0.8, vsHubot: 1.1, botCpuUs: 60, gatewayCpuVsBare: 1.2, p99Ms: 10, idleMiB: 64, loadMiB: 96 } as const;

/** The rows of (a): throughput per system, the ratios per round, CPU per request and per message. */
export function closedLoopRows(rounds: ReadonlyMap<string, readonly SystemRun[]>, hubotSkipped: string | undefined): Row[] {
  const bare = rounds.get("bare") ?? [];
  const ours = rounds.get("ours") ?? [];
  const hubot = rounds.get("hubot") ?? [];
  const rates = (runs: readonly SystemRun[]) => runs.map((run) => Math.round(run.throughput)).join(", ");
  const ratios = (of: readonly SystemRun[], to: readonly SystemRun[]) => of.map((run, i) => run.throughput / to[i]!.throughput);
  const ratioFigure = (values: readonly number[]) => `${num(median(values), 2)} (${num(Math.min(...values), 2)}–${num(Math.max(...values), 2)})`;
  // Requests still in flight when autocannon stops are answered and delivered but not counted as answered: hence the max.
  const lost = (runs: readonly SystemRun[]) => runs.reduce((sum, run) => sum + Math.max(0, run.load.ok - run.delivered), 0);
  const failures = (runs: readonly SystemRun[]) => runs.reduce((sum, run) => sum + run.load.failures, 0);
  const perRequestUs = (runs: readonly SystemRun[], role: string, per: "ok" | "delivered") =>
    (runs.reduce((sum, run) => sum + (run.cpu[role] ?? 0), 0) / runs.reduce((sum, run) => sum + (per === "ok" ? run.load.ok : run.delivered), 0)) * 1e6;
  const httpRates = (runs: readonly SystemRun[]) => runs.map((run) => Math.round(run.load.requestsPerSecond)).join(", ");
  const p99s = (runs: readonly SystemRun[]) => runs.map((run) => run.load.p99Ms).join(", ");
  const pipelineRow = (measure: string, runs: readonly SystemRun[]): Row => ({
    measure,
    figure: `${num(median(runs.map((r) => r.throughput)))} msg/s`,
    detail: `rounds ${rates(runs)}; HTTP ${httpRates(runs)} req/s, p99 ${p99s(runs)} ms`,
    note: `${lost(runs)} lost, ${failures(runs)} failures`,
  });
  const rows: Row[] = [
    { measure: "(a) bare express 5 handler", figure: `${num(median(bare.map((r) => r.throughput)))} req/s`, detail: `rounds ${rates(bare)}; p99 ${p99s(bare)} ms`, note: `${failures(bare)} failures` },
    pipelineRow("(a) this project, HTTP → Redis → bot → IRC", ours),
    ...(hubot.length > 0 ? [pipelineRow("(a) Hubot 2.19 + hubot-irc 0.2.9, HTTP → IRC", hubot)] : []),
  ];
  const vsBare = ratios(ours, bare);
  rows.push({ measure: "(a) throughput ratio this project / bare express", figure: ratioFigure(vsBare), detail: "median (range) over the rounds", target: `≥ ${TARGETS.vsBare}`, met: median(vsBare) >= TARGETS.vsBare });
  if (hubot.length > 0) {
    const vsHubot = ratios(ours, hubot);
    rows.push({ measure: "(a) throughput ratio this project / Hubot", figure: ratioFigure(vsHubot), detail: "median (range) over the rounds", target: `≥ ${TARGETS.vsHubot}`, met: median(vsHubot) >= TARGETS.vsHubot });
  } else {
    rows.push({ measure: "(a) throughput ratio this project / Hubot", figure: "skipped", detail: hubotSkipped ?? "", note: "Hubot did not install" });
  }
  const botUs = perRequestUs(ours, "bot", "delivered");
  const gatewayUs = perRequestUs(ours, "gateway", "ok");
  const bareUs = perRequestUs(bare, "bare", "ok");
  rows.push(
    { measure: "CPU per message, bot", figure: `${num(botUs)} µs`, detail: "bot CPU time over (a) ÷ messages sent", target: `≤ ${TARGETS.botCpuUs} µs`, met: botUs <= TARGETS.botCpuUs },
    {
      measure: "CPU per request, gateway / bare express",
      figure: num(gatewayUs / bareUs, 2),
      detail: `gateway ${num(gatewayUs)} µs, bare express ${num(bareUs)} µs`,
      target: `≤ ${TARGETS.gatewayCpuVsBare}`,
      met: gatewayUs / bareUs <= TARGETS.gatewayCpuVsBare,
    },
  );
  if (hubot.length > 0) rows.push({ measure: "CPU per request, Hubot (HTTP and IRC in one process)", figure: `${num(perRequestUs(hubot, "hubot", "ok"))} µs`, detail: `this project: gateway + bot ${num(gatewayUs + botUs)} µs`, note: "for comparison" });
  return rows;
}

export function sumCpu(runs: readonly SystemRun[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const run of runs) for (const [role, seconds] of Object.entries(run.cpu)) total[role] = (total[role] ?? 0) + seconds;
  return total;
}

export function roundCpu(cpu: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(cpu).map(([role, seconds]) => [role, Math.round(seconds * 100) / 100]));
}

export function cpuText(split: Readonly<Record<string, number>>): string {
  return Object.entries(split).map(([name, seconds]) => `${name} ${num(seconds, 1)}`).join(", ");
}

export function fmtLoad(result: LoadResult): string {
  return `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.failures} failures`;
}
