import { test } from "node:test";
import assert from "node:assert/strict";
import { chatLines, DEFAULT_MAX_LINES } from "../../src/sources/chat/chat-lines.js";

test("each line of text is one IRC line; CR, LF and CR LF all end a line; blank lines are dropped", () => {
  assert.deepEqual(chatLines("one\r\ntwo\rthree\n\n  \nfour"), ["one", "two", "three", "four"]);
});

test("NUL and other control characters are removed; IRC formatting stays", () => {
  assert.deepEqual(chatLines("a\u0000b\u0007c \x02bold\x02\tend"), ["abc \x02bold\x02 end"]);
  assert.deepEqual(chatLines("\x02\x02\n\x0304\x03\nx"), ["x"], "a line of formatting only is blank");
  assert.deepEqual(chatLines("42\n0"), ["42", "0"], "digits are text");
});

test(`at most max_lines (default ${DEFAULT_MAX_LINES}), the last saying how many more`, () => {
  const text = Array.from({ length: 9 }, (_, i) => `line ${i + 1}`).join("\n");
  assert.deepEqual(chatLines(text), ["line 1", "line 2", "line 3", "line 4", "line 5 … and 4 more lines"]);
  assert.deepEqual(chatLines(text, 8), ["line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8 … and 1 more line"]);
  assert.equal(chatLines(text, 9).length, 9);
});

test("a long line is split at IRC's limit, at a space, never inside a character", () => {
  const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
  const lines = chatLines(words, 10);
  assert.ok(lines.length > 1);
  for (const line of lines) assert.ok(Buffer.byteLength(line) <= 350, `${Buffer.byteLength(line)} bytes`);
  assert.equal(lines.join(" "), words, "nothing lost, split at spaces");
  const snowmen = chatLines("☃".repeat(400), 10);
  assert.equal(snowmen.join(""), "☃".repeat(400));
  for (const line of snowmen) assert.ok(Buffer.byteLength(line) <= 350 && !line.includes("\uFFFD"));
});
