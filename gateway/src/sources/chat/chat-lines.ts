/** How many IRC lines one chat message may take when the entry does not say (`max_lines`). */
export const DEFAULT_MAX_LINES = 5;

/**
 * Text bytes per IRC line: 512, less the server's prefix, "PRIVMSG <channel> :" and CR LF,
 * with room for a long channel name, so the bot never has to split a line again.
 */
const LINE_BYTES = 350;

/** Control characters other than IRC's formatting codes (bold, colour, reset, monospace, italic, strike, underline). */
const CONTROL = /[\u0000\u0001\u0004-\u000e\u0010\u0012-\u001c\u007f]/g;

/**
 * A formatted chat message → IRC lines: one per line of text (CR, LF and CR LF all end a
 * line, so none of them can start a second IRC command), blank lines dropped, other control
 * characters removed, long lines wrapped at IRC's limit, and at most `maxLines`, the last
 * ending "… and N more lines".
 */
export function chatLines(text: string, maxLines = DEFAULT_MAX_LINES): string[] {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\t/g, " ").replace(CONTROL, "").trimEnd())
    .filter((line) => line.replace(/\u0003(\d{1,2}(,\d{1,2})?)?|[\u0002\u000f\u0011\u001d-\u001f]/g, "").trim() !== "")
    .flatMap((line) => wrap(line, LINE_BYTES));
  if (lines.length <= maxLines) return lines;
  const shown = lines.slice(0, maxLines);
  const more = lines.length - maxLines;
  shown[maxLines - 1] += ` … and ${more} more line${more === 1 ? "" : "s"}`;
  return shown;
}

/** Splits a line into pieces of at most `bytes` UTF-8 bytes, at a space when there is one, never inside a character. */
function wrap(line: string, bytes: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > bytes) {
    let cut = 0;
    let size = 0;
    for (const char of rest) {
      size += Buffer.byteLength(char);
      if (size > bytes) break;
      cut += char.length;
    }
    const space = rest.lastIndexOf(" ", cut);
    const at = space > cut / 2 ? space : cut;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  return rest === "" ? pieces : [...pieces, rest];
}
