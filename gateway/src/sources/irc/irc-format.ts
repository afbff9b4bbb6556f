/** mIRC formatting for one-line announcements. */

export const Colour = { navy: 2, green: 3, red: 4, purple: 6, orange: 7, teal: 10, pink: 13, grey: 14, silver: 15 } as const;

/** Text in an mIRC colour (\x03NN … \x03). */
export function colour(text: string, code: number): string {
  return `\x03${String(code).padStart(2, "0")}${text}\x03`;
}

/**
 * Sender-supplied text made safe for one IRC line: first line only, control characters
 * (including the sender's own colour codes) removed, cut to `max` characters with "…".
 */
export function clean(text: string, max = 80): string {
  const line = (text.split(/\r?\n/, 1)[0] ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join("").trimEnd()}…` : line;
}
