import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCommand, type ParsedCommand } from "../src/commands/parse-command.js";

test("parseCommand recognizes helga's forms", () => {
  const table: Array<[text: string, isPrivate: boolean, expected: ParsedCommand | undefined]> = [
    ["!webhooks stop", false, { sub: "stop" }],
    ["!webhooks start", false, { sub: "start" }],
    ["!webhooks", false, { sub: "routes" }],
    ["!WEBHOOKS Routes", false, { sub: "routes" }],
    ["  !webhooks   status  extra words", false, { sub: "status" }],
    ["!webhooks reload", false, { sub: "reload" }],
    ["!webhooks frobnicate", false, { sub: "unknown", word: "frobnicate" }],
    ["helga: webhooks stop", false, { sub: "stop" }],
    ["helga, webhooks start", false, { sub: "start" }],
    ["helga webhooks", false, { sub: "routes" }],
    ["HELGA: webhooks status", false, { sub: "status" }],
    ["helga:webhooks stop", false, undefined],
    ["olga: webhooks stop", false, undefined],
    ["webhooks stop", false, undefined],
    ["webhooks stop", true, { sub: "stop" }],
    ["helga: webhooks stop", true, { sub: "stop" }],
    ["!webhooksstop", false, undefined],
    ["say !webhooks stop", false, undefined],
    ["", false, undefined],
    ["helga:", false, undefined],
  ];
  for (const [text, isPrivate, expected] of table) assert.deepEqual(parseCommand(text, "helga", isPrivate), expected, `${JSON.stringify(text)} private=${isPrivate}`);
});

test("parseCommand compares our nick the way IRC does", () => {
  assert.deepEqual(parseCommand("Bot{1}: webhooks stop", "bot[1]", false), { sub: "stop" });
  assert.equal(parseCommand("Bot{1}: webhooks stop", "bot[1]", false, "ascii"), undefined);
});
