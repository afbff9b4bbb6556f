import type { Item, Rejection } from "./delivery-types.js";

/**
 * Sorts a confirmed batch by the refusals that arrived with its fence: an item named by a
 * labelled refusal (echo confirmation) gets it; otherwise an item whose target was refused
 * gets that refusal (the first for the target is the cause: a 474 before its 404s); the
 * others were delivered.
 */
export function splitRejected(
  batch: readonly Item[],
  rejections: readonly Rejection[],
  targetKey: (target: string) => string,
): { delivered: Item[]; refused: [Item, Rejection][] } {
  const byTarget = new Map<string, Rejection>();
  const byEntry = new Map<string, Rejection>();
  for (const rejection of rejections) {
    const [map, key] = rejection.entryId !== undefined ? [byEntry, rejection.entryId] : [byTarget, targetKey(rejection.target)];
    if (!map.has(key)) map.set(key, rejection);
  }
  const delivered: Item[] = [];
  const refused: [Item, Rejection][] = [];
  for (const item of batch) {
    const rejection = byEntry.get(item.id) ?? byTarget.get(item.key);
    if (rejection === undefined) delivered.push(item);
    else refused.push([item, rejection]);
  }
  return { delivered, refused };
}
