import assert from "node:assert/strict";
import { test } from "node:test";
import { alternativeNick } from "../src/irc/registration/alternative-nick.js";

test("alternativeNick: underscores first, then digits within 9 characters", () => {
  assert.equal(alternativeNick("helga", 0), "helga");
  assert.equal(alternativeNick("helga", 1), "helga_");
  assert.equal(alternativeNick("helga", 2), "helga__");
  assert.equal(alternativeNick("helga", 3, () => 0.042), "helga042");
  assert.equal(alternativeNick("longnickname", 7, () => 0.5), "longni500");
});
