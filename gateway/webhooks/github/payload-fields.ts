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
