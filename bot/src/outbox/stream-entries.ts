/** One stream entry as XREADGROUP returns it; `fields` is null when the entry was deleted while pending. */
export interface StreamEntry {
  readonly id: string;
  readonly fields: readonly string[] | null;
}

/**
 * Parses an XREADGROUP reply for a single stream: `[[stream, [[id, [k, v, …] | null], …]]]`
 * or null when the BLOCK timed out.
 */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (reply === null) return [];
  if (!Array.isArray(reply)) throw new TypeError("unexpected XREADGROUP reply");
  return reply.flatMap((stream: unknown) => {
    if (!Array.isArray(stream) || !Array.isArray(stream[1])) throw new TypeError("unexpected XREADGROUP stream");
    return (stream[1] as unknown[]).map(parseEntry);
  });
}

function parseEntry(entry: unknown): StreamEntry {
  if (!Array.isArray(entry) || typeof entry[0] !== "string") throw new TypeError("unexpected stream entry");
  const fields: unknown = entry[1];
  if (fields === null || fields === undefined) return { id: entry[0], fields: null };
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === "string")) throw new TypeError("unexpected stream entry fields");
  return { id: entry[0], fields };
}

/** The value of `name` in a flat `[k, v, k, v]` field list. */
export function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** Delivery count of a pending entry from `XPENDING key group id id 1`; 0 when it is not pending. */
export function parseDeliveryCount(reply: unknown): number {
  if (!Array.isArray(reply) || reply.length === 0) return 0;
  const row: unknown = reply[0];
  return Array.isArray(row) && typeof row[3] === "number" ? row[3] : 0;
}
