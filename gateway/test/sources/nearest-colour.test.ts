import { test } from "node:test";
import assert from "node:assert/strict";
import { Colour } from "../../src/sources/irc/irc-format.js";
import { nearestColour } from "../../src/sources/irc/nearest-colour.js";

const CASES: ReadonlyArray<readonly [unknown, number | undefined]> = [
  ["good", Colour.green],
  ["warning", Colour.orange],
  ["DANGER", Colour.red],
  ["#D63232", Colour.red],
  ["#2eb886", Colour.green],
  ["#36a64f", Colour.green],
  ["439FE0", Colour.blue],
  ["#daa038", Colour.orange],
  [0x992d22, Colour.maroon],
  ["#808080", Colour.silver],
  ["#333333", Colour.grey],
  ["#000080", Colour.navy],
  [0x57f287, Colour.lime],
  [0xffffff, Colour.white],
  ["#345", Colour.navy],
  ["#f00", Colour.red],
  ["#12345", undefined],
  ["blue-ish", undefined],
  [-1, undefined],
  [undefined, undefined],
];

test("Slack's colour names and hex, and Discord's numbers, take the nearest mIRC colour", () => {
  for (const [value, expected] of CASES) assert.equal(nearestColour(value), expected, String(value));
});
