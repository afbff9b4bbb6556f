/** An irc-framework event payload: untyped JavaScript, read field by field. */
export type Payload = Readonly<Record<string, unknown>>;

export function asPayload(value: unknown): Payload {
  return typeof value === "object" && value !== null ? (value as Payload) : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
