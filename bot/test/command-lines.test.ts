import assert from "node:assert/strict";
import { test } from "node:test";
import type { OutboxCommand } from "@helga/shared";
import { chatLines, commandLines, IRC_LINE_BYTES, SERVER_PREFIX_BYTES, UnsendableCommandError } from "../src/lines/command-lines.js";
import { sanitizeLine, textToLines } from "../src/lines/sanitize-text.js";
import { splitUtf8 } from "../src/lines/split-utf8.js";

const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const meta = { requestId: "r1", queuedAt: 0 };

test("textToLines: every line break starts a new message, empty lines go", () => {
  const table: Array<[string, string[]]> = [
    ["hello", ["hello"]],
    ["a\r\nb", ["a", "b"]],
    ["a\rb\nc", ["a", "b", "c"]],
    ["a\n\n\r\nb\n", ["a", "b"]],
    ["\r\n", []],
    ["", []],
    ["x\r\nQUIT :bye", ["x", "QUIT :bye"]],
    ["\x00\n\x00", []],
  ];
  for (const [input, expected] of table) assert.deepEqual(textToLines(input), expected, JSON.stringify(input));
});

test("sanitizeLine: strips NUL and C0 controls, keeps IRC formatting, repairs lone surrogates", () => {
  const table: Array<[string, string]> = [
    ["a\x00b", "ab"],
    ["\x01ACTION evil\x01", "ACTION evil"],
    ["\x02bold\x02 \x0312,4colour\x03 \x0freset \x16rev \x1ditalic \x1funder", "\x02bold\x02 \x0312,4colour\x03 \x0freset \x16rev \x1ditalic \x1funder"],
    ["bell\x07 esc\x1b[31m", "bell esc[31m"],
    ["tab\there", "tab here"],
    ["lone \uD83D high", "lone \uFFFD high"],
    ["lone \uDE00 low", "lone \uFFFD low"],
    ["pair \uD83D\uDE00 ok", "pair 😀 ok"],
    ["☃ ünïcødé ✓", "☃ ünïcødé ✓"],
  ];
  for (const [input, expected] of table) assert.equal(sanitizeLine(input), expected, JSON.stringify(input));
});

test("splitUtf8: chunks fit, never split a character, and join back to the input", () => {
  const cases = [
    "a".repeat(1000),
    "é".repeat(1000),
    "😀".repeat(300),
    `${"a".repeat(99)}😀${"b".repeat(50)}`,
    `${"a".repeat(98)}é😀é${"b".repeat(50)}`,
    "word ".repeat(200),
    "👩‍👩‍👧‍👦 family ".repeat(40),
  ];
  for (const text of cases) {
    for (const max of [4, 7, 100, 401]) {
      const chunks = splitUtf8(text, max);
      assert.equal(chunks.join(""), text);
      for (const chunk of chunks) {
        assert.ok(bytes(chunk) <= max, `chunk of ${bytes(chunk)} bytes > ${max}`);
        assert.ok(chunk.length > 0);
        assert.ok(!/[\uD800-\uDBFF]$/.test(chunk) && !/^[\uDC00-\uDFFF]/.test(chunk), "surrogate pair split");
      }
    }
  }
});

test("splitUtf8: prefers a space in the second half of a chunk", () => {
  assert.deepEqual(splitUtf8("hello wonderful world", 12), ["hello ", "wonderful ", "world"]);
  assert.deepEqual(splitUtf8("a bcdefghijkl", 6), ["a bcde", "fghijk", "l"]);
});

test("chatLines: a 1000-byte line with multi-byte characters splits within 512 bytes with the server prefix", () => {
  const text = `${"ü".repeat(180)}😀${"x".repeat(300)}☃`;
  for (const kind of ["msg", "me", "notice"] as const) {
    const lines = chatLines(kind, "#chan", text);
    assert.ok(lines.length >= 2);
    for (const line of lines) {
      assert.ok(bytes(line) + 2 + SERVER_PREFIX_BYTES <= IRC_LINE_BYTES, `${bytes(line)} bytes`);
      assert.ok(!line.includes("\uFFFD"), "a character was broken");
    }
    const texts = lines.map((line) => line.slice(line.indexOf(" :") + 2));
    if (kind === "me") {
      for (const t of texts) assert.match(t, /^\x01ACTION .*\x01$/su);
      assert.equal(texts.map((t) => t.slice(8, -1)).join(""), text);
    } else {
      assert.equal(texts.join(""), text);
    }
  }
});

test("commandLines: builds each command's raw lines", () => {
  const table: Array<[OutboxCommand, string[]]> = [
    [{ op: "msg", target: "#chan", text: "hi", ...meta }, ["PRIVMSG #chan :hi"]],
    [{ op: "msg", target: "alice", text: "a\nb", ...meta }, ["PRIVMSG alice :a", "PRIVMSG alice :b"]],
    [{ op: "me", target: "#chan", text: "waves\r\nagain", ...meta }, ["PRIVMSG #chan :\x01ACTION waves\x01", "PRIVMSG #chan :\x01ACTION again\x01"]],
    [{ op: "notice", target: "#chan", text: "\x00x\r\nNICK evil", ...meta }, ["NOTICE #chan :x", "NOTICE #chan :NICK evil"]],
    [{ op: "msg", target: "#chan", text: "\n\n", ...meta }, []],
    [{ op: "join", channel: "#a", ...meta }, ["JOIN #a"]],
    [{ op: "join", channel: "#a", key: "sekrit", ...meta }, ["JOIN #a sekrit"]],
    [{ op: "leave", channel: "#a", ...meta }, ["PART #a"]],
    [{ op: "leave", channel: "#a", reason: "bye\r\nQUIT :x", ...meta }, ["PART #a :bye QUIT :x"]],
  ];
  for (const [command, expected] of table) assert.deepEqual(commandLines(command), expected, JSON.stringify(command));
});

test("commandLines: refuses what can never be sent", () => {
  const bad: OutboxCommand[] = [
    { op: "msg", target: "#a,#b", text: "x", ...meta },
    { op: "msg", target: "nick QUIT", text: "x", ...meta },
    { op: "msg", target: "#a\r\nQUIT", text: "x", ...meta },
    { op: "join", channel: "#a", key: "two words", ...meta },
    { op: "msg", target: `#${"😀".repeat(150)}`, text: "x", ...meta },
  ];
  for (const command of bad) assert.throws(() => commandLines(command), UnsendableCommandError, JSON.stringify(command));
});
