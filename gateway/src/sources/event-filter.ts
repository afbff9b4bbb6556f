import { compileGlob, matchesAny } from "./glob.js";
import type { SourceEntry } from "./source-entry.js";
import type { SourceEvent } from "./source-event.js";

/** Why an event is not announced, or undefined when it passes the entry's filters. */
export type EventFilter = (event: SourceEvent) => string | undefined;

/**
 * The entry's filters, compiled once: `events` (names or "name.action"; "defaults" stands
 * for the type's default table), `branches` and `repositories` (globs; events without a branch
 * or repository pass), `labels` include/exclude (globs; events without labels pass).
 */
export function createEventFilter(entry: Pick<SourceEntry, "events" | "branches" | "repositories" | "labels">, defaultEvents: readonly string[]): EventFilter {
  const events = new Set((entry.events ?? ["defaults"]).flatMap((name) => (name === "defaults" ? defaultEvents : [name])));
  const branches = entry.branches?.map(compileGlob);
  const repositories = entry.repositories?.map(compileGlob);
  const include = entry.labels?.include?.map(compileGlob);
  const exclude = entry.labels?.exclude?.map(compileGlob);
  return (event) => {
    const full = event.action === undefined ? event.name : `${event.name}.${event.action}`;
    if (!events.has(event.name) && !events.has(full)) return `event ${full} is not in events`;
    if (branches && event.branch !== undefined && !matchesAny(event.branch, branches)) return `branch ${event.branch} is not in branches`;
    if (repositories && event.repository !== undefined && !matchesAny(event.repository, repositories)) return `repository ${event.repository} is not in repositories`;
    if (event.labels !== undefined) {
      if (include && !event.labels.some((label) => matchesAny(label, include))) return "no label in labels.include";
      const excluded = exclude && event.labels.find((label) => matchesAny(label, exclude));
      if (excluded !== undefined) return `label ${excluded} is in labels.exclude`;
    }
    return undefined;
  };
}
