import { compileGlob, matchesAny } from "./glob.js";
import type { SourceEntry } from "../loading/source-entry.js";
import type { SourceEvent } from "./source-event.js";

/** Why an event is not announced, or undefined when it passes the entry's filters. */
export type EventFilter = (event: SourceEvent) => string | undefined;

/**
 * The entry's filters, compiled once: `events` (names or "name.action"; "defaults" stands
 * for the type's default table), `branches` and `repositories` (globs, or a map whose globs
 * pick channels; events without a branch or repository pass), `labels` include/exclude
 * (globs; events without labels pass).
 */
export function createEventFilter(entry: Pick<SourceEntry, "events" | "branches" | "repositories" | "labels">, defaultEvents: readonly string[]): EventFilter {
  const events = new Set((entry.events ?? ["defaults"]).flatMap((name) => (name === "defaults" ? defaultEvents : [name])));
  const branches = entry.branches?.map(compileGlob);
  const repositories = entry.repositories === undefined ? undefined : repositoryGlobs(entry.repositories).map(compileGlob);
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

/** The globs of `repositories:`, a list or the keys of a map. */
function repositoryGlobs(repositories: NonNullable<SourceEntry["repositories"]>): string[] {
  return Array.isArray(repositories) ? repositories : Object.keys(repositories);
}

/**
 * Where an event is said: with `repositories:` as a map, the channels of the first glob its
 * repository matches (organisation hooks: one repository per channel); else `channels`.
 */
export function createChannelRouter(entry: Pick<SourceEntry, "channels" | "repositories">): (event: SourceEvent) => readonly string[] {
  const { repositories } = entry;
  if (repositories === undefined || Array.isArray(repositories)) return () => entry.channels;
  const routes = Object.entries(repositories).map(([glob, channels]) => ({ glob: compileGlob(glob), channels }));
  return (event) => (event.repository === undefined ? undefined : routes.find(({ glob }) => glob.test(event.repository ?? ""))?.channels) ?? entry.channels;
}
