import type { Posted } from "../harness/index.js";
import { fencedLines, type FaultKind, type FaultRecord } from "./faults.js";
import type { NemesisCluster } from "./nemesis-cluster.js";

export interface Tally {
  readonly minutes: number;
  readonly faults: ReadonlyMap<FaultKind, number>;
  readonly accepted: number;
  readonly refused503: number;
  /** No answer (a gateway killed mid-request, a timeout) or any status other than 2xx and 503. */
  readonly errors: number;
  /** Answered 2xx but never seen in the channel. */
  readonly lost: readonly string[];
  readonly duplicates: number;
  /** Bot IRC connections that ended (sign-ons past the first). */
  readonly connectionsLost: number;
  readonly maxUnconfirmed: number;
  /** Lines from a paused bot after it resumed (before it held the lease again). */
  readonly fenced: number;
  /** The longest stretch without a line reaching the channel, load start to last delivery. */
  readonly longestSilenceMs: number;
  readonly wedged: readonly string[];
}

const is2xx = (posted: Posted) => posted.status >= 200 && posted.status < 300;

/** Settles the run's accounts from what users saw: the answers the senders got and the lines in the channel. */
export function tallyRun(cluster: NemesisCluster, run: { posted: readonly Posted[]; faults: readonly FaultRecord[]; startedAt: number; minutes: number; maxUnconfirmed: number; wedged: readonly string[] }): Tally {
  const lines = cluster.deliveries();
  const texts = lines.map((line) => line.params[1] ?? "");
  const seen = new Set(texts);
  const faults = new Map<FaultKind, number>();
  for (const fault of run.faults) faults.set(fault.kind, (faults.get(fault.kind) ?? 0) + 1);
  const times = [run.startedAt, ...lines.map((line) => line.at).filter((at) => at >= run.startedAt)].sort((a, b) => a - b);
  return {
    minutes: run.minutes,
    faults,
    accepted: run.posted.filter(is2xx).length,
    refused503: run.posted.filter((posted) => posted.status === 503).length,
    errors: run.posted.filter((posted) => !is2xx(posted) && posted.status !== 503).length,
    lost: run.posted.filter((posted) => is2xx(posted) && !seen.has(posted.text)).map((posted) => posted.text),
    duplicates: texts.length - seen.size,
    connectionsLost: cluster.registrations() - 1,
    maxUnconfirmed: run.maxUnconfirmed,
    fenced: run.faults.reduce((sum, fault) => sum + (fault.pause ? fencedLines(cluster, fault.pause) : 0), 0),
    longestSilenceMs: times.slice(1).reduce((longest, at, i) => Math.max(longest, at - times[i]!), 0),
    wedged: run.wedged,
  };
}

/** What the run must show: nothing acknowledged lost, duplicates within the bound, no fenced line, nothing wedged. */
export function tallyProblems(tally: Tally): string[] {
  const problems: string[] = [];
  if (tally.lost.length > 0) problems.push(`${tally.lost.length} answered 2xx but never delivered, first: ${tally.lost.slice(0, 10).join(", ")}`);
  const bound = tally.maxUnconfirmed * tally.connectionsLost;
  if (tally.duplicates > bound) problems.push(`${tally.duplicates} duplicates, over MAX_UNCONFIRMED × connections lost = ${bound}`);
  if (tally.fenced > 0) problems.push(`${tally.fenced} lines from a paused bot after it resumed`);
  if (tally.wedged.length > 0) problems.push(`wedged: ${tally.wedged.join("; ")}`);
  return problems;
}

/** One Markdown table: faults by kind, then the accounts. */
export function tallyTable(tally: Tally): string {
  const rows: [string, string][] = [
    ...[...tally.faults].map(([kind, count]): [string, string] => [`fault: ${kind}`, String(count)]),
    ["faults in all", String([...tally.faults.values()].reduce((a, b) => a + b, 0))],
    ["requests answered 2xx", String(tally.accepted)],
    ["requests answered 503 (allowed)", String(tally.refused503)],
    ["requests with no answer or another status", String(tally.errors)],
    ["lost (2xx, never in the channel)", String(tally.lost.length)],
    ["duplicates in the channel", String(tally.duplicates)],
    ["bot IRC connections lost", String(tally.connectionsLost)],
    ["bound: MAX_UNCONFIRMED × connections lost", `${tally.maxUnconfirmed} × ${tally.connectionsLost} = ${tally.maxUnconfirmed * tally.connectionsLost}`],
    ["lines from a paused bot after SIGCONT", String(tally.fenced)],
    ["longest time with no delivery", `${(tally.longestSilenceMs / 1000).toFixed(1)} s`],
    ["processes wedged", tally.wedged.length === 0 ? "0" : tally.wedged.join("; ")],
  ];
  return [`Nemesis run, ${tally.minutes} min`, "", "| | |", "|---|---|", ...rows.map(([name, value]) => `| ${name} | ${value} |`), ""].join("\n");
}
