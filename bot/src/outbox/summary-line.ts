import type { OutboxCommand } from "@helga/shared";
import type { Item } from "./delivery-types.js";

/**
 * Folds `item` into the summary at the tail of its target's queue; when the tail is not a
 * summary, returns a new one (holding `item`) for the caller to queue.
 */
export function foldIntoSummary(tail: Item | undefined, item: Item): Item | undefined {
  if (tail !== undefined && tail.folded.length > 0) {
    tail.folded.push(item);
    return undefined;
  }
  return { ...item, folded: [item] };
}

/** The ids a queued item stands for: a summary's folded entries, or its own. */
export function idsOf(item: Item): string[] {
  return item.folded.length > 0 ? item.folded.map((entry) => entry.id) : [item.id];
}

/** "… and 57 more from github, jenkins" as a message to the summary's target. */
export function summaryCommand(summary: Item): OutboxCommand {
  const webhooks = [...new Set(summary.folded.flatMap((entry) => (entry.command.webhook ? [entry.command.webhook] : [])))];
  const from = webhooks.length > 0 ? ` from ${webhooks.join(", ")}` : "";
  const first = summary.folded[0] ?? summary;
  return { op: "msg", target: summary.target, text: `… and ${summary.folded.length} more${from}`, requestId: `summary:${first.id}`, queuedAt: first.command.queuedAt };
}
