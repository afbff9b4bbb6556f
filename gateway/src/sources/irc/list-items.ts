import type { EventItem } from "../core/source-event.js";
import { clean, colour, Colour } from "./irc-format.js";

/** Items shown under a header line; the rest are counted ("… and 37 more"), never flooded. */
export const LISTED_ITEMS = 2;

/**
 * Up to LISTED_ITEMS indented lines for a push's commits or an alert group's alerts;
 * the last one ends with "… and N more" when `total` (default: the items given) is larger.
 */
export function listItems(items: readonly EventItem[], total = items.length): string[] {
  const shown = items.slice(0, LISTED_ITEMS).map(({ id, text }) => `  ${id ? `${colour(clean(id, 40), Colour.grey)} ` : ""}${clean(text)}`);
  const more = total - shown.length;
  if (more > 0 && shown.length > 0) shown[shown.length - 1] += ` … and ${more} more`;
  return shown;
}
