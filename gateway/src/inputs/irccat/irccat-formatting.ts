/**
 * irccat's formatting tokens (irccloud/irccat dispatcher/colours.go) as IRC control codes.
 * Written `%BOLD` as irccat documents it, or `%BOLD%` as many scripts do; upper case only,
 * so ordinary text with a per-cent sign stays as it is.
 */
const CODES: Readonly<Record<string, string>> = {
  NORMAL: "\x0f",
  BOLD: "\x02",
  UNDERLINE: "\x1f",
  REVERSE: "\x16",
  WHITE: "\x0300",
  BLACK: "\x0301",
  DBLUE: "\x0302",
  DGREEN: "\x0303",
  RED: "\x0304",
  BROWN: "\x0305",
  PURPLE: "\x0306",
  ORANGE: "\x0307",
  YELLOW: "\x0308",
  GREEN: "\x0309",
  TEAL: "\x0310",
  CYAN: "\x0311",
  BLUE: "\x0312",
  PINK: "\x0313",
  DGRAY: "\x0314",
  GRAY: "\x0315",
};

// Longest names first, so %DGREEN is not read as %D + GREEN… (none clash today, but cheap to keep right).
const TOKEN = new RegExp(`%(${Object.keys(CODES).sort((a, b) => b.length - a.length).join("|")})%?`, "g");

export function irccatFormatting(text: string): string {
  return text.replace(TOKEN, (_, name: string) => CODES[name] ?? "");
}
