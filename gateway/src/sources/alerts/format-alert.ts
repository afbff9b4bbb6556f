import { clean, colour, Colour } from "../irc/irc-format.js";
import { listItems } from "../irc/list-items.js";
import type { SourceEvent } from "../core/source-event.js";

const SEVERITY: Readonly<Record<string, number>> = { critical: Colour.red, error: Colour.red, warning: Colour.orange, info: Colour.teal };

/**
 * One alert group: "[FIRING:3] HighLatency (critical) summary url", then, for several
 * alerts, up to two of them and "… and N more". Resolved groups are green.
 */
export function formatAlert(event: SourceEvent): string[] {
  const firing = event.action === "firing";
  const items = event.items ?? [];
  const count = event.total ?? items.length;
  const status = colour(`${firing ? "FIRING" : "RESOLVED"}:${count}`, firing ? Colour.red : Colour.green);
  const severity = event.severity ? colour(clean(event.severity, 20), SEVERITY[event.severity.toLowerCase()] ?? Colour.grey) : undefined;
  const summary = event.detail ? clean(event.detail, 160) : undefined;
  const head = [`[${status}]`, clean(event.title ?? "alert", 80), severity ? `(${severity})` : undefined, summary, event.url ? colour(event.url.replace(/\s/g, ""), Colour.navy) : undefined]
    .filter(Boolean)
    .join(" ");
  return count > 1 ? [head, ...listItems(items, count)] : [head];
}
