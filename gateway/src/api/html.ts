const BRAND = Symbol.for("helga.webhooks.html");

/** An HTML response body: the gateway sends it as `text/html; charset=utf-8`. */
export interface Html {
  readonly [BRAND]: true;
  readonly text: string;
  toString(): string;
}

/**
 * Marks text as an HTML page, so the response says `text/html; charset=utf-8`
 * (a plain string goes out as text/plain). `render` returns one.
 *
 * @example
 * export default route("/hello", () => html("<p>Hello ☃</p>"));
 */
export function html(text: string): Html {
  if (typeof text !== "string") throw new TypeError(`html() takes a string, got ${typeof text}`);
  return Object.freeze({ [BRAND]: true as const, text, toString: () => text });
}

/** True for an Html from any copy of this library. */
export function isHtml(value: unknown): value is Html {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
