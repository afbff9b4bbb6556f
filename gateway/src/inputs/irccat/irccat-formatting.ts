import { Colour, colourStart, IrcCode } from "../../sources/irc/irc-format.js";

/**
 * irccat's formatting tokens (irccloud/irccat dispatcher/colours.go) as IRC control codes.
 * Written `%BOLD` as irccat documents it, or `%BOLD%` as many scripts do; upper case only,
 * so ordinary text with a per-cent sign stays as it is.
 */
const CODES: Readonly<Record<string, string>> = {
  NORMAL: IrcCode.reset,
  BOLD: IrcCode.bold,
  UNDERLINE: IrcCode.underline,
  REVERSE: IrcCode.reverse,
  WHITE: colourStart(Colour.white),
  BLACK: colourStart(Colour.black),
  DBLUE: colourStart(Colour.navy),
  DGREEN: colourStart(Colour.green),
  RED: colourStart(Colour.red),
  BROWN: colourStart(Colour.maroon),
  PURPLE: colourStart(Colour.purple),
  ORANGE: colourStart(Colour.orange),
  YELLOW: colourStart(Colour.yellow),
  GREEN: colourStart(Colour.lime),
  TEAL: colourStart(Colour.teal),
  CYAN: colourStart(Colour.cyan),
  BLUE: colourStart(Colour.blue),
  PINK: colourStart(Colour.pink),
  DGRAY: colourStart(Colour.grey),
  GRAY: colourStart(Colour.silver),
};

// Longest names first, so %DGREEN is not read as %D + GREEN… (none clash today, but cheap to keep right).
const TOKEN = new RegExp(`%(${Object.keys(CODES).sort((a, b) => b.length - a.length).join("|")})%?`, "g");

export function irccatFormatting(text: string): string {
  return text.replace(TOKEN, (_, name: string) => CODES[name] ?? "");
}
