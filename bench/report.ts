import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Machine } from "./machine.js";
import type { ProfileSummary } from "./summarise-profile.js";

/** One line of the figures table. A row with a target carries its verdict; others may carry a note. */
export interface Row {
  readonly measure: string;
  readonly figure: string;
  readonly detail: string;
  /** What the issue asks, e.g. "≥ 0.8"; absent for rows that only inform. */
  readonly target?: string;
  readonly met?: boolean;
  /** Shown in the verdict column of a row without a target. */
  readonly note?: string;
}

export interface BenchReport {
  readonly machine: Machine;
  /** 1-minute load average when the run began: other work on the machine skews every figure. */
  readonly loadAtStart: number;
  readonly settings: { readonly seconds: number; readonly rounds: number; readonly connections: number; readonly rate: number; readonly nodeFlags: string };
  readonly rows: readonly Row[];
  /** Free-form lines under the table (CPU split per run, skipped rows and why). */
  readonly notes: readonly string[];
  readonly profile: ProfileSummary | undefined;
  readonly elapsedSeconds: number;
}

/** Hand-written analysis below this line survives a rerun. */
const NOTES_MARK = "<!-- notes: kept by npm run bench -->";

export const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "lost");
export const ms = (value: number) => num(value, value < 10 ? 2 : 1);
const verdict = (row: Row) => (row.met === undefined ? (row.note ?? "") : row.met ? "**met**" : "**missed**");

/** The rows as a markdown table (printed as is, and written into BENCHMARKS.md). */
export function figuresTable(rows: readonly Row[]): string {
  const header = ["measure", "figure", "detail", "target", "verdict"];
  const lines = rows.map((row) => [row.measure, row.figure, row.detail, row.target ?? "", verdict(row)]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function profileSection(profile: ProfileSummary | undefined): string {
  if (!profile) return "No gateway target missed in this run, so no profile was taken (`npm run bench -- --profile` takes one anyway).";
  return [
    `A fresh gateway ran under the closed-loop load with \`node --cpu-prof\`; it was idle ${profile.idlePercent}% of the time.`,
    "Busy time spent in each step of a request, callees included (steps nest, so the shares overlap):",
    "",
    "| step | share of busy time |",
    "| --- | --- |",
    ...profile.steps.map(([step, percent]) => `| ${step} | ${percent}% |`),
    "",
    "Busy time by where the running code lives (self time):",
    "",
    "| area | share of busy time |",
    "| --- | --- |",
    ...profile.areas.map(([area, percent]) => `| ${area} | ${percent}% |`),
    "",
    "Functions with the most self time:",
    "",
    "| function | share |",
    "| --- | --- |",
    ...profile.functions.map(([name, percent]) => `| \`${name.replaceAll("|", "\\|")}\` | ${percent}% |`),
  ].join("\n");
}

/** Writes BENCHMARKS.md (keeping the notes after NOTES_MARK) and returns the table. */
export function writeReport(path: string, r: BenchReport): string {
  const previous = existsSync(path) ? readFileSync(path, "utf8") : "";
  const at = previous.indexOf(NOTES_MARK);
  const notes = at >= 0 ? previous.slice(at + NOTES_MARK.length).trim() : "## Notes\n\n(Analysis goes here; it survives reruns.)";
  const table = figuresTable(r.rows);
  const m = r.machine;
  const s = r.settings;
  const targets = r.rows.filter((row) => row.target !== undefined);
  writeFileSync(path, [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (bench/run-bench.ts); rerun it to refresh the figures. Everything runs on",
    "loopback in one run: a real redis-server (AOF, fsync every second as in docker-compose.yml),",
    "InspIRCd with a connect class without fakelag, the bot with flood control off (RATE_LIMIT=0),",
    "the gateway(s) at LOG_LEVEL=info, a bare express 5 app, and Hubot 2.19 + hubot-irc 0.2.9 when",
    "it installs (from npm into a temporary folder), and alertmanager-irc-relay when installed, each in its own process.",
    "",
    `Last run: ${new Date().toISOString()}, took ${num(r.elapsedSeconds)} s.`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, Linux ${m.kernel}.`,
    `Load average when the run began: ${num(r.loadAtStart, 2)} (other work on the machine shares the cores and skews every figure).`,
    `Node flags of the services: ${s.nodeFlags || "none"} (from runtime.env, as every run path starts them: images, npm start scripts, README).`,
    "",
    "## Method",
    "",
    `- (a) closed loop: autocannon, ${s.connections} connections, POST \`/say/bench-load\` with a small JSON body, ${s.rounds} rounds of`,
    `  ${s.seconds} s per system after a warm-up, the systems interleaved (each round starts with the next one) so that`,
    "  load from outside the bench hits them alike. The gateway's route awaits `client.msg` (an XADD to Redis) while the",
    "  bot drains to IRC; Hubot's route calls `robot.messageRoom` and answers; the bare express app parses the same JSON",
    "  body and answers the same text, nothing else. Pipeline throughput = PRIVMSGs seen by a separate IRC connection",
    "  in the channel ÷ time from the first request to the last PRIVMSG (so a bot that falls behind pays for it);",
    "  for bare express, answered requests ÷ run time. Ratios are per round; the table gives the median and range.",
    "- CPU per request / message: CPU time (user + system, /proc/<pid>/stat) each process used over all rounds,",
    "  divided by the requests it answered or the messages it sent.",
    `- (b) open loop at a fixed ${s.rate} req/s for ${s.seconds} s; each message is timed from writing the request to the`,
    "  PRIVMSG reaching the observer. A lost message counts as infinitely late.",
    "- (c) VmRSS from /proc/<pid>/status: idle after start-up and one delivery, and the peak sampled every 200 ms during (a) and (b);",
    "  alertmanager-irc-relay (Debian's Go relay) idle and under the same closed loop with an Alertmanager webhook.",
    `- (d) the closed-loop load split over two gateway processes (${s.connections / 2} connections each), summed.`,
    "  The load generator and all servers share the machine's cores.",
    "",
    "## Figures",
    "",
    table,
    "",
    ...r.notes.map((line) => line),
    "",
    "## Targets",
    "",
    ...targets.map((row) => `- ${row.measure} ${row.target}: ${verdict(row)} (${row.figure}).`),
    "",
    "## Gateway CPU profile",
    "",
    profileSection(r.profile),
    "",
    NOTES_MARK,
    "",
    notes,
    "",
  ].join("\n"));
  return table;
}
