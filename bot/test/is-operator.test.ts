import assert from "node:assert/strict";
import { test } from "node:test";
import { isOperator, type Sender } from "../src/commands/is-operator.js";
import { ircLower } from "../src/irc/irc-lower.js";

const alice: Sender = { nick: "Alice", ident: "~alice", hostname: "home.example.org", account: undefined };
const bob: Sender = { nick: "bob[away]", ident: "bob", hostname: "10.0.0.7", account: "BobAccount" };

test("operator entries: nick, mask with wildcards, services account", () => {
  const table: Array<[entries: string[], sender: Sender, expected: boolean]> = [
    [["alice"], alice, true],
    [["ALICE"], alice, true],
    [["alic"], alice, false],
    [["al*"], alice, true],
    [["al?ce"], alice, true],
    [[], alice, false],
    [["alice!~alice@home.example.org"], alice, true],
    [["*!*@home.example.org"], alice, true],
    [["*!*@*.example.org"], alice, true],
    [["*@home.example.org"], alice, true],
    [["alice!*@other.org"], alice, false],
    [["*!alice@*"], alice, false],
    [["a.ice"], alice, false], // "." is not a wildcard
    [["bob{away}"], bob, true], // rfc1459: [] and {} are the same letter
    [["BOB[AWAY]!*@10.0.0.?"], bob, true],
    [["account:bobaccount"], bob, true],
    [["ACCOUNT:BobAccount"], bob, true],
    [["account:alice"], alice, false], // alice is not logged in
    [["account:other"], bob, false],
    [["nobody", "account:bobaccount"], bob, true],
  ];
  for (const [entries, sender, expected] of table) assert.equal(isOperator(entries, sender), expected, `${JSON.stringify(entries)} vs ${sender.nick}`);
});

test("casemapping: ascii keeps brackets distinct", () => {
  assert.equal(isOperator(["bob{away}"], bob, "ascii"), false);
  assert.equal(isOperator(["BOB[AWAY]"], bob, "ascii"), true);
});

test("ircLower", () => {
  assert.equal(ircLower("Nick[]\\~"), "nick{}|^");
  assert.equal(ircLower("Nick[]\\~", "strict-rfc1459"), "nick{}|~");
  assert.equal(ircLower("Nick[]\\~", "ascii"), "nick[]\\~");
  assert.equal(ircLower("ÄB"), "Äb");
});
