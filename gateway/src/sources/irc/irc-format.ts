/**
 * IRC formatting: the control codes every IRC-facing text shares (sources, Slack and Discord
 * markup, the irccat input's %BOLD% tokens), mIRC colours, and making sender text one safe line.
 */

/** The formatting control codes IRC clients understand (mIRC and the IRCv3 formatting list). */
export const IrcCode = {
  bold: "\x02",
  colour: "\x03",
  reset: "\x0f",
  monospace: "\x11",
  italic: "\x1d",
  strikethrough: "\x1e",
  underline: "\x1f",
  reverse: "\x16",
} as const;

/** The mIRC colour numbers the announcements use. */
export const Colour = { white: 0, black: 1, navy: 2, green: 3, red: 4, maroon: 5, purple: 6, orange: 7, yellow: 8, lime: 9, teal: 10, cyan: 11, blue: 12, pink: 13, grey: 14, silver: 15 } as const;

/** The code that starts an mIRC colour, always two digits so a digit after it stays text. */
export function colourStart(code: number): string {
  return `${IrcCode.colour}${String(code).padStart(2, "0")}`;
}

/** Text in an mIRC colour (\x03NN … \x03). */
export function colour(text: string, code: number): string {
  return `${colourStart(code)}${text}${IrcCode.colour}`;
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
