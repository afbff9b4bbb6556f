import { TARGETS } from "./closed-loop-rows.js";
import type { RelayRss } from "./relay.js";
import { num, type Row } from "./report.js";

export interface ServiceRss {
  readonly idle: number;
  readonly idleAnon: number;
  /** Peak over (a) and (b). */
  readonly load: number;
  readonly loadAnon: number;
}

/** (c): RSS idle and under load of both services, beside Hubot's and alertmanager-irc-relay's from the same run. */
export function memoryRows(services: Readonly<Record<"gateway" | "bot", ServiceRss>>, hubot: { idle: number; load: number } | undefined, relay: RelayRss | { skipped: string }): Row[] {
  const rows: Row[] = (["gateway", "bot"] as const).map((name): Row => {
    const rss = services[name];
    return {
      measure: `(c) ${name} RSS idle / under load`,
      figure: `${num(rss.idle, 1)} / ${num(rss.load, 1)} MiB`,
      detail: `peak of (a) and (b). Anonymous memory (heap, stacks) idle ${num(rss.idleAnon, 1)}, peak ${num(rss.loadAnon, 1)} MiB; the rest is file-backed (node's own code, shared and reclaimable)`,
      target: `≤ ${TARGETS.idleMiB} / ≤ ${TARGETS.loadMiB} MiB`,
      met: rss.idle <= TARGETS.idleMiB && rss.load <= TARGETS.loadMiB,
    };
  });
  if (hubot) rows.push({ measure: "(c) Hubot RSS idle / under load", figure: `${num(hubot.idle, 1)} / ${num(hubot.load, 1)} MiB`, detail: "peak of (a); HTTP and IRC in one process", note: "for comparison" });
  rows.push(
    "skipped" in relay
      ? { measure: "(c) alertmanager-irc-relay RSS idle / under load", figure: "skipped", detail: relay.skipped, note: "for comparison" }
      : {
          measure: "(c) alertmanager-irc-relay RSS idle / under load",
          figure: `${num(relay.idle, 1)} / ${num(relay.peak, 1)} MiB`,
          detail: `Debian's Go relay, one process; the same closed loop with an Alertmanager webhook: ${num(relay.requestsPerSecond)} req/s, ${relay.delivered} PRIVMSGs seen (one alert group each)`,
          note: "for comparison",
        },
  );
  return rows;
}
