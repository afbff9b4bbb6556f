/**
 * Text from webhooks becomes the trailing parameter of an IRC line, so nothing in it may
 * end the line or confuse the server: CR, LF and NUL never pass, nor other C0 controls
 * except IRC's formatting codes (bold, colour, reset, reverse, italic, underline).
 */
const LINE_BREAK = /\r\n|\r|\n/;
/** C0 controls minus \x02 \x03 \x0f \x16 \x1d \x1f; \x01 goes too (we add it ourselves for ACTION). */
const FORBIDDEN_CONTROL = /[\x00\x01\x04-\x08\x0a-\x0e\x10-\x15\x17-\x1c\x1e]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of text made safe to send: lone surrogates become U+FFFD, a tab a space, forbidden controls vanish. */
export function sanitizeLine(line: string): string {
  return line.replace(LONE_SURROGATE, "\uFFFD").replace(/\t/g, " ").replace(FORBIDDEN_CONTROL, "");
}

/** Text as IRC lines: each line break starts a new message; lines left empty are dropped. */
export function textToLines(text: string): string[] {
  return text
    .split(LINE_BREAK)
    .map(sanitizeLine)
    .filter((line) => line.length > 0);
}
