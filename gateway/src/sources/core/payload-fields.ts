/** Reading fields out of an untrusted JSON payload; a missing required field is a MalformedPayload. */

export class MalformedPayload extends Error {
  override name = "MalformedPayload";
}

/** The value at a dotted path ("repository.name"), or undefined. */
export function field(payload: unknown, path: string): unknown {
  let value = payload;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function text(payload: unknown, path: string): string {
  const value = field(payload, path);
  if (typeof value !== "string") throw new MalformedPayload(`${path} is missing or not text`);
  return value;
}

export function optionalText(payload: unknown, path: string): string | undefined {
  const value = field(payload, path);
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function list(payload: unknown, path: string): readonly unknown[] {
  const value = field(payload, path) ?? [];
  if (!Array.isArray(value)) throw new MalformedPayload(`${path} is not a list`);
  return value;
}

export function optionalNumber(payload: unknown, path: string): number | undefined {
  const value = field(payload, path);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The string values of an object of labels or annotations (Alertmanager's `labels`), or {}. */
export function stringRecord(payload: unknown, path: string): Readonly<Record<string, string>> {
  const value = field(payload, path);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The first line of a text, trimmed; undefined when there is none. */
export function firstLine(value: string | undefined): string | undefined {
  return value?.split(/\r?\n/, 1)[0]?.trim() || undefined;
}
