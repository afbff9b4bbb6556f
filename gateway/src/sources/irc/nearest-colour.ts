import { colour, Colour } from "./irc-format.js";

/** Slack's named attachment colours. */
const NAMED: Readonly<Record<string, number>> = { good: Colour.green, warning: Colour.orange, danger: Colour.red };

/** Hue ranges (degrees, up to the bound) → the mIRC colour for a dark and for a light shade, and where light starts. */
const HUES: ReadonlyArray<readonly [number, number, number, number]> = [
  [15, Colour.maroon, Colour.red, 0.4],
  [45, Colour.orange, Colour.orange, 0],
  [70, Colour.yellow, Colour.yellow, 0],
  [165, Colour.green, Colour.lime, 0.55],
  [200, Colour.teal, Colour.cyan, 0.45],
  [255, Colour.navy, Colour.blue, 0.35],
  [290, Colour.purple, Colour.pink, 0.45],
  [345, Colour.purple, Colour.pink, 0.35],
  [360, Colour.maroon, Colour.red, 0.4],
];

/**
 * The mIRC colour nearest to a Slack `color` ("good", "warning", "danger", "#36a64f", "36a64f", "#345")
 * or a Discord embed colour (a number); undefined when it is neither. Judged by hue, then
 * shade: mIRC has few colours, and distance in RGB sends bright greens to grey.
 */
export function nearestColour(value: unknown): number | undefined {
  if (typeof value === "string" && NAMED[value.toLowerCase()] !== undefined) return NAMED[value.toLowerCase()];
  const hex = typeof value === "string" ? /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value)?.[1] : undefined;
  const rgb = typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffff ? value : hex ? Number.parseInt(hex.length === 3 ? hex.replace(/./g, "$&$&") : hex, 16) : undefined;
  if (rgb === undefined) return undefined;
  const [r, g, b] = [((rgb >> 16) & 255) / 255, ((rgb >> 8) & 255) / 255, (rgb & 255) / 255];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  const saturation = max === min ? 0 : (max - min) / (1 - Math.abs(2 * lightness - 1));
  if (saturation < 0.2 || lightness < 0.1 || lightness > 0.95) return lightness < 0.1 ? Colour.black : lightness < 0.45 ? Colour.grey : lightness < 0.9 ? Colour.silver : Colour.white;
  const hue = max === r ? (60 * ((g - b) / (max - min)) + 360) % 360 : max === g ? 60 * ((b - r) / (max - min)) + 120 : 60 * ((r - g) / (max - min)) + 240;
  const [, dark, light, from] = HUES.find(([bound]) => hue < bound) ?? HUES[0] ?? [0, Colour.grey, Colour.grey, 0];
  return lightness >= from ? light : dark;
}

/** Drawn before a Slack attachment's or Discord embed's first line in its colour, as they draw a bar beside it. */
const MARKER = "▌";

/** The text behind a marker in the nearest IRC colour to `value`; the text alone when `value` is no colour. */
export function withColourMarker(value: unknown, text: string): string {
  const code = nearestColour(value);
  return code === undefined ? text : `${colour(MARKER, code)} ${text}`;
}
